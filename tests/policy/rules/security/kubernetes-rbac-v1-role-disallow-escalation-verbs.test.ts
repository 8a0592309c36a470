import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesRbacV1RoleDisallowEscalationVerbs as policy } from "../../../../policy/rules/security/kubernetes-rbac-v1-role-disallow-escalation-verbs";
import { messages } from "../../../helpers/policy";
import { cannotRun, hardenedDeployment } from "./fixtures";
import { bindingOf, readerRules, ROLE_TYPES, roleOf, roleWith } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const RBAC = "rbac.authorization.k8s.io";
const AUTHN = "authentication.k8s.io";
const grant = (apiGroups: string[], resources: string[], verbs: string[]) => ({ apiGroups, resources, verbs });

describe("kubernetes-rbac-v1-role-disallow-escalation-verbs", () => {
    it.each(ROLE_TYPES)("passes a %s that reads and records events", async (_kind, type) => {
        expect(await messages(policy, [roleOf(type)])).toEqual([]);
    });

    it("ignores bindings and workloads", async () => {
        expect(await messages(policy, [bindingOf(K8sType.clusterRoleBinding), hardenedDeployment()])).toEqual([]);
    });

    it("passes a role that creates Roles and RoleBindings, which the escalation check still guards", async () => {
        const role = roleWith(K8sType.role, grant([RBAC], ["roles", "rolebindings"], ["get", "create", "update"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it.each(ROLE_TYPES)("flags a %s granting escalate on roles", async (_kind, type) => {
        expect(await messages(policy, [roleWith(type, grant([RBAC], ["roles"], ["escalate"]))])).toEqual([
            "rules[0] grants escalate on roles",
        ]);
    });

    it("flags bind on clusterroles, even for one named role", async () => {
        const role = roleWith(K8sType.clusterRole, {
            ...grant([RBAC], ["clusterroles"], ["bind"]),
            resourceNames: ["cluster-admin"],
        });
        expect(await messages(policy, [role])).toEqual(["rules[0] grants bind on clusterroles"]);
    });

    it("flags a verb wildcard on roles and clusterroles as both escalate and bind", async () => {
        const role = roleWith(K8sType.clusterRole, grant([RBAC], ["roles", "clusterroles"], ["*"]));
        expect(await messages(policy, [role])).toEqual([
            "rules[0] grants escalate on roles, clusterroles; bind on roles, clusterroles",
        ]);
    });

    it("passes escalate on roles of another API group", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, grant(["acme.io"], ["roles"], ["escalate"]))])).toEqual(
            [],
        );
    });

    it.each(["users", "groups", "serviceaccounts"])("flags impersonate on %s in the core group", async (resource) => {
        expect(
            await messages(policy, [roleWith(K8sType.clusterRole, grant([""], [resource], ["impersonate"]))]),
        ).toEqual([`rules[0] grants impersonate on ${resource}`]);
    });

    it("flags impersonate on uids in authentication.k8s.io", async () => {
        expect(
            await messages(policy, [roleWith(K8sType.clusterRole, grant([AUTHN], ["uids"], ["impersonate"]))]),
        ).toEqual(["rules[0] grants impersonate on uids"]);
    });

    it("passes impersonate on uids or users in the wrong API group, which grants nothing", async () => {
        const role = roleOf(K8sType.clusterRole, [
            grant([""], ["uids", "userextras/scopes"], ["impersonate"]),
            grant([AUTHN], ["users"], ["impersonate"]),
        ]);
        expect(await messages(policy, [role])).toEqual([]);
    });

    it.each(["userextras/scopes", "*/scopes"])("flags impersonate on user extras through %s", async (resource) => {
        const role = roleWith(K8sType.clusterRole, grant([AUTHN], [resource], ["impersonate"]));
        expect(await messages(policy, [role])).toEqual(["rules[0] grants impersonate on userextras"]);
    });

    it("passes impersonate on a bare userextras resource, which names no extra key", async () => {
        const role = roleWith(K8sType.clusterRole, grant([AUTHN], ["userextras"], ["impersonate"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("passes other verbs on users and groups", async () => {
        const role = roleWith(K8sType.clusterRole, grant([""], ["users", "groups"], ["get", "list"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("flags a rule of all wildcards with every grant in one message", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, grant(["*"], ["*"], ["*"]))])).toEqual([
            "rules[0] grants escalate on roles, clusterroles; bind on roles, clusterroles; " +
                "impersonate on users, groups, serviceaccounts, uids, userextras",
        ]);
    });

    it("reports each offending rule by its index", async () => {
        const role = roleOf(K8sType.clusterRole, [...readerRules(), grant([""], ["users"], ["impersonate"])]);
        expect(await messages(policy, [role])).toEqual(["rules[3] grants impersonate on users"]);
    });

    it("compares verbs case-sensitively, as the API server does", async () => {
        const role = roleWith(K8sType.clusterRole, grant([RBAC], ["clusterroles"], ["Bind", "ESCALATE"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("reports that it cannot run when an API group is unknown at preview", async () => {
        const role = roleWith(K8sType.role, grant([PREVIEW_UNKNOWN], ["roles"], ["bind"]));
        expect(await messages(policy, [role])).toEqual([cannotRun("rules.0.apiGroups.0")]);
    });
});
