import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import type { Props } from "../../lib/resources";
import { validatePodSpec } from "../../lib/security-pods";

/**
 * The restricted Pod Security Standard's inline volume sources, as Pod Security Admission checks them
 * (restrictedVolumes; `image` since Kubernetes 1.33: who may run an image may also mount it).
 */
const ALLOWED_TYPES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/**
 * hostPath is restricted too, but kubernetes-core-v1-pod-disallow-host-path reports it (high severity, with its own
 * exemptions for the CSI node plugins); reporting it here as well would make every such exemption a pair. Pod
 * Security Admission likewise reports a hostPath volume once at the restricted level.
 */
const OWN_RULE = new Set(["hostPath"]);

/**
 * The source keys a volume declares, read from the property descriptors: the type is the key, so a source whose
 * content is unknown at preview (an NFS server from another stack) is still judged. A volume with only a name is
 * defaulted to emptyDir by the API server.
 */
function sourcesOf(volume: Props): string[] {
    return Object.keys(volume).filter((key) => {
        const value: unknown = Object.getOwnPropertyDescriptor(volume, key)?.value;
        return key !== "name" && value !== undefined && value !== null;
    });
}

export const kubernetesCoreV1PodDisallowRestrictedVolumeTypes: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-restricted-volume-types",
    description:
        "Every pod volume is of a type the restricted Pod Security Standard allows (configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret), hostPath being reported by its own rule.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        "Mount the storage through a PersistentVolumeClaim (an nfs-csi or local-path StorageClass, or a PersistentVolume an administrator declares) instead of an inline nfs, iscsi, cephfs or cloud-disk volume; replace gitRepo with an init container that clones into an emptyDir.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const volume of (podSpec.volumes ?? []) as Props[]) {
            const restricted = sourcesOf(volume).filter((key) => !ALLOWED_TYPES.includes(key) && !OWN_RULE.has(key));
            if (restricted.length > 0) {
                report(
                    `pod must not mount volume "${volume.name}" of restricted type ${restricted.join(", ")} (allowed: ${ALLOWED_TYPES.join(", ")})`,
                );
            }
        }
    }),
};
