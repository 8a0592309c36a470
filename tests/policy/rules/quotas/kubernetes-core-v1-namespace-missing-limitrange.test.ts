import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1NamespaceMissingLimitrange as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-namespace-missing-limitrange";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { propsOf, withUnknown } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const compliant = [...governedNamespace("web"), ...governedNamespace("ml")];
const withoutLimits = (ns: string) =>
    compliant.filter((r) => !(r.type === K8sType.limitRange && r.name === `${ns}-limits`));

describe("kubernetes-core-v1-namespace-missing-limitrange", () => {
    it("passes governed namespaces", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags a namespace without a LimitRange", async () => {
        expect(await messages(policy, withoutLimits("web"))).toEqual(['namespace "web" has no LimitRange']);
    });

    it("does not count a LimitRange declared in another namespace", async () => {
        const moved = mutate(compliant, (rs) => {
            propsOf(rs.find((r) => r.name === "web-limits")!).metadata.namespace = "ml";
        });
        expect(await messages(policy, moved)).toEqual(['namespace "web" has no LimitRange']);
    });

    it("reports at the Namespace resource", async () => {
        const [violation] = await runPolicy(policy, withoutLimits("ml"));
        expect(violation.urn).toBe(compliant.find((r) => r.type === K8sType.namespace && r.name === "ml")!.urn);
    });

    it("downgrades to an advisory when a LimitRange's namespace is unknown at preview", async () => {
        const unknown = withUnknown(compliant, (rs) => {
            propsOf(rs.find((r) => r.name === "web-limits")!).metadata.namespace = PREVIEW_UNKNOWN;
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
