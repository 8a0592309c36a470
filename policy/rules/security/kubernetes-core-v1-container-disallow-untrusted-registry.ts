import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { isChart } from "../../lib/charts-helm";
import { chartPinOf, imageOwnerLabel, imagesOf } from "../../lib/images";
import { findInventory } from "../../lib/quotas-inventory";
import { parseImage, underPrefix } from "../../lib/security-images";

const DEFAULTS = {
    allowedRegistries: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "nvcr.io", "cr.fluentbit.io"] as string[],
};

// Where images may come from is the profile's to say (reviewed like code), never the stack file's: a mirror the
// inventory declares must itself lie under an allowed registry, and only then narrows every image to it.
// A stack policy, not a resource policy: the mirror is published in the cluster inventory ConfigMap, and only a
// stack policy sees that ConfigMap next to the workloads (in `pulumi preview` too).
export const kubernetesCoreV1ContainerDisallowUntrustedRegistry: PlatformStackPolicy = {
    name: "kubernetes-core-v1-container-disallow-untrusted-registry",
    description:
        "Every image a resource makes the cluster pull (containers, custom resources, chart values and chart defaults) comes from an allowed registry, and from the registry mirror the cluster inventory declares when it declares one.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Pull the image from an allowed registry (allowedRegistries in the stack's policy profile), or mirror it and reference the mirror; when the cluster inventory declares a registry mirror (platform:registry.mirror), every image must come from it, and the mirror itself must be under an allowed registry: moving it takes a reviewed profile change. Set a chart's images in its values (image.repository, the chart's registry value) and declare a new chart's images in its pin in contract/versions.ts.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                description:
                    "Registry hosts or repository prefixes (ghcr.io, docker.io/library, a mirror such as harbor.example.com/mirror) images may come from, the declared registry mirror included; an image without a host is docker.io.",
                default: DEFAULTS.allowedRegistries,
            },
        },
    },
    validateStack: (args, report) => {
        const { allowedRegistries } = withDefaults(DEFAULTS, args.getConfig);
        const allowed = allowedRegistries.join(", ");
        const inventory = findInventory(args.resources);
        const declared = inventory?.registryMirror;
        const mirror =
            declared !== undefined && allowedRegistries.some((prefix) => underPrefix(declared, prefix))
                ? declared
                : undefined;
        if (inventory?.registryMirror !== undefined && mirror === undefined) {
            report(
                `platform:registry.mirror "${inventory.registryMirror}", published in ConfigMap "${inventory.name}", is under no allowed registry (${allowed}); a mirror moves only with the policy profile`,
                inventory.urn,
            );
        }
        const problemOf = (fullName: string): string | undefined => {
            if (mirror !== undefined) {
                return underPrefix(fullName, mirror)
                    ? undefined
                    : `not from the registry mirror "${mirror}" the cluster inventory declares`;
            }
            return allowedRegistries.some((prefix) => underPrefix(fullName, prefix))
                ? undefined
                : `which resolves to "${fullName}", under no allowed registry (${allowed})`;
        };
        for (const resource of args.resources) {
            // Read only to report: a name unknown at preview does not stop the check of other resources.
            const label = () => imageOwnerLabel(resource.type, resource.props, resource.name);
            if (isChart(resource.type) && chartPinOf(resource.props) === undefined) {
                report(
                    `${label()} is no chart pinned in contract/versions.ts, so the images it runs by default are unknown`,
                    resource.urn,
                );
            }
            for (const { path, image, origin } of imagesOf(resource.type, resource.props)) {
                if (image === undefined) {
                    continue;
                }
                const problem = problemOf(parseImage(image).fullName);
                if (problem !== undefined) {
                    const from = origin === undefined ? "" : ` (${origin})`;
                    report(`${label()} ${path} is "${image}"${from}, ${problem}`, resource.urn);
                }
            }
        }
    },
};
