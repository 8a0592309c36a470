import { podSelectorMatches } from "../../lib/availability-selectors";
import { describeResource, describeReplicas, scaledWorkloads, templateLabels } from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { podSpecOf } from "../../lib/workloads";
import type { Props } from "../../lib/resources";

const DEFAULTS = { topologyKeys: ["kubernetes.io/hostname"] as string[] };

/** Whether the pod spec spreads pods carrying `labels` over one of `keys`, softly or strictly. */
function spreads(podSpec: Props, labels: Record<string, string>, keys: readonly string[]): boolean {
    // A term only spreads the workload if its selector counts the workload's own pods.
    const spreadsOwnPods = (term: Props) =>
        keys.includes(term.topologyKey) && podSelectorMatches(term.labelSelector, labels);
    const constraints: Props[] = podSpec.topologySpreadConstraints ?? [];
    const antiAffinity: Props = podSpec.affinity?.podAntiAffinity ?? {};
    const required: Props[] = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const preferred: Props[] = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return (
        constraints.some(spreadsOwnPods) ||
        required.some(spreadsOwnPods) ||
        preferred.some((weighted) => spreadsOwnPods(weighted.podAffinityTerm ?? {}))
    );
}

export const platformEnforceNodeSpread: PlatformStackPolicy = {
    name: "platform-enforce-node-spread",
    description:
        "Every replicated Deployment and StatefulSet spreads its pods across nodes with a topology spread constraint or pod anti-affinity that selects its own pods.",
    severity: "medium",
    tags: [Topic.availability, "scheduling"],
    remediationSteps:
        "Add a topologySpreadConstraint (topologyKey kubernetes.io/hostname, maxSkew 1, labelSelector matching the " +
        "pod template labels) or a podAntiAffinity term on kubernetes.io/hostname with the same selector.",
    configSchema: {
        properties: {
            topologyKeys: {
                type: "array",
                items: { type: "string" },
                default: DEFAULTS.topologyKeys,
                description: "Topology keys that count as spreading across failure domains.",
            },
        },
    },
    validateStack: (args, report) => {
        const { topologyKeys } = withDefaults(DEFAULTS, args.getConfig);
        for (const { resource, replicas } of scaledWorkloads(args.resources)) {
            const podSpec = podSpecOf(resource.type, resource.props) ?? {};
            if (replicas.count >= 2 && !spreads(podSpec, templateLabels(resource.props), topologyKeys)) {
                report(
                    `${describeResource(resource)} runs ${describeReplicas(replicas)} but no topologySpreadConstraint or ` +
                        `podAntiAffinity term on ${topologyKeys.join(" or ")} selects its own pods, so one ` +
                        "failure domain can hold every replica",
                    resource.urn,
                );
            }
        }
    },
};
