import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { parseImage, underPrefix } from "../../lib/security-images";
import { containersOf, podSpecOf } from "../../lib/workloads";

const DEFAULTS = {
    allowedRegistries: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "nvcr.io", "cr.fluentbit.io"] as string[],
};

// A stack policy, not a resource policy: the mirror is a fact of the stack, published in the cluster inventory
// ConfigMap, and only a stack policy sees that ConfigMap next to the workloads (in `pulumi preview` too).
export const kubernetesCoreV1ContainerDisallowUntrustedRegistry: PlatformStackPolicy = {
    name: "kubernetes-core-v1-container-disallow-untrusted-registry",
    description:
        "Every container image comes from the registry mirror the cluster inventory declares, or from an allowed registry when it declares none.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Pull the image from an allowed registry, or mirror it and reference the mirror; when the cluster inventory declares a registry mirror (platform:registry.mirror), every image must come from it.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                description:
                    "Registry hosts or repository prefixes (ghcr.io, docker.io/library) images may come from when the inventory declares no mirror; an image without a host is docker.io.",
                default: DEFAULTS.allowedRegistries,
            },
        },
    },
    validateStack: (args, report) => {
        const { allowedRegistries } = withDefaults(DEFAULTS, args.getConfig);
        const mirror = findInventory(args.resources)?.registryMirror;
        for (const resource of args.resources) {
            const podSpec = podSpecOf(resource.type, resource.props);
            if (podSpec === undefined) {
                continue;
            }
            for (const { label, container } of containersOf(podSpec)) {
                const image: unknown = container.image;
                // No image: the API server rejects such a pod anyway.
                if (typeof image !== "string") {
                    continue;
                }
                const { fullName } = parseImage(image);
                if (mirror !== undefined) {
                    if (!underPrefix(fullName, mirror)) {
                        report(
                            `${label} image "${image}" is not from the registry mirror "${mirror}" the cluster inventory declares`,
                            resource.urn,
                        );
                    }
                } else if (!allowedRegistries.some((prefix) => underPrefix(fullName, prefix))) {
                    report(
                        `${label} image "${image}" resolves to "${fullName}", which is under no allowed registry (${allowedRegistries.join(", ")})`,
                        resource.urn,
                    );
                }
            }
        }
    },
};
