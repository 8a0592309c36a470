import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";
import { containersOf } from "../../lib/workloads";

// The restricted level's check (procMount_restricted): unlike baseline from Kubernetes 1.35, it does not relax for
// a pod in a user namespace (hostUsers: false), so neither does the pack.
export const kubernetesCoreV1ContainerEnforceDefaultProcMount: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-enforce-default-proc-mount",
    description:
        "Every container leaves securityContext.procMount unset or Default, so the runtime keeps its masked and read-only /proc paths.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        'Remove securityContext.procMount from the container, or set it to "Default"; a nested container runtime that needs an unmasked /proc needs a per-object exemption in policy/exemptions.yaml.',
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            const procMount: unknown = container.securityContext?.procMount;
            if (procMount !== undefined && procMount !== null && procMount !== "Default") {
                report(
                    `${label} must not set securityContext.procMount to "${String(procMount)}" (allowed: unset, "Default")`,
                );
            }
        }
    }),
};
