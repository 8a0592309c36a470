import { commitments, footprintEntries, nodeCapacities, type FootprintResource } from "../../../contract/footprint";
import { INVENTORY } from "../../../contract/inventory";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { exceeds, formatAmount } from "../../lib/quotas-usage";

const DEFAULTS = { maxCommitPercent: 100 };

/** Footprint amounts are millicores and bytes; the inventory declares cores and bytes. */
const RESOURCES = [
    { resource: "cpu", capacity: "cpu", unit: 1000 },
    { resource: "memory", capacity: "memoryBytes", unit: 1 },
] as const;

// Unlike platform-enforce-cluster-capacity, which counts every quota as a promise (system budgets too), this rule
// counts what the platform's pods and chart containers really request, and the system namespaces' budgets, which
// cap those same pods, not at all: adding both would count the platform twice.
export const platformEnforceFootprintFit: PlatformStackPolicy = {
    name: "platform-enforce-footprint-fit",
    description:
        "The cpu and memory the platform's own pods and chart containers request on schedulable nodes, plus every tenant ResourceQuota's requests, fit the schedulable capacity the cluster inventory declares.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Lower the platform's requests (component args or chart values; out/<stack>/footprint.md shows each) or tenant quotas (platform:tenants[].quota), or declare more schedulable nodes in platform:cluster.nodes; requests past capacity leave pods Pending.",
    configSchema: {
        properties: {
            maxCommitPercent: {
                type: "number",
                minimum: 1,
                description: "Share of the schedulable capacity the platform and tenant quotas may take, in percent.",
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
        const resources: FootprintResource[] = args.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent?.urn,
            props: r.props,
        }));
        const data: unknown = args.resources.find((r) => r.urn === inventory.urn)?.props.data;
        const { entries } = footprintEntries(resources, nodeCapacities(data));
        for (const { resource, capacity, unit } of RESOURCES) {
            const declared = inventory[capacity];
            if (declared === undefined) {
                report(
                    `ConfigMap ${INVENTORY.namespace}/${inventory.name} declares no numeric data.${capacity}`,
                    inventory.urn,
                );
                continue;
            }
            const { platform, tenants } = commitments(resources, entries, resource);
            const parts = [...platform, ...tenants];
            const committed = parts.reduce((total, p) => total + p.value, 0) / unit;
            const allowed = (declared * maxCommitPercent) / 100;
            if (exceeds(committed, allowed)) {
                const key = `requests.${resource}`;
                const share = maxCommitPercent === 100 ? "" : `${maxCommitPercent}% of `;
                const breakdown = parts.map((p) => `${p.label} ${formatAmount(key, p.value / unit)}`).join(", ");
                report(
                    `${key} of the platform and tenant quotas is ${formatAmount(key, committed)}, over ${share}the ` +
                        `schedulable capacity of ${formatAmount(key, declared)} ` +
                        `(ConfigMap ${INVENTORY.namespace}/${inventory.name}): ${breakdown}`,
                    inventory.urn,
                );
            }
        }
    },
};
