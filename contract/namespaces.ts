// Namespace names the platform creates or relies on.
import { GPU_OPERATOR_NAMESPACE } from "./gpu";
import { KEDA_NAMESPACE } from "./keda";

/** Namespaces every cluster has; a tenant may not take one. */
export const KubernetesNamespace = {
    default: "default",
    kubeSystem: "kube-system",
    kubePublic: "kube-public",
    kubeNodeLease: "kube-node-lease",
} as const;

export const RESERVED_NAMESPACES: readonly string[] = Object.values(KubernetesNamespace);

/** Namespaces the network area creates. Config flows may name them like tenant namespaces. */
export const NetworkNamespace = {
    metallb: "metallb-system",
    certManager: "cert-manager",
    envoyGateway: "envoy-gateway-system",
    gateway: "gateway-system",
} as const;
export type NetworkNamespace = (typeof NetworkNamespace)[keyof typeof NetworkNamespace];

/** Namespaces the storage area creates. */
export const StorageNamespace = {
    localPath: "local-path-storage",
    /** csi-driver-nfs's controller and node plugin (privileged, host network). */
    nfs: "csi-nfs",
    /** Longhorn's upstream namespace: its manager creates instance-manager and engine pods there. */
    longhorn: "longhorn-system",
} as const;
export type StorageNamespace = (typeof StorageNamespace)[keyof typeof StorageNamespace];

/** Namespaces the data area creates; the database and cache instances live in their apps' namespaces. */
export const DataNamespace = {
    mariadbOperator: "mariadb-operator",
} as const;
export type DataNamespace = (typeof DataNamespace)[keyof typeof DataNamespace];

/**
 * Namespaces the observability area creates: `monitoring` (restricted: Prometheus, Alertmanager, Grafana, Loki, and
 * Alloy when it reads logs through the API server), and one privileged namespace per host-level agent, so nothing
 * else runs with host access: node-exporter (host network, PID and root file system) and Alloy when it tails
 * `/var/log` on each node.
 */
export const ObservabilityNamespace = {
    monitoring: "monitoring",
    nodeExporter: "node-exporter",
    logAgents: "log-agents",
} as const;
export type ObservabilityNamespace = (typeof ObservabilityNamespace)[keyof typeof ObservabilityNamespace];

/**
 * Namespaces platform areas create when a stack enables them, or will create once they land (storage's, whichever
 * provisioners a stack enables; observability's; inference: the GPU operator's). No tenant may take one,
 * so enabling a provisioner or adding an area later cannot collide with a tenant.
 */
export const PLANNED_PLATFORM_NAMESPACES: readonly string[] = [
    ...Object.values(StorageNamespace),
    ...Object.values(DataNamespace),
    ...Object.values(ObservabilityNamespace),
    GPU_OPERATOR_NAMESPACE,
    KEDA_NAMESPACE,
];
