import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { quoted } from "../../lib/pss-pods";
import type { Props } from "../../lib/resources";
import { validatePodSpec } from "../../lib/security-pods";

// The baseline Pod Security Standard's safe sysctls as Pod Security Admission checks them from Kubernetes 1.32
// (policy/check_sysctls.go, sysctlsAllowedV1Dot32; the kubelet's safe set of the same release): 1.27 added
// ip_local_reserved_ports, 1.29 the four TCP keepalive/FIN timers, 1.32 tcp_rmem and tcp_wmem. Kubernetes 1.37
// adds net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat: add them to allowedSysctls in the
// profiles once every cluster runs 1.37, not before (an older kubelet refuses to start a pod that sets them).
const DEFAULTS = {
    allowedSysctls: [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
    ] as string[],
};

export const kubernetesCoreV1PodDisallowUnsafeSysctls: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-unsafe-sysctls",
    description:
        "No pod sets a sysctl outside the baseline Pod Security Standard's safe set, which holds only namespaced sysctls isolated from other pods on the node.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        "Remove the sysctl from spec.securityContext.sysctls; a node-wide kernel setting belongs in the node's configuration (sysctl.d), not in a pod, and a safe sysctl added by a newer Kubernetes release goes into allowedSysctls in the policy profile once every cluster runs that release.",
    configSchema: {
        properties: {
            allowedSysctls: {
                type: "array",
                items: { type: "string" },
                description: "Sysctl names a pod may set (exact names, no patterns).",
                default: DEFAULTS.allowedSysctls,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        const allowed = new Set(config.allowedSysctls);
        const sysctls = (podSpec.securityContext?.sysctls ?? []) as Props[];
        const unsafe = sysctls.map((s) => s.name as unknown).filter((name) => !allowed.has(name as string));
        if (unsafe.length > 0) {
            report(
                `pod must not set sysctls ${quoted(unsafe)} in securityContext.sysctls (allowed: ${config.allowedSysctls.join(", ") || "none"})`,
            );
        }
    }),
};
