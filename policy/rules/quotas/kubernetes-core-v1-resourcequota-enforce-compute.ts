import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { containerLimitsByNamespace, effectiveContainers } from "../../lib/quotas-limitrange";
import {
    missingForQuota,
    podAmounts,
    podUsage,
    QuotaLedger,
    quotasByNamespace,
    type Amounts,
} from "../../lib/quotas-usage";
import { describeWorkload, podCount, replicaContext, workloadsOf } from "../../lib/quotas-workloads";

export const kubernetesCoreV1ResourcequotaEnforceCompute: PlatformStackPolicy = {
    name: "kubernetes-core-v1-resourcequota-enforce-compute",
    description:
        "Each namespace's workloads at full scale (replicas, HPA maxReplicas or ScaledObject maxReplicaCount times per-pod requests and limits, DaemonSets per node, Jobs by parallelism) fit its ResourceQuota, as admission would require.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Lower the workload's replicas, HPA maxReplicas, ScaledObject maxReplicaCount or per-pod requests, or raise the tenant's quota in the stack config; pods past the quota are rejected by admission while the Deployment still reports success.",
    validateStack: (args, report) => {
        const quotas = quotasByNamespace(args.resources);
        const limits = containerLimitsByNamespace(args.resources);
        const context = replicaContext(args.resources, findInventory(args.resources));
        // Scoped quotas count only some pods; they are left to the cluster.
        const ledgers = new Map(
            [...quotas].map(([ns, list]) => [ns, list.filter((q) => !q.scoped).map((q) => new QuotaLedger(q))]),
        );
        // Workloads are admitted in namespace, name, kind order; a rejected one adds nothing to `used`.
        for (const workload of workloadsOf(args.resources)) {
            const namespaceLedgers = ledgers.get(workload.namespace) ?? [];
            if (namespaceLedgers.length === 0) {
                continue;
            }
            const containers = effectiveContainers(workload.podSpec, limits.get(workload.namespace) ?? []);
            const count = podCount(workload, context);
            const subject = `${describeWorkload(workload, count)} is forbidden`;
            const unspecified = namespaceLedgers.flatMap((ledger) => {
                const missing = missingForQuota(ledger.quota, containers);
                return missing === undefined ? [] : [`failed quota: ${ledger.quota.name}: ${missing}`];
            });
            if (unspecified.length > 0) {
                unspecified.forEach((m) => report(`${subject}: ${m}`, workload.resource.urn));
                continue;
            }
            const perPod = podUsage(
                podAmounts(containers, "requests", workload.podSpec.overhead),
                podAmounts(containers, "limits", workload.podSpec.overhead),
            );
            const requestedBy = (ledger: QuotaLedger): Amounts =>
                new Map(
                    [...ledger.quota.hard.keys()].flatMap((key) => {
                        const usage = perPod(key);
                        return usage === undefined ? [] : [[key, usage * count.pods] as const];
                    }),
                );
            const failures = namespaceLedgers.flatMap((ledger) => {
                const requested = requestedBy(ledger);
                const keys = ledger.exceeded(requested);
                return keys.length === 0 ? [] : [ledger.message(requested, keys)];
            });
            if (failures.length > 0) {
                failures.forEach((m) => report(`${subject}: ${m}`, workload.resource.urn));
                continue;
            }
            namespaceLedgers.forEach((ledger) => ledger.add(requestedBy(ledger)));
        }
    },
};
