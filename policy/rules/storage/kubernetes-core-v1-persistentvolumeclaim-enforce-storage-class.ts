import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { claimsOf } from "../../lib/storage-claims";
import { PLATFORM_STORAGE_CLASSES } from "../../../contract/storage";

const DEFAULTS = { allowedClasses: [...PLATFORM_STORAGE_CLASSES] };

/**
 * Claims must name their class: an omitted storageClassName takes whatever the cluster default is when the
 * claim is created, and "" binds to a pre-provisioned volume outside the platform's classes.
 */
export const kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-persistentvolumeclaim-enforce-storage-class",
    description: "Every volume claim names a StorageClass from the platform's allow-list.",
    severity: "medium",
    tags: [Topic.storage],
    remediationSteps:
        "Set storageClassName on the claim (PVC, StatefulSet volumeClaimTemplate, MariaDB storage) to one of the allowed classes.",
    configSchema: {
        properties: {
            allowedClasses: {
                type: "array",
                items: { type: "string" },
                description: "StorageClasses claims may use.",
                default: DEFAULTS.allowedClasses,
            },
        },
    },
    validateResource: (args, report) => {
        const claims = claimsOf(args.type, args.props);
        if (claims.length === 0) {
            return;
        }
        const { allowedClasses } = withDefaults(DEFAULTS, args.getConfig);
        const allowed = allowedClasses.join(", ");
        for (const claim of claims) {
            if (claim.storageClassName === undefined || claim.storageClassName === "") {
                report(`${claim.label} names no storageClassName; use one of ${allowed}`);
            } else if (!allowedClasses.includes(claim.storageClassName)) {
                report(`${claim.label} uses StorageClass "${claim.storageClassName}", not one of ${allowed}`);
            }
        }
    },
};
