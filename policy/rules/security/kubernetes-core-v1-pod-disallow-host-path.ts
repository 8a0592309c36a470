import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";
import type { Props } from "../../lib/resources";

export const kubernetesCoreV1PodDisallowHostPath: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-host-path",
    description: "No pod mounts a hostPath volume.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Replace the hostPath volume with a PersistentVolumeClaim (local-path for node-local data), an emptyDir, a ConfigMap or a Secret.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const volume of (podSpec.volumes ?? []) as Props[]) {
            if (volume.hostPath !== undefined) {
                report(`pod must not mount hostPath volume "${volume.name}" (${volume.hostPath.path})`);
            }
        }
    }),
};
