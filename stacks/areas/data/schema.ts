import { z } from "zod";
import { cronProblem } from "../../../components/lib/schedule";
import { display, dnsLabel, quantity, text, unknownKeys, words } from "../../config/primitives";

/**
 * A name that is both an unquoted MariaDB identifier and part of Kubernetes object names: no `-` (SQL would need
 * quotes) and no `_` (not in a DNS name); at most 32 characters.
 */
const identifier = text.regex(/^[a-z][a-z0-9]{0,31}$/, {
    message: "must start with a lowercase letter and hold only lowercase letters and digits (at most 32)",
});

/** Five cron fields (minute hour day-of-month month day-of-week), as Kubernetes CronJobs and the operator read them. */
const cron = words.refine((v) => cronProblem(v) === undefined, { error: (issue) => cronProblem(String(issue.input)) });

/** A Go duration above zero (`168h`, `30m`), as the operator's maxRetention reads it. */
const duration = text.refine((v) => /^(\d+(\.\d+)?(h|m|s))+$/.test(v) && /[1-9]/.test(v), {
    error: (issue) => `${display(String(issue.input))} is not a positive duration such as 168h or 90m`,
});

const resourcePair = z.strictObject({ cpu: quantity, memory: quantity });

/** Seed 003's MariaDB sizing is not stated; these fit one member of a small OLTP database beside its app. */
export const DEFAULT_MARIADB_RESOURCES = {
    requests: { cpu: "250m", memory: "512Mi" },
    limits: { cpu: "1", memory: "1Gi" },
} as const;

const database = z.strictObject(
    {
        name: identifier.describe("Database name; also names its objects and the credentials Secret."),
        user: identifier.describe("The app's user, granted every privilege on this database only."),
    },
    { error: unknownKeys("key", ["name", "user"]) },
);

const backups = z
    .strictObject(
        {
            schedule: cron.describe('When to back up (cron, five fields), e.g. "0 */6 * * *" (prod) or "0 3 * * *".'),
            maxRetention: duration.describe("How long backups are kept, e.g. 168h."),
            size: quantity.describe("Size of the backup claim (class from platform:storage.roles.backups)."),
            drill: z
                .strictObject(
                    {
                        schedule: cron.describe(
                            'When to restore the newest backup into a throwaway server and check it (cron), clear of the backup schedule, e.g. "30 4 * * *".',
                        ),
                    },
                    { error: unknownKeys("key", ["schedule"]) },
                )
                .optional()
                .describe(
                    "A scheduled restore drill: it fails when the newest backup is older than two backup periods, does not restore, lacks a database or has a damaged table. @default none",
                ),
        },
        { error: unknownKeys("key", ["schedule", "maxRetention", "size", "drill"]) },
    )
    .describe("Scheduled logical backups to a claim of the backups role.");

/** MaxScale's sizing is not in the seeds; these fit a proxy of a small OLTP database. */
export const DEFAULT_MAXSCALE_RESOURCES = {
    requests: { cpu: "100m", memory: "256Mi" },
    limits: { cpu: "1", memory: "512Mi" },
} as const;

const maxscale = z
    .strictObject(
        {
            replicas: z
                .number()
                .int()
                .min(1)
                .default(3)
                .describe(
                    "MaxScale pods, one per node, sharing the monitor by cooperative locking; the pack's quorum rule wants an odd count. @default 3",
                ),
            resources: z
                .strictObject({
                    requests: resourcePair.default(DEFAULT_MAXSCALE_RESOURCES.requests),
                    limits: resourcePair.default(DEFAULT_MAXSCALE_RESOURCES.limits),
                })
                .prefault({})
                .describe("Requests and limits of each MaxScale pod. @default 100m/256Mi, limits 1/512Mi"),
        },
        { error: unknownKeys("key", ["replicas", "resources"]) },
    )
    .describe(
        "Opt-in MaxScale (BSL 1.1: its free grant covers fewer than three servers in production, so a licence may be needed) in front of replicated members: the apps' endpoint, read/write split and failover. @default none",
    );

