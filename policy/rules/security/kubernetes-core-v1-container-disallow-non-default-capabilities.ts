import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

/**
 * The capabilities the baseline Pod Security Standard lets a container add: the container runtimes' default set,
 * as `capabilities_allowed_1_0` in Pod Security Admission's check_capabilities_baseline.go lists it. NET_RAW,
 * which runtimes used to grant, is not in it.
 */
export const BASELINE_CAPABILITIES: readonly string[] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

// The restricted rule (kubernetes-core-v1-container-disallow-unrestricted-capabilities) asks more of every container,
// and a node agent that cannot meet it is exempt from it per object; this rule is the floor those agents still stand
// on, so a chart upgrade that adds SYS_ADMIN to an already-exempt DaemonSet is caught. Like Pod Security Admission,
// it compares names exactly ("CAP_SYS_ADMIN" and "sys_admin" are outside the set, though the runtime would grant
// them), does not read drop (adding ALL and dropping some is still adding them), and has no config: a pod that
// needs more, such as a CSI node plugin's SYS_ADMIN, takes a per-object exemption naming it.
export const kubernetesCoreV1ContainerDisallowNonDefaultCapabilities: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-non-default-capabilities",
    description:
        "No container adds a Linux capability outside the baseline Pod Security Standard's default set (no NET_RAW, SYS_ADMIN, NET_ADMIN or ALL), the floor under the restricted capabilities rule that still holds for workloads exempt from it.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Remove the capability from securityContext.capabilities.add, or add only names from the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) in upper case without CAP_; a node agent that needs more needs a per-object exemption in policy/exemptions.yaml that names the capability.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            const added = (container.securityContext?.capabilities?.add ?? []) as string[];
            const outside = [...new Set(added.filter((c) => !BASELINE_CAPABILITIES.includes(c)))];
            if (outside.length > 0) {
                const list = outside.map((c) => `"${c}"`).join(", ");
                report(`${label} must not add capabilities ${list}, outside the baseline Pod Security Standard's set`);
            }
        }
    }),
};
