import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { parseImage, underPrefix } from "../../lib/security-images";
import { validatePodSpec } from "../../lib/security-pods";

const DEFAULTS = {
    allowWritableRootFilesystem: [] as string[],
};

export const kubernetesCoreV1ContainerEnableReadOnlyRootFilesystem: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-enable-read-only-root-filesystem",
    description:
        "Every container mounts its root filesystem read-only unless its image is allow-listed as needing a writable one.",
    severity: "low",
    tags: [Topic.security],
    remediationSteps:
        "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (/tmp, caches); list images that cannot run so in allowWritableRootFilesystem.",
    configSchema: {
        properties: {
            allowWritableRootFilesystem: {
                type: "array",
                items: { type: "string" },
                description:
                    "Image name prefixes (registry/repository, e.g. docker.io/library/wordpress) that need a writable root filesystem.",
                default: DEFAULTS.allowWritableRootFilesystem,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            if (container.securityContext?.readOnlyRootFilesystem === true) {
                continue;
            }
            const image = container.image;
            const allowed =
                typeof image === "string" &&
                config.allowWritableRootFilesystem.some((prefix) => underPrefix(parseImage(image).fullName, prefix));
            if (!allowed) {
                report(`${label} must set securityContext.readOnlyRootFilesystem=true`);
            }
        }
    }),
};
