import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { effective, validatePodSpec } from "../../lib/security-pods";
import type { Props } from "../../lib/resources";

const CONFINED = ["RuntimeDefault", "Localhost"];

export const kubernetesCoreV1ContainerEnforceSeccompProfile: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-enforce-seccomp-profile",
    description:
        "Every container runs under the RuntimeDefault or a Localhost seccomp profile, set on the container or inherited from the pod.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or each container); use Localhost with a profile file only where RuntimeDefault blocks a needed syscall.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            const type = (effective(podSpec, container, "seccompProfile") as Props | undefined)?.type;
            if (!CONFINED.includes(type)) {
                const actual = type === undefined ? "unset" : `"${type}"`;
                report(
                    `${label} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost", on the container or the pod (is ${actual})`,
                );
            }
        }
    }),
};
