import { budgetsSelecting } from "../../lib/availability-selectors";
import { hasDisruptionBound } from "../../lib/scope-disruption";
import { describeResource, describeReplicas, scaledWorkloads } from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { metadataNamespace } from "../../lib/resources";

const DEFAULTS = { minReplicasForBudget: 2 };

export const platformMissingPodDisruptionBudget: PlatformStackPolicy = {
    name: "platform-missing-pod-disruption-budget",
    description:
        "Every replicated Deployment and StatefulSet (replicas, HPA minReplicas or ScaledObject minReplicaCount of 2 or more) has its pods selected by a policy/v1 PodDisruptionBudget in its namespace that sets minAvailable or maxUnavailable.",
    severity: "high",
    tags: [Topic.availability, "disruption"],
    remediationSteps:
        "Add a policy/v1 PodDisruptionBudget in the workload's namespace whose spec.selector matches the pod " +
        "template labels, with maxUnavailable: 1 (or a minAvailable below the replica count).",
    configSchema: {
        properties: {
            minReplicasForBudget: {
                type: "integer",
                minimum: 1,
                default: DEFAULTS.minReplicasForBudget,
                description: "Workloads guaranteed at least this many replicas need a PodDisruptionBudget.",
            },
        },
    },
    validateStack: (args, report) => {
        const { minReplicasForBudget } = withDefaults(DEFAULTS, args.getConfig);
        for (const { resource, replicas } of scaledWorkloads(args.resources)) {
            const budgets = budgetsSelecting(resource, args.resources);
            if (replicas.count >= minReplicasForBudget && !budgets.some((b) => hasDisruptionBound(b.props))) {
                const noop =
                    budgets.length === 0
                        ? ""
                        : ` (${budgets.map(describeResource).join(", ")} set neither minAvailable nor maxUnavailable)`;
                report(
                    `${describeResource(resource)} runs ${describeReplicas(replicas)} but no PodDisruptionBudget with a ` +
                        `bound in namespace "${metadataNamespace(resource.props)}" selects its pods${noop}`,
                    resource.urn,
                );
            }
        }
    },
};
