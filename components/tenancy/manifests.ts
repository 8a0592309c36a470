import type * as k8s from "@pulumi/kubernetes";
import { DEFAULT_EPHEMERAL_STORAGE, EPHEMERAL_STORAGE } from "../../contract/ephemeral-storage";
import { GPU_RESOURCE } from "../../contract/gpu";
import { NAMESPACE_NAME_LABEL, platformLabels } from "../../contract/labels";
import { podSecurityLabels, type PodSecurityLevel } from "../../contract/pod-security";
import { KubernetesNamespace } from "../../contract/namespaces";
import { formatBytes, formatCpu, quantity } from "../../contract/quantity";

type Spec<T> = NonNullable<T>;
type QuotaSpec = Spec<k8s.types.input.core.v1.ResourceQuotaSpec>;
type LimitRangeSpec = Spec<k8s.types.input.core.v1.LimitRangeSpec>;
type NetworkPolicySpec = Spec<k8s.types.input.networking.v1.NetworkPolicySpec>;

/** Hard limits of a tenant's ResourceQuota; quantities as Kubernetes strings. */
export interface TenantQuota {
    readonly requestsCpu: string;
    readonly requestsMemory: string;
    readonly limitsCpu: string;
    readonly limitsMemory: string;
    readonly pods: number;
    readonly services: number;
    readonly persistentVolumeClaims: number;
    readonly requestsStorage: string;
    /** Whole GPUs; 0 still sets the quota so a tenant without GPUs cannot schedule one. */
    readonly gpus: number;
}

export interface ResourcePair {
    readonly cpu: string;
    readonly memory: string;
    /** @default DEFAULT_EPHEMERAL_STORAGE's request or limit where the pair is one (contract/ephemeral-storage.ts) */
    readonly "ephemeral-storage"?: string;
}

/** Per-container LimitRange bounds. */
export interface TenantLimits {
    readonly max: ResourcePair;
    readonly min: ResourcePair;
    readonly default: ResourcePair;
    readonly defaultRequest: ResourcePair;
}

/** The quota and LimitRange a platform component sizes for its own namespace. */
export interface SystemBudget {
    readonly quota: TenantQuota;
    readonly limits: TenantLimits;
}

/** A container's requests and limits. */
export interface ContainerResources {
    readonly requests: ResourcePair;
    readonly limits: ResourcePair;
}

/** Requests and limits of cpu and memory, in that order: a budget table's row. */
export function containerResources(
    cpu: string,
    memory: string,
    limitCpu: string,
    limitMemory: string,
): ContainerResources {
    return { requests: { cpu, memory }, limits: { cpu: limitCpu, memory: limitMemory } };
}

/** Pods a system namespace can hold at once: their containers and how many copies run. */
export interface BudgetPod {
    readonly containers: readonly ContainerResources[];
    readonly copies: number;
}

/**
 * A system namespace's quota sized to exactly what runs: the pods' requests and limits summed, their count, and
 * the Services it needs; it claims no storage and no GPUs. The requests count toward the cluster's promised
 * capacity, so nothing is rounded up.
 */
export function podsQuota(pods: readonly BudgetPod[], services: number): TenantQuota {
    const total = (pick: (c: ContainerResources) => string) =>
        pods.reduce((sum, pod) => sum + pod.copies * pod.containers.reduce((s, c) => s + quantity(pick(c)), 0), 0);
    return {
        requestsCpu: formatCpu(total((c) => c.requests.cpu)),
        requestsMemory: formatBytes(total((c) => c.requests.memory)),
        limitsCpu: formatCpu(total((c) => c.limits.cpu)),
        limitsMemory: formatBytes(total((c) => c.limits.memory)),
        pods: pods.reduce((sum, pod) => sum + pod.copies, 0),
        services,
        persistentVolumeClaims: 0,
        requestsStorage: "0",
        gpus: 0,
    };
}

export function namespaceLabels(
    level: PodSecurityLevel,
    extra: Readonly<Record<string, string>>,
): Record<string, string> {
    return platformLabels({ ...extra, ...podSecurityLabels(level) });
}

export function resourceQuotaSpec(quota: TenantQuota): QuotaSpec {
    return {
        hard: {
            "requests.cpu": quota.requestsCpu,
            "requests.memory": quota.requestsMemory,
            "limits.cpu": quota.limitsCpu,
            "limits.memory": quota.limitsMemory,
            pods: String(quota.pods),
            services: String(quota.services),
            persistentvolumeclaims: String(quota.persistentVolumeClaims),
            "requests.storage": quota.requestsStorage,
            [`requests.${GPU_RESOURCE}`]: String(quota.gpus),
        },
    };
}

/**
 * The namespace's per-container bounds and defaults. Ephemeral storage is always defaulted (a container a chart
 * gives no resources values, such as a copy-only init container, still gets a request and a limit) but bounded
 * only where the limits say so.
 */
export function limitRangeSpec(limits: TenantLimits): LimitRangeSpec {
    const pair = (p: ResourcePair, ephemeralDefault?: string) => {
        const ephemeral = p[EPHEMERAL_STORAGE] ?? ephemeralDefault;
        return { cpu: p.cpu, memory: p.memory, ...(ephemeral === undefined ? {} : { [EPHEMERAL_STORAGE]: ephemeral }) };
    };
    return {
        limits: [
            {
                type: "Container",
                max: pair(limits.max),
                min: pair(limits.min),
                default: pair(limits.default, DEFAULT_EPHEMERAL_STORAGE.limit),
                defaultRequest: pair(limits.defaultRequest, DEFAULT_EPHEMERAL_STORAGE.request),
            },
        ],
    };
}

/** Selects every pod and allows nothing: the baseline that explicit allow policies open up. */
export function defaultDenySpec(): NetworkPolicySpec {
    return { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
}

/** Lets every pod resolve names through CoreDNS in kube-system, over UDP and TCP. */
export function dnsEgressSpec(): NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
            {
                to: [
                    {
                        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: KubernetesNamespace.kubeSystem } },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ],
    };
}
