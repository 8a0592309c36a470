// Namespace names the platform creates or relies on.
import { GPU_OPERATOR_NAMESPACE } from "./gpu";

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

/**
 * Namespaces the planned areas will create (storage: local-path-provisioner's and Longhorn's upstream namespaces;
 * observability: monitoring; inference: the GPU operator's). No tenant may take one now, so adding the area later
 * cannot collide with a tenant; an area that lands declares its namespaces through Area.namespaces() instead.
 */
export const PLANNED_PLATFORM_NAMESPACES: readonly string[] = [
    "local-path-storage",
    "longhorn-system",
    "monitoring",
    GPU_OPERATOR_NAMESPACE,
];
