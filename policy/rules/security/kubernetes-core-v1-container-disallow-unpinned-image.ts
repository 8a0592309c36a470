import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { parseImage } from "../../lib/security-images";
import { validatePodSpec } from "../../lib/security-pods";

const DEFAULTS = {
    mutableTags: ["latest", "stable", "edge", "nightly"] as string[],
};

export const kubernetesCoreV1ContainerDisallowUnpinnedImage: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-unpinned-image",
    description: "Every container image is pinned to a version tag or a digest, never a missing or moving tag.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Reference images from the versions file with an exact version tag, or better a digest (name:tag@sha256:...).",
    configSchema: {
        properties: {
            mutableTags: {
                type: "array",
                items: { type: "string" },
                description: "Tags that move between releases and so pin nothing (compared case-insensitively).",
                default: DEFAULTS.mutableTags,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        const mutable = config.mutableTags.map((tag) => tag.toLowerCase());
        for (const { label, container } of containersOf(podSpec)) {
            const image = container.image;
            if (typeof image !== "string") {
                continue;
            }
            const { tag, digest } = parseImage(image);
            // A digest pins the content whatever the tag says.
            if (digest !== undefined) {
                continue;
            }
            if (tag === undefined) {
                report(`${label} image "${image}" has no tag, so it pulls "latest"`);
            } else if (mutable.includes(tag.toLowerCase())) {
                report(`${label} image "${image}" uses the moving tag "${tag}"`);
            }
        }
    }),
};
