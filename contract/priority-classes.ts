// The PriorityClasses the platform declares, by name: the cluster area creates them, every pod template and chart
// names one, and the policy pack accepts these and the built-in system classes.

/** Names of the platform's own PriorityClasses. */
export const PriorityClassName = {
    /** Platform components: controllers, agents, gateways, data services, telemetry. */
    platform: "platform-critical",
    /** Tenant workloads: the apps in governed namespaces. */
    tenant: "tenant-workload",
} as const;
export type PriorityClassName = (typeof PriorityClassName)[keyof typeof PriorityClassName];

/** The classes every cluster has built in (kube-apiserver creates them); kube-system's own pods use them. */
export const SYSTEM_PRIORITY_CLASSES: readonly string[] = ["system-node-critical", "system-cluster-critical"];

export interface PriorityClassSpec {
    readonly name: PriorityClassName;
    /** Below the system classes' 2 000 000 000 and the user-defined ceiling of 1 000 000 000. */
    readonly value: number;
    readonly globalDefault: boolean;
    readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
    readonly description: string;
}

/*
 * The capacity is fixed (on-prem nodes, no autoscaler), so priority decides who runs when nodes are lost or full.
 * Platform components preempt tenants: without the gateway, DNS-adjacent agents, storage and telemetry no tenant
 * works either. Tenants never preempt anyone (`Never`): a tenant scaling out waits for room rather than evicting a
 * neighbour, and can never evict the platform, whose value is higher anyway. The tenant class is the global
 * default, so a pod created outside the program (an operator's, a `kubectl run`) lands at tenant level, never above
 * it. system-node-critical and system-cluster-critical stay for what already uses them (kube-system, the CSI node
 * plugins, local-path's helper pods that must run on the node holding the volume).
 */
export const PRIORITY_CLASSES: readonly PriorityClassSpec[] = [
    {
        name: PriorityClassName.platform,
        value: 1_000_000,
        globalDefault: false,
        preemptionPolicy: "PreemptLowerPriority",
        description: "Platform components; preempts tenant workloads when the fixed capacity is short.",
    },
    {
        name: PriorityClassName.tenant,
        value: 1_000,
        globalDefault: true,
        preemptionPolicy: "Never",
        description: "Tenant workloads (the default); never preempts other pods.",
    },
];
