import { describeResource } from "../../lib/availability-workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { hasDisruptionBound } from "../../lib/scope-disruption";
import { K8sType } from "../../../contract/k8s-types";

export const kubernetesPolicyV1PoddisruptionbudgetDisallowNoopBudget: PlatformResourcePolicy = {
    name: "kubernetes-policy-v1-poddisruptionbudget-disallow-noop-budget",
    description:
        "Every PodDisruptionBudget sets minAvailable or maxUnavailable, without which it lets every pod it selects be evicted at once (kube-score's PodDisruptionBudget has policy).",
    severity: "high",
    tags: [Topic.availability, "disruption"],
    remediationSteps:
        "Set spec.maxUnavailable: 1 (or a minAvailable below the replica count) on the PodDisruptionBudget, or " +
        "delete it if the workload needs no budget.",
    validateResource: (args, report) => {
        if (args.type === K8sType.pdb && !hasDisruptionBound(args.props)) {
            report(
                `${describeResource(args)} sets neither minAvailable nor maxUnavailable: the disruption controller ` +
                    "then allows every pod it selects to be evicted at once, so the budget protects nothing",
            );
        }
    },
};
