import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { exemptNamespacesProperty, SystemNamespaces, validatePodSpec } from "../../lib/security-pods";

const DEFAULTS = { exemptNamespaces: [...SystemNamespaces.privileged] };

export const kubernetesCoreV1ContainerDisallowPrivileged: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-privileged",
    description: "No container runs privileged outside the system namespaces whose node agents need it.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Remove securityContext.privileged and grant only the capabilities the process needs; node agents belong in an exempt system namespace.",
    configSchema: { properties: exemptNamespacesProperty(DEFAULTS.exemptNamespaces) },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            if (container.securityContext?.privileged === true) {
                report(`${label} must not set securityContext.privileged=true`);
            }
        }
    }),
};
