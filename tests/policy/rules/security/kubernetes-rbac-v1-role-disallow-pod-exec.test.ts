import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesRbacV1RoleDisallowPodExec as policy } from "../../../../policy/rules/security/kubernetes-rbac-v1-role-disallow-pod-exec";
import { messages } from "../../../helpers/policy";
import { cannotRun, hardenedDeployment } from "./fixtures";
import { bindingOf, readerRules, ROLE_TYPES, roleOf, roleWith } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const core = (resources: string[], verbs: string[]) => ({ apiGroups: [""], resources, verbs });

describe("kubernetes-rbac-v1-role-disallow-pod-exec", () => {
    it.each(ROLE_TYPES)("passes a %s that reads pods and their logs", async (_kind, type) => {
        expect(await messages(policy, [roleOf(type)])).toEqual([]);
    });

    it("ignores bindings and workloads", async () => {
        expect(await messages(policy, [bindingOf(K8sType.roleBinding), hardenedDeployment()])).toEqual([]);
    });

    it.each(ROLE_TYPES)("flags a %s granting create on pods/exec", async (_kind, type) => {
        expect(await messages(policy, [roleWith(type, core(["pods/exec"], ["create"]))])).toEqual([
            "rules[0] grants pods/exec (create)",
        ]);
    });

    it("flags get on pods/attach, which a WebSocket upgrade is authorized by", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, core(["pods/attach"], ["get"]))])).toEqual([
            "rules[0] grants pods/attach (get)",
        ]);
    });

    it("flags pods/portforward, which tunnels past NetworkPolicies", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, core(["pods/portforward"], ["create"]))])).toEqual([
            "rules[0] grants pods/portforward (create)",
        ]);
    });

    it("passes other verbs on pods/exec, which open no session", async () => {
        const role = roleWith(K8sType.role, core(["pods/exec"], ["list", "watch", "delete"]));
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("flags a verb wildcard on the subresources, naming each", async () => {
        const role = roleWith(K8sType.clusterRole, core(["pods/exec", "pods/attach", "pods/portforward"], ["*"]));
        expect(await messages(policy, [role])).toEqual([
            "rules[0] grants pods/exec (create, get), pods/attach (create, get), pods/portforward (create, get)",
        ]);
    });

    it("flags a resource wildcard in the core group, which covers every subresource", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, core(["*"], ["create"]))])).toEqual([
            "rules[0] grants pods/exec (create), pods/attach (create), pods/portforward (create)",
        ]);
    });

    it("flags the subresource wildcard */exec, which the authorizer matches for pods", async () => {
        expect(await messages(policy, [roleWith(K8sType.clusterRole, core(["*/exec"], ["get"]))])).toEqual([
            "rules[0] grants pods/exec (get)",
        ]);
    });

    it("flags an API group wildcard, which includes the core group", async () => {
        const role = roleWith(K8sType.role, { apiGroups: ["*"], resources: ["pods/exec"], verbs: ["create"] });
        expect(await messages(policy, [role])).toEqual(["rules[0] grants pods/exec (create)"]);
    });

    it("passes pods/exec in another API group, where no such subresource exists", async () => {
        const role = roleWith(K8sType.role, { apiGroups: ["apps"], resources: ["pods/exec"], verbs: ["create"] });
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("passes full access to pods, which does not include their subresources", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, core(["pods"], ["*"]))])).toEqual([]);
    });

    it("compares resource names case-sensitively, as the API server does", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, core(["pods/Exec"], ["create"]))])).toEqual([]);
    });

    it("flags a grant limited to named pods: exec into one pod is still exec", async () => {
        const role = roleWith(K8sType.role, { ...core(["pods/exec"], ["create"]), resourceNames: ["web-0"] });
        expect(await messages(policy, [role])).toEqual(["rules[0] grants pods/exec (create)"]);
    });

    it("reports each offending rule by its index", async () => {
        const role = roleOf(K8sType.role, [...readerRules(), core(["pods/exec"], ["create"])]);
        expect(await messages(policy, [role])).toEqual(["rules[3] grants pods/exec (create)"]);
    });

    it("reports that it cannot run when a resource is unknown at preview", async () => {
        const role = roleWith(K8sType.role, core([PREVIEW_UNKNOWN], ["create"]));
        expect(await messages(policy, [role])).toEqual([cannotRun("rules.0.resources.0")]);
    });
});