const MARIADB_KEYS = [
    "namespace",
    "members",
    "requireQuorum",
    "storageSize",
    "resources",
    "databases",
    "backups",
    "maxscale",
    "protect",
];

export const mariadbSchema = z
    .strictObject(
        {
            namespace: dnsLabel.describe("The tenant namespace the database runs in, beside its apps."),
            members: z
                .number()
                .int()
                .min(1)
                .describe("Members: 1 standalone, more = GTID replication, a primary and replicas, one per node."),
            requireQuorum: z
                .boolean()
                .default(false)
                .describe(
                    "Require an odd member count of at least 3, so a failover always has a majority (seed 003: two members split-brain). @default false",
                ),
            storageSize: quantity.describe("Volume size per member (class from platform:storage.roles.database)."),
            resources: z
                .strictObject({
                    requests: resourcePair.default(DEFAULT_MARIADB_RESOURCES.requests),
                    limits: resourcePair.default(DEFAULT_MARIADB_RESOURCES.limits),
                })
                .prefault({})
                .describe("Requests and limits of each member. @default 250m/512Mi, limits 1/1Gi"),
            databases: z
                .array(database)
                .default([])
                .describe(
                    "One database, user and grant per consuming app; each app gets a Secret reference. @default []",
                ),
            backups: backups.optional(),
            maxscale: maxscale.optional(),
            protect: z
                .boolean()
                .default(true)
                .describe(
                    "Protect the database, its backups and their credentials from deletion (Pulumi protect and retainOnDelete); false only where data is disposable. @default true",
                ),
        },
        { error: unknownKeys("key", MARIADB_KEYS) },
    )
    .describe("A replicated MariaDB (mariadb-operator) in a tenant namespace.");

/** Seed 003's Redis sizing: requests 100m/128Mi, limits 500m/512Mi. */
export const DEFAULT_VALKEY_RESOURCES = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const;

export const valkeySchema = z
    .strictObject(
        {
            namespace: dnsLabel.describe("The tenant namespace the cache runs in, beside its apps."),
            replicas: z
                .number()
                .int()
                .min(0)
                .default(0)
                .describe(
                    "Read replicas beside the primary (0: a single instance). The pinned chart has no Sentinel, so the primary does not fail over. @default 0",
                ),
            storageSize: quantity
                .optional()
                .describe(
                    "Persistence per pod (class from platform:storage.roles.database); replicas need it. @default none (an emptyDir)",
                ),
            resources: z
                .strictObject({
                    requests: resourcePair.default(DEFAULT_VALKEY_RESOURCES.requests),
                    limits: resourcePair.default(DEFAULT_VALKEY_RESOURCES.limits),
                })
                .prefault({})
                .describe(
                    "Requests and limits of each pod's server. @default 100m/128Mi, limits 500m/512Mi (seed 003)",
                ),
            protect: z
                .boolean()
                .default(true)
                .describe("Protect the cache, its claims and its password (protect and retainOnDelete). @default true"),
        },
        { error: unknownKeys("key", ["namespace", "replicas", "storageSize", "resources", "protect"]) },
    )
    .describe("A Valkey cache (BSD; the official valkey chart): a primary and read replicas, password in a Secret.");

export const dataSchema = z
    .strictObject(
        { mariadb: mariadbSchema.optional(), valkey: valkeySchema.optional() },
        { error: unknownKeys("key", ["mariadb", "valkey"]) },
    )
    .prefault({})
    .describe("Databases and caches the platform runs for its apps.");

/** The config section the data area owns. */
export const dataSections = { data: dataSchema } as const;

export type DataConfig = z.output<typeof dataSchema>;
export type MariaDbConfig = NonNullable<DataConfig["mariadb"]>;
export type ValkeyConfig = NonNullable<DataConfig["valkey"]>;
