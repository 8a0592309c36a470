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
            limitsCpu: "4",
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
            default: { cpu: "200m", memory: "256Mi" },
            defaultRequest: { cpu: "50m", memory: "64Mi" },
        },
    };
}

/**
 * Quota and LimitRange of each system namespace, sized for the pods the charts run (a speaker per node plus the
 * controller; three cert-manager pods plus ACME solvers; the Envoy Gateway controller plus up to three proxies;
 * only HTTP-01 solver pods in the Gateway's namespace). Small, so tenants keep the cluster's capacity.
 */
export const SYSTEM_BUDGETS: Readonly<Record<NetworkNamespace, SystemBudget>> = {
    [NetworkNamespace.metallb]: budget("500m", "512Mi", "2Gi", 16),
    [NetworkNamespace.certManager]: budget("300m", "384Mi", "1536Mi", 8),
    [NetworkNamespace.envoyGateway]: budget("600m", "768Mi", "3Gi", 8),
    [NetworkNamespace.gateway]: budget("100m", "128Mi", "512Mi", 4),
};
