import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { effective, validatePodSpec } from "../../lib/security-pods";

export const kubernetesCoreV1ContainerEnforceRunAsNonRoot: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-enforce-run-as-non-root",
    description:
        "Every container runs with runAsNonRoot true, set on the container or inherited from the pod, and never as user 0.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the pod or each container; use an image that runs as a non-root user.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            if (effective(podSpec, container, "runAsNonRoot") !== true) {
                report(`${label} must set securityContext.runAsNonRoot=true, on the container or the pod`);
            }
            if (effective(podSpec, container, "runAsUser") === 0) {
                report(`${label} must not run as root (runAsUser=0)`);
            }
        }
    }),
};
