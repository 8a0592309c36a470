import { commitments, footprintEntries, nodeCapacities, type FootprintResource } from "../../../contract/footprint";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { commitConfigSchema, validateCommitments, type CapacityResource } from "../../lib/quotas-commitment";

/** Footprint amounts are millicores and bytes; the inventory declares cores and bytes. */
const UNIT: Readonly<Record<CapacityResource, number>> = { cpu: 1000, memory: 1 };

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
    configSchema: commitConfigSchema(
        "Share of the schedulable capacity the platform and tenant quotas may take, in percent.",
    ),
    validateStack: validateCommitments(
        { committed: "of the platform and tenant quotas", capacity: "schedulable" },
        (args, inventory) => {
            const resources: FootprintResource[] = args.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent?.urn,
                props: r.props,
            }));
            const { entries } = footprintEntries(resources, nodeCapacities(inventory.nodes));
            return (resource) => {
                const { platform, tenants } = commitments(resources, entries, resource);
                return [...platform, ...tenants].map((p) => ({ label: p.label, value: p.value / UNIT[resource] }));
            };
        },
    ),
};
