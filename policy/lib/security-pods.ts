import type { PolicyConfigSchema, ResourceValidation } from "@pulumi/policy";
import { withDefaults } from "./config";
import { metadataNamespace } from "./resources";
import { podSpecOf } from "./workloads";

type Props = Record<string, any>;

/**
 * Default `exemptNamespaces` of the pod-security rules: only namespaces whose system DaemonSets need the access
 * the rule forbids, per rule, so a namespace exempt from one check is still held to the others.
 * - kube-system: kube-proxy and the CNI (Calico under kubespray) run privileged, on the host network, with
 *   host paths (/lib/modules, /run/xtables.lock, CNI config), as root.
 * - metallb-system: the speaker needs the host network to answer ARP for L2 pools, runs as root and adds NET_RAW.
 * - gpu-operator: the driver and container-toolkit DaemonSets run privileged with hostPID and host paths (or the
 *   device plugin's /var/lib/kubelet/device-plugins socket directory), as root.
 * - longhorn-system: longhorn-manager and the CSI plugin run privileged with hostPID, /dev, /proc and the
 *   kubelet's plugin directories.
 * - monitoring: node-exporter reads the host's /proc, /sys and / with hostNetwork and hostPID; it is otherwise
 *   non-root and read-only, so monitoring is held to the restricted checks.
 */
export const SystemNamespaces = {
    privileged: ["kube-system", "gpu-operator", "longhorn-system"],
    hostNamespaces: ["kube-system", "metallb-system", "gpu-operator", "longhorn-system", "monitoring"],
    hostPath: ["kube-system", "gpu-operator", "longhorn-system", "monitoring"],
    /** runAsNonRoot, privilege escalation, capabilities, seccomp, read-only root: the root/privileged DaemonSets. */
    restricted: ["kube-system", "metallb-system", "gpu-operator", "longhorn-system"],
} as const satisfies Record<string, readonly string[]>;

export interface ExemptConfig {
    readonly exemptNamespaces: readonly string[];
}

/** The `exemptNamespaces` property with a rule's own default. */
export function exemptNamespacesProperty(defaults: readonly string[]): PolicyConfigSchema["properties"] {
    return {
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            description:
                "Namespaces this rule does not check: system namespaces whose node agents need what it forbids.",
            default: [...defaults],
        },
    };
}

/**
 * A resource validation over every workload's pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Job, CronJob) outside the configured exempt namespaces, if the rule has any; `check` receives the merged config.
 * The namespace is read only when there is something to report, so a compliant workload whose namespace is
 * unknown at preview still passes cleanly.
 */
export function validatePodSpec<T extends object>(
    defaults: T,
    check: (podSpec: Props, config: T, report: (message: string) => void) => void,
): ResourceValidation {
    return (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(defaults, args.getConfig);
        const found: string[] = [];
        check(podSpec, config, (message) => found.push(message));
        const { exemptNamespaces } = config as Partial<ExemptConfig>;
        if (found.length === 0 || exemptNamespaces?.includes(metadataNamespace(args.props))) {
            return;
        }
        for (const message of found) {
            report(message);
        }
    };
}

/** A security context field as the kubelet applies it: the container's value, else the pod's. */
export function effective(podSpec: Props, container: Props, field: string): unknown {
    return container.securityContext?.[field] ?? podSpec.securityContext?.[field];
}
