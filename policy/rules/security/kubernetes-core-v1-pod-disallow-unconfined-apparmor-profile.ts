import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { securityContextsOf, validatePodTemplate } from "../../lib/pss-pods";
import type { Props } from "../../lib/resources";

const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];

/** The beta annotations that set a container's profile before securityContext.appArmorProfile (Kubernetes 1.30). */
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** The standard's allowed annotation values: empty, runtime/default or a localhost/<profile>. */
function allowedAnnotationValue(value: unknown): boolean {
    return value === "" || value === "runtime/default" || (typeof value === "string" && value.startsWith("localhost/"));
}

export const kubernetesCoreV1PodDisallowUnconfinedApparmorProfile: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-unconfined-apparmor-profile",
    description:
        "No pod or container overrides the runtime's AppArmor profile with anything but RuntimeDefault or a Localhost profile, in securityContext.appArmorProfile or in the pod's container.apparmor.security.beta.kubernetes.io annotations.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        'Remove the AppArmor override (the runtime\'s default profile applies), or set securityContext.appArmorProfile.type to "RuntimeDefault", or to "Localhost" with a localhostProfile loaded on every node; replace a container.apparmor.security.beta.kubernetes.io/<container> annotation with the securityContext field.',
    validateResource: validatePodTemplate((podSpec, podMetadata, report) => {
        for (const { label, securityContext } of securityContextsOf(podSpec)) {
            const profile = securityContext?.appArmorProfile as Props | undefined;
            if (profile === undefined || profile === null) {
                continue;
            }
            const type: unknown = profile.type;
            if (!ALLOWED_TYPES.includes(type as string)) {
                const actual = type === undefined ? "unset" : `"${String(type)}"`;
                report(
                    `${label} must set securityContext.appArmorProfile.type to "RuntimeDefault" or "Localhost" (is ${actual})`,
                );
            }
        }
        const annotations = (podMetadata.annotations ?? {}) as Props;
        // Only AppArmor keys are read: an unrelated annotation unknown at preview does not stop the check.
        for (const key of Object.keys(annotations).filter((k) => k.startsWith(ANNOTATION_PREFIX))) {
            const value: unknown = annotations[key];
            if (!allowedAnnotationValue(value)) {
                report(
                    `pod must not set annotation ${key}="${String(value)}" (allowed: "runtime/default", "localhost/<profile>")`,
                );
            }
        }
    }),
};
