// NFS model sources: each export the models read becomes a pre-provisioned PersistentVolume and a claim bound to
// it, both read-only, which the fetch steps mount. Pods cannot mount NFS themselves: an inline `nfs:` volume is
// outside the restricted Pod Security Standard (and the pack's volume-type rule), and csi-driver-nfs's inline
// `csi:` volumes are off in its chart (feature.enableInlineVolume: false), rightly: they would let any pod author
// mount any server. A volume an administrator (here, the stack) declares is the way the standard leaves open.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { StorageClassName } from "../../contract/storage";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { NFS_DRIVER } from "../storage/nfs-manifests";
import { nfsSourceClaims, type Model, type ModelSourceClaim } from "./model-loader";

type PersistentVolume = k8s.types.input.core.v1.PersistentVolume;
type PersistentVolumeClaim = k8s.types.input.core.v1.PersistentVolumeClaim;

/** Nominal: an export has no size to request, but a claim must ask for one, and the volume must offer as much. */
export const SOURCE_CAPACITY = "1Gi";

const READ_ONLY_MANY = "ReadOnlyMany";

/** The volume's name: volumes are cluster-scoped, so it carries the claim's namespace. */
export function sourceVolumeName(namespace: string, claimName: string): string {
    return `${namespace}-${claimName}`;
}

/**
 * The PersistentVolume of one export, pre-bound to its claim (claimRef) so no other claim can take it. It is
 * read-only three times over: ReadOnlyMany, the CSI `readOnly` flag, and the `ro` mount option, which reaches the
 * mount whatever a container's mount says. Reclaim policy Retain, and a volume handle csi-driver-nfs cannot parse
 * as one of its own volumes (`<server>#<share>#<subDir>`), so deleting the volume never touches the export's
 * files. The class is nfs-client, the class of csi-driver-nfs's own volumes: a claim must name an allowed class,
 * and a claim that names its volume binds to it without provisioning anything.
 */
export function nfsSourceVolume(claim: ModelSourceClaim, namespace: string): PersistentVolume {
    const name = sourceVolumeName(namespace, claim.claimName);
    return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name, labels: platformLabels() },
        spec: {
            capacity: { storage: SOURCE_CAPACITY },
            accessModes: [READ_ONLY_MANY],
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: StorageClassName.nfs,
            mountOptions: ["ro"],
            claimRef: { namespace, name: claim.claimName },
            csi: {
                driver: NFS_DRIVER,
                volumeHandle: name,
                readOnly: true,
                volumeAttributes: { server: claim.server, share: claim.path },
            },
        },
    };
}

/** The claim bound to the export's volume by name. */
export function nfsSourceClaim(claim: ModelSourceClaim, namespace: string): PersistentVolumeClaim {
    return {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: claim.claimName, namespace, labels: platformLabels() },
        spec: {
            accessModes: [READ_ONLY_MANY],
            storageClassName: StorageClassName.nfs,
            volumeName: sourceVolumeName(namespace, claim.claimName),
            resources: { requests: { storage: SOURCE_CAPACITY } },
        },
    };
}

/** A declared source claim: what modelLoaderSpecs and the Workload's shared volumes take, and the claim to wait for. */
export interface DeclaredSourceClaim extends ModelSourceClaim {
    readonly resource: k8s.core.v1.PersistentVolumeClaim;
}

/**
 * Declares, for the component `name` in `namespace`, a volume and a claim per distinct NFS export `models` read
 * (`<name>-source-<n>`, in first-seen order), with `opts` (its parent, and protect when the model claim is
 * protected: the pack asks every claim for it). Returns the claims, for modelLoaderSpecs, the Workload's shared
 * volumes and its dependsOn; none when no model comes from NFS.
 */
export function modelSourceClaims(
    name: string,
    namespace: string,
    models: readonly Model[],
    opts: pulumi.CustomResourceOptions,
): DeclaredSourceClaim[] {
    return nfsSourceClaims(name, models).map((claim, n) => {
        const volume = new k8s.core.v1.PersistentVolume(
            childName(name, `source-${n}-volume`),
            nfsSourceVolume(claim, namespace),
            opts,
        );
        const resource = new k8s.core.v1.PersistentVolumeClaim(
            childName(name, `source-${n}`),
            nfsSourceClaim(claim, namespace),
            { ...opts, dependsOn: [volume, ...inheritedDependsOn(opts)] },
        );
        return { ...claim, resource };
    });
}
