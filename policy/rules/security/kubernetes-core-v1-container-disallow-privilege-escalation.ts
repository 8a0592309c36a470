import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

export const kubernetesCoreV1ContainerDisallowPrivilegeEscalation: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-privilege-escalation",
    description: "Every container sets allowPrivilegeEscalation false, so setuid binaries cannot gain privileges.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container and init container.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            // Unset means true: the kubelet allows escalation unless told otherwise.
            if (container.securityContext?.allowPrivilegeEscalation !== false) {
                report(`${label} must set securityContext.allowPrivilegeEscalation=false`);
            }
        }
    }),
};
