import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import {
    commitConfigSchema,
    validateCommitments,
    type CapacityResource,
    type Commitment,
} from "../../lib/quotas-commitment";
import { containerLimitsByNamespace, effectiveContainers } from "../../lib/quotas-limitrange";
import { podAmounts, quotasByNamespace } from "../../lib/quotas-usage";
import { podCount, replicaContext, workloadsOf } from "../../lib/quotas-workloads";
import { byCodePoint } from "../../../contract/order";

/** The two quota spellings of each resource a tenant quota promises. */
const QUOTA_KEYS: Readonly<Record<CapacityResource, readonly string[]>> = {
    cpu: ["requests.cpu", "cpu"],
    memory: ["requests.memory", "memory"],
};

export const platformEnforceClusterCapacity: PlatformStackPolicy = {
    name: "platform-enforce-cluster-capacity",
    description:
        "The cpu and memory requests promised by tenant ResourceQuotas, plus the requests of workloads in namespaces without one, fit the capacity the cluster inventory declares.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Lower tenant quotas (platform:tenants[].quota) or platform workload requests, or declare more schedulable nodes in platform:cluster.nodes; promises past capacity leave pods Pending when tenants use their quota.",
    configSchema: commitConfigSchema("Share of declared capacity that quotas and requests may promise, in percent."),
    validateStack: validateCommitments({ committed: "committed", capacity: "declared" }, (args, inventory) => {
        const quotas = quotasByNamespace(args.resources);
        const limits = containerLimitsByNamespace(args.resources);
        const context = replicaContext(args.resources, inventory);
        const workloads = workloadsOf(args.resources);
        const namespaces = [...new Set([...quotas.keys(), ...workloads.map((w) => w.namespace)])].sort(byCodePoint);
        return (resource) => {
            const keys = QUOTA_KEYS[resource];
            const parts: Commitment[] = [];
            for (const ns of namespaces) {
                const bounds = (quotas.get(ns) ?? [])
                    .filter((q) => !q.scoped)
                    .flatMap((q) => keys.flatMap((k) => q.hard.get(k) ?? []).map((h) => ({ quota: q.name, ...h })))
                    .sort((a, b) => a.value - b.value);
                if (bounds.length > 0) {
                    parts.push({ label: `quota ${ns}/${bounds[0].quota}`, value: bounds[0].value });
                    continue;
                }
                const requested = workloads
                    .filter((w) => w.namespace === ns)
                    .reduce((total, w) => {
                        const perPod = podAmounts(
                            effectiveContainers(w.podSpec, limits.get(ns) ?? []),
                            "requests",
                            w.podSpec.overhead,
                        );
                        return total + (perPod.get(resource) ?? 0) * podCount(w, context).pods;
                    }, 0);
                if (requested > 0) {
                    parts.push({ label: `workloads in ${ns}`, value: requested });
                }
            }
            return parts;
        };
    }),
};
