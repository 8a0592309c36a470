import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

export const kubernetesCoreV1ContainerDisallowPrivileged: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-privileged",
    description: "No container runs privileged.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Remove securityContext.privileged and grant only the capabilities the process needs; a node agent that cannot run otherwise needs a per-object exemption in policy/exemptions.yaml.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            if (container.securityContext?.privileged === true) {
                report(`${label} must not set securityContext.privileged=true`);
            }
        }
    }),
};
