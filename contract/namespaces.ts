// Namespace names the platform creates or relies on.

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
