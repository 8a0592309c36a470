import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

/** The only capability the restricted Pod Security Standard lets a container add back. */
const RESTRICTED_ADD: string = "NET_BIND_SERVICE";

const DEFAULTS = {
    allowedCapabilities: [RESTRICTED_ADD] as string[],
};

// Names are compared exactly, as Pod Security Admission compares them (check_capabilities_restricted.go): the
// runtime would accept "all" or "CAP_NET_BIND_SERVICE", but a namespace that enforces the restricted level rejects
// the pod, so the pack does too. The profile may only narrow the allow-list (to none); a workload that needs more
// takes a per-object exemption.
export const kubernetesCoreV1ContainerDisallowUnrestrictedCapabilities: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-unrestricted-capabilities",
    description:
        "Every container drops ALL Linux capabilities and adds back at most NET_BIND_SERVICE, as the restricted Pod Security Standard requires.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        'Set securityContext.capabilities.drop: ["ALL"] (upper case, no CAP_ prefix) and add back only NET_BIND_SERVICE, to bind ports below 1024; a workload that needs another capability needs a per-object exemption in policy/exemptions.yaml.',
    configSchema: {
        properties: {
            allowedCapabilities: {
                type: "array",
                items: { type: "string", enum: [RESTRICTED_ADD] },
                description: "Capabilities a container may add back after dropping ALL: NET_BIND_SERVICE or none.",
                default: DEFAULTS.allowedCapabilities,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        const allowed = config.allowedCapabilities.filter((c) => c === RESTRICTED_ADD);
        for (const { label, container } of containersOf(podSpec)) {
            const capabilities = container.securityContext?.capabilities ?? {};
            const drop = (capabilities.drop ?? []) as string[];
            if (!drop.includes("ALL")) {
                report(`${label} must set securityContext.capabilities.drop=["ALL"]`);
            }
            const added = ((capabilities.add ?? []) as string[]).filter((c) => !allowed.includes(c));
            if (added.length > 0) {
                const list = added.map((c) => `"${c}"`).join(", ");
                report(`${label} must not add capabilities ${list} (allowed: ${allowed.join(", ") || "none"})`);
            }
        }
    }),
};
