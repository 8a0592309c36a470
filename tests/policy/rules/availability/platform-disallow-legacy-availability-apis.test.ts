import { platformDisallowLegacyAvailabilityApis as policy } from "../../../../policy/rules/availability/platform-disallow-legacy-availability-apis";
import { messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, webHpa, webPdb } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const as = (resource: ReturnType<typeof webHpa>, type: string) => ({
    ...resource,
    type,
    urn: `${resource.urn}-${type}`,
});

describe("platform-disallow-legacy-availability-apis", () => {
    it("passes the compliant stack: autoscaling/v2 and policy/v1", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags an autoscaling/v1 HPA", async () => {
        expect(await messages(policy, [as(webHpa(), K8sType.hpaV1)])).toEqual([
            'HorizontalPodAutoscaler "apps/web" uses autoscaling/v1, which scales on CPU utilisation only and has no scaling behavior; declare it as autoscaling/v2',
        ]);
    });

    it("flags autoscaling/v2beta2 and v2beta1 HPAs", async () => {
        expect(await messages(policy, [as(webHpa(), K8sType.hpaV2beta2), as(webHpa(), K8sType.hpaV2beta1)])).toEqual([
            'HorizontalPodAutoscaler "apps/web" uses autoscaling/v2beta2, which Kubernetes 1.26 removed; declare it as autoscaling/v2',
            'HorizontalPodAutoscaler "apps/web" uses autoscaling/v2beta1, which Kubernetes 1.25 removed; declare it as autoscaling/v2',
        ]);
    });

    it("flags a policy/v1beta1 PodDisruptionBudget, at the budget", async () => {
        const legacy = as(webPdb(), K8sType.pdbV1beta1);
        const violations = await runPolicy(policy, [legacy]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                'PodDisruptionBudget "apps/web" uses policy/v1beta1, which Kubernetes 1.25 removed; declare it as policy/v1',
                legacy.urn,
            ],
        ]);
    });

    it("reports an unknown namespace at preview as advisory instead of crashing", async () => {
        const unknown = change(as(webHpa(), K8sType.hpaV1), (p) => (p.metadata.namespace = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [unknown]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .metadata.namespace can't be known during preview",
            ],
        ]);
    });
});
