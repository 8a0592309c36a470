import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { claimsOf } from "../../lib/storage-claims";
import { K8sType } from "../../../contract/k8s-types";
import { RWX_STORAGE_CLASSES } from "../../../contract/storage";

const DEFAULTS: { sharedFilesystemClasses: string[] } = { sharedFilesystemClasses: [...RWX_STORAGE_CLASSES] };

/**
 * A database's files on NFS (a shared file system): its locking, fsync and rename semantics are not what a storage
 * engine needs, so a server crash or a network blip can corrupt tables; databases take block or node-local volumes.
 */
export const platformDisallowDatabaseOnSharedFilesystem: PlatformResourcePolicy = {
    name: "platform-disallow-database-on-shared-filesystem",
    description: "A database's volumes use a block or node-local StorageClass, not a shared file system such as NFS.",
    severity: "high",
    tags: [Topic.storage],
    remediationSteps:
        "Map platform:storage.roles.database to local-path or longhorn and move the data (back up, bootstrap a new instance from the backup, switch the apps).",
    configSchema: {
        properties: {
            sharedFilesystemClasses: {
                type: "array",
                items: { type: "string" },
                description: "StorageClasses that are shared file systems (ReadWriteMany).",
                default: DEFAULTS.sharedFilesystemClasses,
            },
        },
    },
    validateResource: (args, report) => {
        if (args.type !== K8sType.mariaDb) {
            return;
        }
        const { sharedFilesystemClasses } = withDefaults(DEFAULTS, args.getConfig);
        for (const claim of claimsOf(args.type, args.props)) {
            if (claim.storageClassName !== undefined && sharedFilesystemClasses.includes(claim.storageClassName)) {
                report(
                    `${claim.label} uses StorageClass "${claim.storageClassName}", a shared file system; a database needs block or node-local storage`,
                );
            }
        }
    },
};
