import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { amountOf, QuotaLedger, quotasByNamespace, type Amounts } from "../../lib/quotas-usage";
import { describeWorkload, podCount, replicaContext, workloadsOf } from "../../lib/quotas-workloads";
import { metadataName, metadataNamespace, type Props } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";
import { byCodePoint } from "../../../contract/order";

/** What a claim counts against `requests.storage`, `persistentvolumeclaims` and their per-class forms. */
function claimUsage(spec: Props | undefined, claims: number): Amounts {
    const bytes = amountOf(spec?.resources?.requests?.storage) * claims;
    const usage: Amounts = new Map([
        ["requests.storage", bytes],
        ["persistentvolumeclaims", claims],
    ]);
    const storageClass = spec?.storageClassName;
    if (typeof storageClass === "string" && storageClass !== "") {
        usage.set(`${storageClass}.storageclass.storage.k8s.io/requests.storage`, bytes);
        usage.set(`${storageClass}.storageclass.storage.k8s.io/persistentvolumeclaims`, claims);
    }
    return usage;
}

function sum(parts: readonly Amounts[]): Amounts {
    const total: Amounts = new Map();
    parts.forEach((part) => part.forEach((v, k) => total.set(k, (total.get(k) ?? 0) + v)));
    return total;
}

interface Claimant {
    readonly urn: string;
    readonly namespace: string;
    readonly name: string;
    readonly kind: string;
    readonly subject: string;
    readonly usage: Amounts;
}

export const kubernetesCoreV1ResourcequotaEnforceStorage: PlatformStackPolicy = {
    name: "kubernetes-core-v1-resourcequota-enforce-storage",
    description:
        "Each namespace's PersistentVolumeClaims, including StatefulSet volumeClaimTemplates times replicas, fit its ResourceQuota's storage and claim-count limits.",
    severity: "medium",
    tags: [Topic.quotas],
    remediationSteps:
        "Shrink or remove claims, lower the StatefulSet's replicas, or raise requests.storage / persistentvolumeclaims in the tenant's quota config; claims past the quota are rejected and their pods stay Pending.",
    validateStack: (args, report) => {
        const quotas = quotasByNamespace(args.resources);
        const context = replicaContext(args.resources, findInventory(args.resources));
        const claims: Claimant[] = args.resources
            .filter((r) => r.type === K8sType.persistentVolumeClaim)
            .map((r) => {
                const name = metadataName(r.props) ?? r.name;
                return {
                    urn: r.urn,
                    namespace: metadataNamespace(r.props),
                    name,
                    kind: "PersistentVolumeClaim",
                    subject: `PersistentVolumeClaim "${name}"`,
                    usage: claimUsage(r.props.spec, 1),
                };
            });
        const templates: Claimant[] = workloadsOf(args.resources)
            .filter((w) => w.resource.type === K8sType.statefulSet)
            .flatMap((w) => {
                const list: Props[] = w.resource.props.spec?.volumeClaimTemplates ?? [];
                if (list.length === 0) {
                    return [];
                }
                const count = podCount(w, context);
                const n = list.length;
                return [
                    {
                        urn: w.resource.urn,
                        namespace: w.namespace,
                        name: w.name,
                        kind: w.kind,
                        subject: `${describeWorkload(w, count)} with ${n} volumeClaimTemplate${n === 1 ? "" : "s"}`,
                        usage: sum(list.map((t) => claimUsage(t.spec, count.pods))),
                    },
                ];
            });
        const ordered = [...claims, ...templates].sort(
            (a, b) =>
                byCodePoint(a.namespace, b.namespace) ||
                byCodePoint(a.name, b.name) ||
                byCodePoint(a.kind, b.kind) ||
                byCodePoint(a.urn, b.urn),
        );
        const ledgers = new Map(
            [...quotas].map(([ns, list]) => [ns, list.filter((q) => !q.scoped).map((q) => new QuotaLedger(q))]),
        );
        for (const claimant of ordered) {
            const namespaceLedgers = ledgers.get(claimant.namespace) ?? [];
            const failures = namespaceLedgers.flatMap((ledger) => {
                const keys = ledger.exceeded(claimant.usage);
                return keys.length === 0 ? [] : [ledger.message(claimant.usage, keys)];
            });
            if (failures.length > 0) {
                failures.forEach((m) => report(`${claimant.subject} is forbidden: ${m}`, claimant.urn));
                continue;
            }
            namespaceLedgers.forEach((ledger) => ledger.add(claimant.usage));
        }
    },
};
