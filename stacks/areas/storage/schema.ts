import { z } from "zod";
import { StorageClassName } from "../../../contract/storage";
import { secretSection } from "../../config/secrets";
import { option, unknownKeys } from "../../config/primitives";
import { ReclaimPolicy, absoluteDirectory } from "./fields";
import { longhornSchema, nfsSchema, snapshotsSchema, sshSchema, storageSshKeySchema } from "./provisioners";

/** What later areas ask the storage area for: each maps to one class, chosen per stack. */
export const StorageRole = {
    database: "database",
    shared: "shared",
    metrics: "metrics",
    logs: "logs",
    models: "models",
    backups: "backups",
} as const;
export type StorageRole = (typeof StorageRole)[keyof typeof StorageRole];

const ROLES = Object.values(StorageRole);

export const DEFAULT_NODE_PATH = "/opt/local-path-provisioner";

const className = option(
    [StorageClassName.nfs, StorageClassName.localPath, StorageClassName.longhorn],
    "a platform StorageClass",
);

/** Said of every class field: which section installs each class. */
const INSTALLED_BY =
    "nfs-client needs storage.nfs, longhorn storage.longhorn.enabled, local-path storage.localPath.enabled.";

const nodePath = absoluteDirectory.describe("An absolute directory on every node.");

const localPath = z
    .strictObject(
        {
            enabled: z
                .boolean()
                .default(true)
                .describe("Install rancher/local-path-provisioner and its class local-path. @default true"),
            nodePaths: z
                .array(nodePath)
                .min(1)
                .default([DEFAULT_NODE_PATH])
                .describe(
                    "Absolute directories on every node where volumes are created; each must be unique. @default [/opt/local-path-provisioner]",
                ),
            reclaimPolicy: option([ReclaimPolicy.delete, ReclaimPolicy.retain], "a reclaim policy")
                .default(ReclaimPolicy.delete)
                .describe(
                    "What happens to a volume when its claim is deleted; prod's policy requires Retain on data classes. @default Delete",
                ),
        },
        { error: unknownKeys("key", ["enabled", "nodePaths", "reclaimPolicy"]) },
    )
    .prefault({})
    .describe("Node-local volumes (ReadWriteOnce, pinned to the node that created them), for databases and caches.");

const roles = z
    .strictObject(
        Object.fromEntries(
            ROLES.map((role) => [
                role,
                className
                    .optional()
                    .describe(
                        `Class for ${role} volumes.${role === "shared" ? " Must support ReadWriteMany." : ""} ${INSTALLED_BY}`,
                    ),
            ]),
        ) as Record<StorageRole, z.ZodOptional<typeof className>>,
        { error: unknownKeys("role", ROLES) },
    )
    .default({})
    .describe(
        "The class each kind of data uses; later areas take their class from here, never a literal name. A role left unset is not offered. @default {}",
    );

const STORAGE_KEYS = ["nfs", "localPath", "longhorn", "snapshots", "ssh", "defaultClass", "roles"];

export const storageSchema = z
    .strictObject(
        {
            nfs: nfsSchema.optional(),
            localPath,
            longhorn: longhornSchema,
            snapshots: snapshotsSchema,
            ssh: sshSchema.optional(),
            defaultClass: className
                .default(StorageClassName.localPath)
                .describe(
                    `The one default StorageClass: claims without a class use it; the stack must install it. ${INSTALLED_BY} @default local-path`,
                ),
            roles,
        },
        { error: unknownKeys("key", STORAGE_KEYS) },
    )
    .prefault({})
    .describe("StorageClasses the platform installs, the default one, and the class each role uses.");

/** The config sections the storage area owns. */
export const storageSections = { storage: storageSchema, storageSshKey: secretSection(storageSshKeySchema) } as const;

export type StorageConfig = z.output<typeof storageSchema>;
