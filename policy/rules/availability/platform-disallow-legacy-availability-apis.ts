import { apiVersionOf, describeResource } from "../../lib/availability-workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { K8sType } from "../../../contract/k8s-types";

/** Each legacy type: why it is wrong, and the version to declare instead. */
const LEGACY: Readonly<Record<string, { readonly why: string; readonly use: string }>> = {
    [K8sType.hpaV1]: {
        why: "which scales on CPU utilisation only and has no scaling behavior",
        use: "autoscaling/v2",
    },
    [K8sType.hpaV2beta1]: { why: "which Kubernetes 1.25 removed", use: "autoscaling/v2" },
    [K8sType.hpaV2beta2]: { why: "which Kubernetes 1.26 removed", use: "autoscaling/v2" },
    [K8sType.pdbV1beta1]: { why: "which Kubernetes 1.25 removed", use: "policy/v1" },
};

export const platformDisallowLegacyAvailabilityApis: PlatformResourcePolicy = {
    name: "platform-disallow-legacy-availability-apis",
    description:
        "HorizontalPodAutoscalers use autoscaling/v2 and PodDisruptionBudgets policy/v1, not the older or removed API versions.",
    severity: "medium",
    tags: [Topic.availability, "autoscaling", "disruption"],
    remediationSteps:
        "Declare HPAs with k8s.autoscaling.v2.HorizontalPodAutoscaler (metrics[].resource.target) and PDBs with " +
        "k8s.policy.v1.PodDisruptionBudget; the fields map one to one apart from the HPA metrics block.",
    validateResource: (args, report) => {
        const legacy = LEGACY[args.type];
        if (legacy === undefined) {
            return;
        }
        report(`${describeResource(args)} uses ${apiVersionOf(args.type)}, ${legacy.why}; declare it as ${legacy.use}`);
    },
};
