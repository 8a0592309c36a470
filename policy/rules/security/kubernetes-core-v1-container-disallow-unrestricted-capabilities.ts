import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

const DEFAULTS = {
    allowedCapabilities: ["NET_BIND_SERVICE"] as string[],
};

/** The runtime accepts capability names with or without the CAP_ prefix, in any case. */
function normalise(capability: string): string {
    return capability.toUpperCase().replace(/^CAP_/, "");
}

export const kubernetesCoreV1ContainerDisallowUnrestrictedCapabilities: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-unrestricted-capabilities",
    description: "Every container drops ALL Linux capabilities and adds back only allowed ones.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        'Set securityContext.capabilities.drop: ["ALL"] and add back only what the process needs (NET_BIND_SERVICE to bind ports below 1024).',
    configSchema: {
        properties: {
            allowedCapabilities: {
                type: "array",
                items: { type: "string" },
                description: "Capabilities a container may add back after dropping ALL.",
                default: DEFAULTS.allowedCapabilities,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        const allowed = new Set(config.allowedCapabilities.map(normalise));
        for (const { label, container } of containersOf(podSpec)) {
            const capabilities = container.securityContext?.capabilities ?? {};
            const drop = ((capabilities.drop ?? []) as string[]).map(normalise);
            if (!drop.includes("ALL")) {
                report(`${label} must set securityContext.capabilities.drop=["ALL"]`);
            }
            const added = ((capabilities.add ?? []) as string[]).filter((c) => !allowed.has(normalise(c)));
            if (added.length > 0) {
                const list = added.map((c) => `"${c}"`).join(", ");
                report(`${label} must not add capabilities ${list} (allowed: ${[...allowed].join(", ") || "none"})`);
            }
        }
    }),
};
