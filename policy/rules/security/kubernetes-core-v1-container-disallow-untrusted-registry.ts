import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { parseImage, underPrefix } from "../../lib/security-images";
import { validatePodSpec } from "../../lib/security-pods";

const DEFAULTS = {
    allowedRegistries: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "nvcr.io", "cr.fluentbit.io"] as string[],
    offlineMirror: "",
};

export const kubernetesCoreV1ContainerDisallowUntrustedRegistry: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-untrusted-registry",
    description:
        "Every container image comes from an allowed registry, or only from the offline mirror when one is configured.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Pull the image from an allowed registry, or mirror it and reference the mirror; when offline, every image must come from offlineMirror.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                description:
                    "Registry hosts or repository prefixes (ghcr.io, docker.io/library) images may come from; an image without a host is docker.io.",
                default: DEFAULTS.allowedRegistries,
            },
            offlineMirror: {
                type: "string",
                description:
                    "When set, the only allowed prefix (e.g. harbor.internal/mirror): the offline cluster reaches no other registry.",
                default: DEFAULTS.offlineMirror,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            const image = container.image;
            if (typeof image !== "string") {
                continue;
            }
            const { fullName } = parseImage(image);
            if (config.offlineMirror !== "") {
                if (!underPrefix(fullName, config.offlineMirror)) {
                    report(`${label} image "${image}" is not from the offline mirror "${config.offlineMirror}"`);
                }
            } else if (!config.allowedRegistries.some((prefix) => underPrefix(fullName, prefix))) {
                report(
                    `${label} image "${image}" resolves to "${fullName}", which is under no allowed registry (${config.allowedRegistries.join(", ")})`,
                );
            }
        }
    }),
};
