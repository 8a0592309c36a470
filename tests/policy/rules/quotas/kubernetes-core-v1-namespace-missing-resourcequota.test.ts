import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1NamespaceMissingResourcequota as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-namespace-missing-resourcequota";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { propsOf, withUnknown } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const compliant = [...governedNamespace("web"), ...governedNamespace("ml")];
const withoutQuota = (ns: string) =>
    compliant.filter((r) => !(r.type === K8sType.resourceQuota && r.name === `${ns}-quota`));

describe("kubernetes-core-v1-namespace-missing-resourcequota", () => {
    it("passes governed namespaces", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags a namespace without a ResourceQuota (the seed's namespace without quota)", async () => {
        expect(await messages(policy, withoutQuota("web"))).toEqual(['namespace "web" has no ResourceQuota']);
    });

    it("does not count a quota declared in another namespace", async () => {
        const moved = mutate(compliant, (rs) => {
            propsOf(rs.find((r) => r.name === "web-quota")!).metadata.namespace = "ml";
        });
        expect(await messages(policy, moved)).toEqual(['namespace "web" has no ResourceQuota']);
    });

    it("reports at the Namespace resource", async () => {
        const [violation] = await runPolicy(policy, withoutQuota("ml"));
        expect(violation.urn).toBe(compliant.find((r) => r.type === K8sType.namespace && r.name === "ml")!.urn);
    });

    it("downgrades to an advisory when a quota's namespace is unknown at preview", async () => {
        const unknown = withUnknown(compliant, (rs) => {
            propsOf(rs.find((r) => r.name === "web-quota")!).metadata.namespace = PREVIEW_UNKNOWN;
        });
        const violations = await runPolicy(policy, unknown);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .metadata.namespace can't be known during preview",
            ],
        ]);
    });
});
