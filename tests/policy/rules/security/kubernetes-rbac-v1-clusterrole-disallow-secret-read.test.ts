import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesRbacV1ClusterroleDisallowSecretRead as policy } from "../../../../policy/rules/security/kubernetes-rbac-v1-clusterrole-disallow-secret-read";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeProps } from "./fixtures";
import { bindingOf, readerRules, roleOf, roleWith } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const readSecrets = (verbs: string[], apiGroups = [""], resources = ["secrets"]) => ({ apiGroups, resources, verbs });

describe("kubernetes-rbac-v1-clusterrole-disallow-secret-read", () => {
    it("passes a ClusterRole that reads ConfigMaps and pods", async () => {
        expect(await messages(policy, [roleOf(K8sType.clusterRole)])).toEqual([]);
    });

    it("passes a namespaced Role that reads its own namespace's Secrets", async () => {
        const role = roleWith(K8sType.role, readSecrets(["get", "list", "watch"]));
        expect(await messages(policy, [role, bindingOf(K8sType.roleBinding)])).toEqual([]);
    });

    it.each(["get", "list", "watch"])("flags a ClusterRole granting %s on secrets", async (verb) => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, readSecrets([verb]))])).toEqual([
            `rules[0] grants ${verb} on secrets`,
        ]);
    });

    it("names every read verb of a rule in one message, ignoring writes", async () => {
        const role = roleWith(K8sType.clusterRole, readSecrets(["create", "watch", "get", "list", "delete"]));
        expect(await messages(policy, [role])).toEqual(["rules[0] grants get, list, watch on secrets"]);
    });

    it("passes a ClusterRole that only writes Secrets, as cert-manager's issuers do", async () => {
        const role = roleWith(K8sType.clusterRole, readSecrets(["create", "update", "delete"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("flags a verb wildcard on secrets as every read", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, readSecrets(["*"]))])).toEqual([
            "rules[0] grants get, list, watch on secrets",
        ]);
    });

    it("flags a resource wildcard in the core group, which includes secrets", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, readSecrets(["list"], [""], ["*"]))])).toEqual([
            "rules[0] grants list on secrets",
        ]);
    });

    it("flags an API group wildcard, which includes the core group", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, readSecrets(["get"], ["*"]))])).toEqual([
            "rules[0] grants get on secrets",
        ]);
    });

    it("passes a resource wildcard in another API group", async () => {
        const role = roleWith(K8sType.clusterRole, readSecrets(["get"], ["apps"], ["*"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("passes a ClusterRole limited to named Secrets by resourceNames", async () => {
        const role = roleWith(K8sType.clusterRole, { ...readSecrets(["get", "watch"]), resourceNames: ["ca-bundle"] });
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("flags an empty resourceNames list, which names no limit", async () => {
        const role = roleWith(K8sType.clusterRole, { ...readSecrets(["get"]), resourceNames: [] });
        expect(await messages(policy, [role])).toEqual(["rules[0] grants get on secrets"]);
    });

    it("compares resource names case-sensitively, as the API server does", async () => {
        const role = roleWith(K8sType.clusterRole, readSecrets(["get"], [""], ["Secrets"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("reports each offending rule by its index", async () => {
        const role = roleOf(K8sType.clusterRole, [...readerRules(), readSecrets(["get"])]);
        expect(await messages(policy, [role])).toEqual(["rules[3] grants get on secrets"]);
    });

    it("judges only the declared rules of an aggregated ClusterRole", async () => {
        const role = changeProps(roleWith(K8sType.clusterRole, readSecrets(["list"])), (props) => {
            props.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { "acme.io/aggregate-to-ops": "true" } }] };
        });
        expect(await messages(policy, [role])).toEqual(["rules[0] grants list on secrets"]);
    });

    it("reports that it cannot run when resourceNames are unknown at preview", async () => {
        const role = roleWith(K8sType.clusterRole, { ...readSecrets(["get"]), resourceNames: PREVIEW_UNKNOWN });
        expect(await messages(policy, [role])).toEqual([cannotRun("rules.0.resourceNames")]);
    });
});
