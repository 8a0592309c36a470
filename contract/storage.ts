// Storage classes the platform provides. The storage area creates them; claims and rules refer to them by name.

/** The platform's classes: NFS (RWX, csi-driver-nfs keeps the seed's name), node-local, Longhorn replicated block. */
export const StorageClassName = { nfs: "nfs-client", localPath: "local-path", longhorn: "longhorn" } as const;
export type StorageClassName = (typeof StorageClassName)[keyof typeof StorageClassName];

export const PLATFORM_STORAGE_CLASSES: readonly string[] = Object.values(StorageClassName);

/** What each class's provisioner can do: the storage area's checks and the pack's defaults both read this. */
export const STORAGE_CLASS_CAPABILITIES: Readonly<
    Record<StorageClassName, { readonly readWriteMany: boolean; readonly expansion: boolean }>
> = {
    // csi-driver-nfs: many writers on one export; a resize only records the new size (an export has no fixed size).
    [StorageClassName.nfs]: { readWriteMany: true, expansion: true },
    // local-path-provisioner: a directory on one node, with no size to grow.
    [StorageClassName.localPath]: { readWriteMany: false, expansion: false },
    // Longhorn block volumes grow online; its RWX share-manager is not used by the platform.
    [StorageClassName.longhorn]: { readWriteMany: false, expansion: true },
};

/** Classes that serve ReadWriteMany claims. */
export const RWX_STORAGE_CLASSES: readonly StorageClassName[] = Object.values(StorageClassName).filter(
    (c) => STORAGE_CLASS_CAPABILITIES[c].readWriteMany,
);

/** Classes whose provisioner can resize a volume, so they should allow volume expansion. */
export const EXPANDABLE_STORAGE_CLASSES: readonly StorageClassName[] = Object.values(StorageClassName).filter(
    (c) => STORAGE_CLASS_CAPABILITIES[c].expansion,
);
