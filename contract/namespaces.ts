// Namespace names the platform creates or relies on, and the host access their node agents need.

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

/** Access a node agent needs that the restricted pod-security checks forbid. */
export const HostAccess = {
    /** Privileged containers. */
    privileged: "privileged",
    /** hostNetwork, hostPID or hostIPC. */
    hostNamespaces: "hostNamespaces",
    /** hostPath volumes. */
    hostPath: "hostPath",
    /** Root, privilege escalation, added capabilities, no seccomp profile, a writable root filesystem. */
    root: "root",
} as const;
export type HostAccess = (typeof HostAccess)[keyof typeof HostAccess];

/**
 * The namespaces whose system DaemonSets need host access, and which; the pod-security rules exempt exactly these
 * by default, per check, so a namespace exempt from one check is still held to the others. Areas that run node
 * agents add their namespace here.
 * - kube-system: kube-proxy and the CNI (Calico under kubespray) run privileged, on the host network, with host
 *   paths (/lib/modules, /run/xtables.lock, CNI config), as root.
 * - metallb-system: the speaker needs the host network to answer ARP for L2 pools, runs as root and adds NET_RAW.
 */
export const NAMESPACE_HOST_ACCESS: Readonly<Record<string, readonly HostAccess[]>> = {
    [KubernetesNamespace.kubeSystem]: Object.values(HostAccess),
    [NetworkNamespace.metallb]: [HostAccess.hostNamespaces, HostAccess.root],
};

/** Namespaces whose node agents need `access`, sorted. */
export function namespacesNeeding(access: HostAccess): string[] {
    return Object.keys(NAMESPACE_HOST_ACCESS)
        .filter((ns) => NAMESPACE_HOST_ACCESS[ns].includes(access))
        .sort();
}
