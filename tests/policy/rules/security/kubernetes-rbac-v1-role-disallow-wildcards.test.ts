import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesRbacV1RoleDisallowWildcards as policy } from "../../../../policy/rules/security/kubernetes-rbac-v1-role-disallow-wildcards";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeProps, hardenedDeployment } from "./fixtures";
import { bindingOf, readerRules, ROLE_TYPES, roleOf, roleWith } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const READ_PODS = { apiGroups: [""], resources: ["pods"], verbs: ["get"] };

describe("kubernetes-rbac-v1-role-disallow-wildcards", () => {
    it.each(ROLE_TYPES)("passes a %s that lists its groups, resources and verbs", async (_kind, type) => {
        expect(await messages(policy, [roleOf(type)])).toEqual([]);
    });

    it("ignores bindings and workloads", async () => {
        expect(await messages(policy, [bindingOf(K8sType.clusterRoleBinding), hardenedDeployment()])).toEqual([]);
    });

    it.each(ROLE_TYPES)('flags a %s granting every verb ("*")', async (_kind, type) => {
        expect(await messages(policy, [roleWith(type, { ...READ_PODS, verbs: ["get", "*"] })])).toEqual([
            'rules[0] grants a wildcard in verbs ("*")',
        ]);
    });

    it.each(ROLE_TYPES)('flags a %s granting every resource ("*")', async (_kind, type) => {
        expect(await messages(policy, [roleWith(type, { ...READ_PODS, resources: ["*"] })])).toEqual([
            'rules[0] grants a wildcard in resources ("*")',
        ]);
    });

    it.each(ROLE_TYPES)('flags a %s granting every API group ("*")', async (_kind, type) => {
        expect(await messages(policy, [roleWith(type, { ...READ_PODS, apiGroups: ["*"] })])).toEqual([
            'rules[0] grants a wildcard in apiGroups ("*")',
        ]);
    });

    it('flags a ClusterRole granting every non-resource URL, as "*" or as the prefix "/*"', async () => {
        const role = roleWith(K8sType.clusterRole, { nonResourceURLs: ["/healthz", "*", "/*"], verbs: ["get"] });
        expect(await messages(policy, [role])).toEqual(['rules[0] grants a wildcard in nonResourceURLs ("*", "/*")']);
    });

    it("passes narrower non-resource URL prefixes", async () => {
        const role = roleWith(K8sType.clusterRole, { nonResourceURLs: ["/metrics*", "/api/*"], verbs: ["get"] });
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("passes a subresource wildcard, which reaches one subresource of each kind", async () => {
        const role = roleWith(K8sType.clusterRole, { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["get"] });
        expect(await messages(policy, [role])).toEqual([]);
    });

    it("names every wildcard field of a rule in one message, and each rule by its index", async () => {
        const role = roleOf(K8sType.clusterRole, [
            ...readerRules(),
            { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
            { nonResourceURLs: ["*"], verbs: ["*"] },
        ]);
        expect(await messages(policy, [role])).toEqual([
            'rules[3] grants a wildcard in apiGroups ("*"), resources ("*"), verbs ("*")',
            'rules[4] grants a wildcard in verbs ("*"), nonResourceURLs ("*")',
        ]);
    });

    it("judges only the declared rules of an aggregated ClusterRole, which the controller fills", async () => {
        const aggregated = changeProps(roleOf(K8sType.clusterRole), (props) => {
            props.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { "acme.io/aggregate-to-ops": "true" } }] };
            delete props.rules;
        });
        const declared = changeProps(aggregated, (props) => {
            props.rules = [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }];
        });
        expect(await messages(policy, [aggregated])).toEqual([]);
        expect(await messages(policy, [declared])).toEqual(['rules[0] grants a wildcard in resources ("*")']);
    });

    it("compares values exactly: a verb list without the bare wildcard passes", async () => {
        expect(await messages(policy, [roleWith(K8sType.role, { ...READ_PODS, verbs: ["get*", " *"] })])).toEqual([]);
    });

    it("reports that it cannot run when a verb is unknown at preview", async () => {
        const role = roleWith(K8sType.role, { ...READ_PODS, verbs: [PREVIEW_UNKNOWN] });
        expect(await messages(policy, [role])).toEqual([cannotRun("rules.0.verbs.0")]);
    });
});
