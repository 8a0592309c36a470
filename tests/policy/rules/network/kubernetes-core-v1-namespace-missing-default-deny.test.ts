import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1NamespaceMissingDefaultDeny as policy } from "../../../../policy/rules/network/kubernetes-core-v1-namespace-missing-default-deny";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { cannotRun, change, NS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const DENY = `${NS}-default-deny`;
const MISSING = `namespace "${NS}" has no default-deny NetworkPolicy for ingress and egress`;

describe("kubernetes-core-v1-namespace-missing-default-deny", () => {
    it("passes a governed namespace with a default deny for ingress and egress", async () => {
        expect(await messages(policy, governedNamespace(NS))).toEqual([]);
    });

    it("flags a namespace without any NetworkPolicy (the seed's namespaces)", async () => {
        const resources = governedNamespace(NS).filter((r) => r.type !== K8sType.networkPolicy);
        expect(await messages(policy, resources)).toEqual([MISSING]);
    });

    it("reports at the Namespace resource", async () => {
        const resources = governedNamespace(NS).filter((r) => r.type !== K8sType.networkPolicy);
        const [violation] = await runPolicy(policy, resources);
        expect(violation.urn).toBe(resources[0].urn);
    });

    it("flags a deny that covers ingress only", async () => {
        const resources = change(governedNamespace(NS), DENY, (p) => {
            p.spec.policyTypes = ["Ingress"];
        });
        expect(await messages(policy, resources)).toEqual([MISSING]);
    });

    it("flags a deny that selects only some pods", async () => {
        const resources = change(governedNamespace(NS), DENY, (p) => {
            p.spec.podSelector = { matchLabels: { app: "web" } };
        });
        expect(await messages(policy, resources)).toEqual([MISSING]);
    });

    it("flags a namespace-wide policy that allows ingress rules instead of denying", async () => {
        const resources = change(governedNamespace(NS), DENY, (p) => {
            p.spec.ingress = [{}];
        });
        expect(await messages(policy, resources)).toEqual([MISSING]);
    });

    it("does not accept a default deny declared in another namespace", async () => {
        const resources = change(governedNamespace(NS), DENY, (p) => {
            p.metadata.namespace = "other";
        });
        expect(await messages(policy, resources)).toEqual([MISSING]);
    });

    it("flags each namespace that lacks one, independently", async () => {
        const resources = [
            ...governedNamespace(NS),
            fixture(K8sType.namespace, "team-b", { metadata: { name: "team-b" } }),
        ];
        expect(await messages(policy, resources)).toEqual([
            `namespace "team-b" has no default-deny NetworkPolicy for ingress and egress`,
        ]);
    });

    it("reports that it cannot run when policyTypes is unknown at preview", async () => {
        const resources = change(governedNamespace(NS), DENY, (p) => {
            p.spec.policyTypes = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.policyTypes")]);
    });
});
