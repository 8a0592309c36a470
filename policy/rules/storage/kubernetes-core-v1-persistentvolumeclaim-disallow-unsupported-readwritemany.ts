import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { claimsOf } from "../../lib/storage-claims";
import { RWX_STORAGE_CLASSES } from "../../../contract/storage";

/** nfs-client serves RWX natively; Longhorn RWX needs its share-manager (NFS) and is left out by default. */
const DEFAULTS = { rwxClasses: [...RWX_STORAGE_CLASSES] as string[] };

export const kubernetesCoreV1PersistentvolumeclaimDisallowUnsupportedReadwritemany: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-persistentvolumeclaim-disallow-unsupported-readwritemany",
    description: "Only claims on a StorageClass that supports ReadWriteMany request that access mode.",
    severity: "medium",
    tags: [Topic.storage],
    remediationSteps:
        "Use storageClassName nfs-client for volumes shared between pods, or ReadWriteOnce on block classes.",
    configSchema: {
        properties: {
            rwxClasses: {
                type: "array",
                items: { type: "string" },
                description: "StorageClasses whose provisioner supports ReadWriteMany.",
                default: DEFAULTS.rwxClasses,
            },
        },
    },
    validateResource: (args, report) => {
        const claims = claimsOf(args.type, args.props).filter((c) => c.accessModes.includes("ReadWriteMany"));
        if (claims.length === 0) {
            return;
        }
        const { rwxClasses } = withDefaults(DEFAULTS, args.getConfig);
        const supported = rwxClasses.length > 0 ? rwxClasses.join(", ") : "none";
        for (const claim of claims) {
            if (claim.storageClassName === undefined || !rwxClasses.includes(claim.storageClassName)) {
                const on =
                    claim.storageClassName === undefined
                        ? "no StorageClass"
                        : `StorageClass "${claim.storageClassName}"`;
                report(`${claim.label} requests ReadWriteMany on ${on}; classes that support it: ${supported}`);
            }
        }
    },
};
