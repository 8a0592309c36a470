import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { containerLimitsByNamespace, effectiveContainers } from "../../lib/quotas-limitrange";
import { exceeds } from "../../lib/quotas-usage";
import { workloadsOf } from "../../lib/quotas-workloads";

/** Overcommittable resources; extended resources (GPUs) must have requests equal to limits, another rule. */
const RESOURCES = ["cpu", "memory", "ephemeral-storage"] as const;

export const kubernetesCoreV1ContainerDisallowRequestAboveLimit: PlatformStackPolicy = {
    name: "kubernetes-core-v1-container-disallow-request-above-limit",
    description:
        "No container requests more cpu, memory or ephemeral storage than its limit, including a limit filled in from the namespace LimitRange's default.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Declare a limit at least as large as the request; without one, the LimitRange default limit applies and a larger request makes every pod of the workload fail validation.",
    validateStack: (args, report) => {
        const limitsByNamespace = containerLimitsByNamespace(args.resources);
        for (const workload of workloadsOf(args.resources)) {
            const containers = effectiveContainers(workload.podSpec, limitsByNamespace.get(workload.namespace) ?? []);
            for (const c of containers) {
                for (const resource of RESOURCES) {
                    const request = c.requests.get(resource);
                    const limit = c.limits.get(resource);
                    if (request !== undefined && limit !== undefined && exceeds(request.value, limit.value)) {
                        const source =
                            limit.defaultedBy === undefined ? "" : ` (defaulted by LimitRange ${limit.defaultedBy})`;
                        report(
                            `${c.label}: resources.requests[${resource}]: Invalid value: "${request.text}": ` +
                                `must be less than or equal to ${resource} limit of ${limit.text}${source}`,
                            workload.resource.urn,
                        );
                    }
                }
            }
        }
    },
};
