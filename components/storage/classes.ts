import type * as k8s from "@pulumi/kubernetes";
import { platformLabels } from "../../contract/labels";

const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

/** A StorageClass's metadata: the platform's labels, and the default-class annotation on the one default. */
export function storageClassMetadata(name: string, isDefault: boolean): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name,
        labels: platformLabels(),
        ...(isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } } : {}),
    };
}

/**
 * The VolumeSnapshotClass of a class, named after it and the default for its driver (so a VolumeSnapshot of its
 * volumes may omit the class; defaults are per driver). Snapshots are kept or deleted like the class's volumes.
 */
export function volumeSnapshotClass(
    name: string,
    driver: string,
    reclaimPolicy: "Delete" | "Retain",
    parameters?: Readonly<Record<string, string>>,
): k8s.apiextensions.CustomResourceArgs {
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name, labels: platformLabels(), annotations: { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: "true" } },
        driver,
        deletionPolicy: reclaimPolicy,
        ...(parameters === undefined ? {} : { parameters: { ...parameters } }),
    };
}
