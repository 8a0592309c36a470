import type { TenantLimits, TenantQuota } from "../tenancy/manifests";

/** Namespaces the network component owns. Config flows may name them like tenant namespaces. */
export const NetworkNamespace = {
    metallb: "metallb-system",
    certManager: "cert-manager",
    envoyGateway: "envoy-gateway-system",
    gateway: "gateway-system",
} as const;
export type NetworkNamespace = (typeof NetworkNamespace)[keyof typeof NetworkNamespace];

/** Every namespace created by the platform's own components (tenants come from config). */
export const SYSTEM_NAMESPACES: readonly string[] = Object.values(NetworkNamespace);

/** Namespaces carrying this label may attach routes to the shared Gateway's HTTPS listeners. */
export const GATEWAY_ACCESS_LABEL = "platform.io/gateway-access";

export interface SystemBudget {
    readonly quota: TenantQuota;
    readonly limits: TenantLimits;
}

function budget(requestsCpu: string, requestsMemory: string, limitsMemory: string, pods: number): SystemBudget {
    return {
        quota: {
            requestsCpu,
            requestsMemory,
            // Limits reserve nothing; generous enough that LimitRange defaults never block a rollout.
            limitsCpu: "8",
            limitsMemory,
            pods,
            services: 5,
            persistentVolumeClaims: 0,
            requestsStorage: "0",
            gpus: 0,
        },
        limits: {
            max: { cpu: "2", memory: "1Gi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "500m", memory: "256Mi" },
            defaultRequest: { cpu: "50m", memory: "64Mi" },
        },
    };
}

/**
 * metallb-system's budget: a speaker on every node (with FRR's sidecars in BGP mode) plus the controller. The
 * quota's requests count toward the cluster's promised capacity, so it is sized to what runs, not rounded up.
 */
export function metallbBudget(nodes: number, bgp: boolean): SystemBudget {
    const perNode = bgp ? { cpu: 150, memory: 256 } : { cpu: 50, memory: 64 };
    return budget(
        `${nodes * perNode.cpu + 100}m`,
        `${nodes * perNode.memory + 128}Mi`,
        `${nodes * (bgp ? 512 : 128) + 512}Mi`,
        nodes + 4,
    );
}

/**
 * Quota and LimitRange of the other system namespaces, sized for the pods the charts run (three cert-manager pods
 * plus ACME solvers; the Envoy Gateway controller plus two proxies and a surge pod; HTTP-01 solver pods in the
 * Gateway's namespace). Small, so tenants keep the cluster's capacity.
 */
export const SYSTEM_BUDGETS: Readonly<Record<Exclude<NetworkNamespace, "metallb-system">, SystemBudget>> = {
    [NetworkNamespace.certManager]: budget("300m", "384Mi", "1536Mi", 8),
    [NetworkNamespace.envoyGateway]: budget("800m", "1Gi", "3Gi", 10),
    [NetworkNamespace.gateway]: budget("200m", "256Mi", "512Mi", 6),
};
