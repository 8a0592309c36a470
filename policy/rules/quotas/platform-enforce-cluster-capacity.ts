import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { containerLimitsByNamespace, effectiveContainers } from "../../lib/quotas-limitrange";
import { exceeds, formatAmount, podAmounts, quotasByNamespace } from "../../lib/quotas-usage";
import { compareText, podCount, replicaContext, workloadsOf } from "../../lib/quotas-workloads";
import { INVENTORY } from "../../../contract/inventory";

const DEFAULTS = { maxCommitPercent: 100 };

/** The resources a tenant quota promises, each under its two quota spellings, and the inventory total. */
const RESOURCES = [
    { resource: "cpu", keys: ["requests.cpu", "cpu"], capacity: "cpu" },
    { resource: "memory", keys: ["requests.memory", "memory"], capacity: "memoryBytes" },
] as const;

export const platformEnforceClusterCapacity: PlatformStackPolicy = {
    name: "platform-enforce-cluster-capacity",
    description:
        "The cpu and memory requests promised by tenant ResourceQuotas, plus the requests of workloads in namespaces without one, fit the capacity the cluster inventory declares.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Lower tenant quotas (platform:tenants[].quota) or platform workload requests, or declare more schedulable nodes in platform:cluster.nodes; promises past capacity leave pods Pending when tenants use their quota.",
    configSchema: {
        properties: {
            maxCommitPercent: {
                type: "number",
                minimum: 1,
                description: "Share of declared capacity that quotas and requests may promise, in percent.",
                default: DEFAULTS.maxCommitPercent,
            },
        },
    },
    validateStack: (args, report) => {
        const { maxCommitPercent } = withDefaults(DEFAULTS, args.getConfig);
        const inventory = findInventory(args.resources);
        if (inventory === undefined) {
            args.notApplicable("no cluster inventory ConfigMap declares capacity");
            return;
        }
        const quotas = quotasByNamespace(args.resources);
        const limits = containerLimitsByNamespace(args.resources);
        const context = replicaContext(args.resources, inventory);
        const workloads = workloadsOf(args.resources);
        const namespaces = [...new Set([...quotas.keys(), ...workloads.map((w) => w.namespace)])].sort(compareText);
        for (const { resource, keys, capacity } of RESOURCES) {
            const declared = inventory[capacity];
            if (declared === undefined) {
                report(
                    `ConfigMap ${INVENTORY.namespace}/${inventory.name} declares no numeric data.${capacity}`,
                    inventory.urn,
                );
                continue;
            }
            const parts: { label: string; value: number }[] = [];
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
            const committed = parts.reduce((total, p) => total + p.value, 0);
            const allowed = (declared * maxCommitPercent) / 100;
            if (exceeds(committed, allowed)) {
                const key = `requests.${resource}`;
                const share = maxCommitPercent === 100 ? "" : `${maxCommitPercent}% of `;
                const breakdown = parts.map((p) => `${p.label} ${formatAmount(key, p.value)}`).join(", ");
                report(
                    `${key} committed is ${formatAmount(key, committed)}, over ${share}the declared capacity of ` +
                        `${formatAmount(key, declared)} (ConfigMap ${INVENTORY.namespace}/${inventory.name}): ${breakdown}`,
                    inventory.urn,
                );
            }
        }
    },
};
