import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { GPU_DEFAULTS, gpuResourceSchema } from "../../lib/quotas-gpu";
import { findInventory, schedulableNodes } from "../../lib/quotas-inventory";
import { containerLimitsByNamespace, effectiveContainers } from "../../lib/quotas-limitrange";
import { exceeds, formatAmount, podAmounts, quotasByNamespace } from "../../lib/quotas-usage";
import { describeWorkload, podCount, replicaContext, workloadsOf } from "../../lib/quotas-workloads";
import { INVENTORY } from "../../../contract/inventory";

const DEFAULTS = { gpuResource: GPU_DEFAULTS.gpuResource };

const gpus = (n: number) => `${formatAmount("gpu", n)} GPU${n === 1 ? "" : "s"}`;

export const platformEnforceGpuCapacity: PlatformStackPolicy = {
    name: "platform-enforce-gpu-capacity",
    description:
        "GPU quotas across namespaces, and GPU requests of workloads at full scale (an autoscaled workload at its HPA's or ScaledObject's maximum), fit the GPUs the cluster inventory declares, and no pod asks for more GPUs than one node has.",
    severity: "high",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        "Lower GPU quotas (platform:tenants[].quota.gpus), GPU workload replicas, HPA maxReplicas or ScaledObject maxReplicaCount, or per-pod GPU requests, or declare the GPU nodes in platform:cluster.nodes; GPU pods past capacity stay Pending.",
    configSchema: { properties: { ...gpuResourceSchema } },
    validateStack: (args, report) => {
        const { gpuResource } = withDefaults(DEFAULTS, args.getConfig);
        const inventory = findInventory(args.resources);
        if (inventory === undefined) {
            args.notApplicable("no cluster inventory ConfigMap declares capacity");
            return;
        }
        const where = `ConfigMap ${INVENTORY.namespace}/${inventory.name}`;
        if (inventory.gpus === undefined) {
            report(`${where} declares no numeric data.gpus`, inventory.urn);
            return;
        }
        const declared = inventory.gpus;
        const key = `requests.${gpuResource}`;

        const quotaParts = [...quotasByNamespace(args.resources)].flatMap(([ns, quotas]) => {
            const bounds = quotas
                .filter((q) => !q.scoped)
                .flatMap((q) => {
                    const hard = q.hard.get(key);
                    return hard === undefined ? [] : [{ name: q.name, value: hard.value }];
                });
            const tightest = bounds.sort((a, b) => a.value - b.value)[0];
            return tightest === undefined || tightest.value === 0
                ? []
                : [{ label: `${ns}/${tightest.name}`, ...tightest }];
        });
        const quotaTotal = quotaParts.reduce((t, p) => t + p.value, 0);
        if (exceeds(quotaTotal, declared)) {
            const breakdown = quotaParts.map((p) => `${p.label} ${formatAmount(key, p.value)}`).join(", ");
            report(
                `ResourceQuotas allow ${key}=${formatAmount(key, quotaTotal)} in all, but ${where} declares ${gpus(declared)}: ${breakdown}`,
                inventory.urn,
            );
        }

        const limits = containerLimitsByNamespace(args.resources);
        const context = replicaContext(args.resources, inventory);
        const largestNode = Math.max(0, ...(schedulableNodes(inventory) ?? []).map((n) => n.gpus));
        const hasNodes = (schedulableNodes(inventory) ?? []).length > 0;
        const workloadParts: string[] = [];
        let workloadTotal = 0;
        for (const w of workloadsOf(args.resources)) {
            const containers = effectiveContainers(w.podSpec, limits.get(w.namespace) ?? []);
            const perPod = podAmounts(containers, "requests", w.podSpec.overhead).get(gpuResource) ?? 0;
            if (perPod === 0) {
                continue;
            }
            const count = podCount(w, context);
            workloadTotal += perPod * count.pods;
            workloadParts.push(`${w.kind} ${w.namespace}/${w.name} ${formatAmount(key, perPod * count.pods)}`);
            if (hasNodes && exceeds(perPod, largestNode)) {
                report(
                    `${describeWorkload(w, count)} requests ${gpus(perPod)} per pod, but no schedulable node in ${where} has more than ${gpus(largestNode)}`,
                    w.resource.urn,
                );
            }
        }
        if (exceeds(workloadTotal, declared)) {
            report(
                `workloads request ${key}=${formatAmount(key, workloadTotal)} at full scale, but ${where} declares ${gpus(declared)}: ${workloadParts.join(", ")}`,
                inventory.urn,
            );
        }
    },
};
