// Storage classes the platform provides. The storage area creates them; claims and rules refer to them by name.

/** The platform's classes: NFS (RWX, csi-driver-nfs keeps the seed's name), node-local, Longhorn replicated block. */
export const StorageClassName = { nfs: "nfs-client", localPath: "local-path", longhorn: "longhorn" } as const;
export type StorageClassName = (typeof StorageClassName)[keyof typeof StorageClassName];

export const PLATFORM_STORAGE_CLASSES: readonly string[] = Object.values(StorageClassName);
