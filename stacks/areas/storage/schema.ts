import { z } from "zod";
import { StorageClassName } from "../../../contract/storage";
import { display, text } from "../../config/primitives";

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

export const ReclaimPolicy = { delete: "Delete", retain: "Retain" } as const;
export type ReclaimPolicy = (typeof ReclaimPolicy)[keyof typeof ReclaimPolicy];

export const DEFAULT_NODE_PATH = "/opt/local-path-provisioner";

const unknownKeys =
    (what: string, known: readonly string[], note = "") =>
    (issue: { code?: string; keys?: string[] }) =>
        issue.code === "unrecognized_keys"
            ? `unknown ${what} ${issue.keys!.map((k) => display(k)).join(", ")}; known: ${known.join(", ")}${note}`
            : undefined;

/** Said of every class field: the schema names the platform's classes, the checks the ones installed today. */
const INSTALLED_TODAY =
    "Only local-path is installed today; nfs-client and longhorn are rejected until the storage area installs them.";

/**
 * One of fixed values. A string with a stray character is told so, as `text` tells it; any other value is shown
 * as JSON (the loader hands over prototype-less objects, which String() cannot convert).
 */
function option<const T extends readonly [string, ...string[]]>(values: T, what: string) {
    return z.enum(values, {
        error: ({ input }) => {
            const stray = typeof input === "string" ? text.safeParse(input).error?.issues[0].message : undefined;
            const shown = typeof input === "string" ? display(input) : JSON.stringify(input);
            return stray ?? `${shown} is not ${what} (${values.join(", ")})`;
        },
    });
}

const className = option(
    [StorageClassName.nfs, StorageClassName.localPath, StorageClassName.longhorn],
    "a platform StorageClass",
);

/** An absolute directory other than `/`: volumes are created, and deleted, under it. */
const nodePath = text
    .refine((v) => v.startsWith("/") && v.replace(/\/+$/, "") !== "", {
        error: (issue) =>
            `${display(String(issue.input))} is not an absolute directory below / (e.g. ${DEFAULT_NODE_PATH})`,
    })
    .describe("An absolute directory on every node.");

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
                        `Class for ${role} volumes.${role === "shared" ? " Must support ReadWriteMany." : ""} ${INSTALLED_TODAY}`,
                    ),
            ]),
        ) as Record<StorageRole, z.ZodOptional<typeof className>>,
        { error: unknownKeys("role", ROLES) },
    )
    .default({})
    .describe(
        "The class each kind of data uses; later areas take their class from here, never a literal name. A role left unset is not offered. @default {}",
    );

export const storageSchema = z
    .strictObject(
        {
            localPath,
            defaultClass: className
                .default(StorageClassName.localPath)
                .describe(
                    `The one default StorageClass: claims without a class use it; the stack must enable it. ${INSTALLED_TODAY} @default local-path`,
                ),
            roles,
        },
        {
            error: unknownKeys(
                "key",
                ["localPath", "defaultClass", "roles"],
                " (NFS and Longhorn are not configurable yet: the storage area installs only local-path)",
            ),
        },
    )
    .prefault({})
    .describe("StorageClasses the platform installs, the default one, and the class each role uses.");

/** The config section the storage area owns. */
export const storageSections = { storage: storageSchema } as const;

export type StorageConfig = z.output<typeof storageSchema>;
