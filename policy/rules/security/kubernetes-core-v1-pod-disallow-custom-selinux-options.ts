import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { securityContextsOf } from "../../lib/pss-pods";
import type { Props } from "../../lib/resources";
import { validatePodSpec } from "../../lib/security-pods";

/** The baseline Pod Security Standard's SELinux types, as Pod Security Admission checks them from Kubernetes 1.31. */
const ALLOWED_TYPES = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/** Unset or empty, as the standard allows for type, user and role alike. */
function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

export const kubernetesCoreV1PodDisallowCustomSelinuxOptions: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-custom-selinux-options",
    description:
        "No pod or container sets an SELinux type other than container_t, container_init_t, container_kvm_t or container_engine_t, nor an SELinux user or role.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Remove securityContext.seLinuxOptions.type, .user and .role from the pod and its containers (the runtime's container_t applies), keeping only .level if the workload needs an MCS level; a type such as spc_t runs the container unconfined and needs a per-object exemption in policy/exemptions.yaml.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, securityContext } of securityContextsOf(podSpec)) {
            const options = securityContext?.seLinuxOptions as Props | undefined;
            if (options === undefined || options === null) {
                continue;
            }
            const type: unknown = options.type;
            if (isSet(type) && !ALLOWED_TYPES.includes(type as string)) {
                report(
                    `${label} must not set securityContext.seLinuxOptions.type to "${String(type)}" (allowed: unset, ${ALLOWED_TYPES.join(", ")})`,
                );
            }
            for (const field of ["user", "role"]) {
                const value: unknown = options[field];
                if (isSet(value)) {
                    report(`${label} must not set securityContext.seLinuxOptions.${field} (is "${String(value)}")`);
                }
            }
        }
    }),
};
