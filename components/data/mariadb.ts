import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { parseQuantity } from "../../contract/quantity";
import { cronProblem, longestGapSeconds } from "../lib/schedule";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { safePassword } from "../lib/passwords";
import type { ContainerResources } from "../tenancy/manifests";
import {
    backupManifest,
    backupSourceProblem,
    bootstrapFromBackup,
    retentionProblem,
    type BackupSource,
    type MariaDbBackups,
} from "./mariadb-backups";
import { drillCronJob, drillName } from "./mariadb-drill";
import { maxscaleManifest, maxscalePodLabels, type MaxScaleProxy } from "./maxscale-manifests";
import {
    MARIADB_HELPER_RESOURCES,
    MARIADB_PORT,
    REPLICATION_PASSWORD_KEY,
    ROOT_PASSWORD_KEY,
    WATCH_LABEL,
    mariadbManifest,
    mariadbPodLabels,
    maxscaleName,
    mariadbServices,
    replicated,
    resourcesProblem,
    sqlManifests,
    type MariaDbDatabase,
    type MariaDbObject,
    type MariaDbSettings,
} from "./mariadb-manifests";

export interface MariaDbClusterArgs {
    /** The existing namespace the members run in, beside their apps (a tenant's). */
    namespace: string;
    /** 1 runs a standalone server; 2 or more a GTID-replicated primary and replicas with automatic failover. */
    members: number;
    /** The class and size of each member's claim. */
    storage: { storageClass: string; size: string };
    /** Requests and limits of each member's server container. */
    resources: ContainerResources;
    /** One Database, User (with its own Secret) and Grant of ALL PRIVILEGES on it per app. */
    databases: readonly MariaDbDatabase[];
    /** Scheduled logical backups to a claim. @default undefined (none) */
    backups?: MariaDbBackups;
    /** Bootstrap a new instance from a Backup in the same namespace. @default undefined (an empty instance) */
    restoreFrom?: BackupSource;
    /**
     * Protect the MariaDB, its Backup and the Secrets holding its passwords (protect and retainOnDelete): deleting
     * the stack then leaves the data, the claims' owners and the credentials that open them in the cluster.
     */
    protect: boolean;
    /** Nodes the members may run on, by name; the stack passes the workers without GPUs. @default any node */
    nodes?: readonly string[];
    /** Registry mirror the server image is pulled through (`<mirror>/docker.io/library/mariadb`). @default undefined */
    registryMirror?: string;
    /**
     * The operator-managed exporter and its ServiceMonitor; needs the ServiceMonitor CRD, which the observability
     * area installs. @default false
     */
    metrics?: boolean;
    /** Requests and limits of the agent, init, exporter and backup containers. @default MARIADB_HELPER_RESOURCES */
    helperResources?: ContainerResources;
    /**
     * MaxScale (BSL 1.1) in front of a replicated MariaDB: the apps' endpoint, splitting reads from writes, and the
     * failover. @default undefined (the operator's primary Service and its own failover)
     */
    maxscale?: MaxScaleProxy;
}

/** Where the restore drill's results are: kube-state-metrics' metrics of this CronJob and its Jobs. */
export interface DrillRef {
    readonly namespace: string;
    readonly cronJob: string;
    /** The longest time between two scheduled drills. */
    readonly periodSeconds: number;
}

/** What an app needs to reach its database; the password stays in the Secret, under `password`. */
export interface MariaDbDatabaseRef {
    /** Secret with keys username, password, host, port and database, in the cluster's namespace. */
    readonly secretName: string;
    /** The Service that follows the primary: every write goes there. */
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly user: string;
    /** The pods behind `host` (the members, or MaxScale): their name in flows and labels, for the app's egress. */
    readonly pods: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
}

/** A name that is both an unquoted MariaDB identifier and a Kubernetes name part: no `-` (SQL) and no `_` (k8s). */
const IDENTIFIER = /^[a-z][a-z0-9]{0,31}$/;
const RESERVED_DATABASES = ["mysql", "sys"];
/** root, the operator's replication user `repl`, and the image's `mysql` socket account. */
const RESERVED_USERS = ["root", "repl", "mysql"];
/** The Backup's CronJob, `<name>-backup`, may have at most 52 characters. */
const MAX_NAME = 45;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function identifierProblem(field: string, value: string, reserved: readonly string[]): string | undefined {
    if (!IDENTIFIER.test(value)) {
        return (
            `${field} ${JSON.stringify(value)} must start with a lowercase letter and hold only lowercase letters ` +
            "and digits (at most 32): it is an unquoted MariaDB identifier and names Kubernetes objects"
        );
    }
    return reserved.includes(value)
        ? `${field} ${JSON.stringify(value)} is reserved by MariaDB or the operator`
        : undefined;
}

function databasesProblem(databases: readonly MariaDbDatabase[]): string | undefined {
    for (const [i, db] of databases.entries()) {
        const problem =
            identifierProblem(`args.databases[${i}].name`, db.name, RESERVED_DATABASES) ??
            identifierProblem(`args.databases[${i}].user`, db.user, RESERVED_USERS);
        if (problem !== undefined) {
            return problem;
        }
    }
    for (const key of ["name", "user"] as const) {
        const values = databases.map((db) => db[key]);
        const twice = values.find((v, i) => values.indexOf(v) !== i);
        if (twice !== undefined) {
            return `args.databases names ${key} ${JSON.stringify(twice)} twice; each app has its own`;
        }
    }
    return undefined;
}

function claimProblem(field: string, claim: { readonly storageClass: string; readonly size: string }) {
    if (claim.storageClass.trim() === "") {
        return `${field}.storageClass is empty`;
    }
    const size = parseQuantity(claim.size);
    return size === undefined || size === 0
        ? `${field}.size ${JSON.stringify(claim.size)} is not a positive quantity`
        : undefined;
}

function maxscaleProblem(proxy: MaxScaleProxy, members: number): string | undefined {
    if (!replicated(members)) {
        return `args.maxscale needs replicated members to route and fail over between, not ${members} member`;
    }
    if (!Number.isInteger(proxy.replicas) || proxy.replicas < 1) {
        return `args.maxscale.replicas must be a whole number of at least 1, not ${proxy.replicas}`;
    }
    return resourcesProblem("args.maxscale.resources", proxy.resources);
}

/** A value's problem with the field it is in. */
function naming(field: string, problem: string | undefined): string | undefined {
    return problem === undefined ? undefined : `${field} ${problem}`;
}

/** Why the args cannot work, or undefined. */
export function mariaDbClusterProblem(name: string, args: MariaDbClusterArgs): string | undefined {
    const backups = args.backups;
    const checks = [
        () =>
            DNS_LABEL.test(name) && name.length <= MAX_NAME
                ? undefined
                : `the name must be a DNS label of at most ${MAX_NAME} characters (it names the MariaDB, its pods and its Backup's CronJob)`,
        () =>
            DNS_LABEL.test(args.namespace) && args.namespace.length <= 63
                ? undefined
                : `args.namespace ${JSON.stringify(args.namespace)} is not a namespace name`,
        () =>
            Number.isInteger(args.members) && args.members >= 1
                ? undefined
                : `args.members must be a whole number of at least 1, not ${args.members}`,
        () =>
            args.nodes === undefined || args.members <= args.nodes.length
                ? undefined
                : `args.members ${args.members} exceeds the ${args.nodes.length} args.nodes (one member per node)`,
        () => claimProblem("args.storage", args.storage),
        () => resourcesProblem("args.resources", args.resources),
        () => (args.helperResources ? resourcesProblem("args.helperResources", args.helperResources) : undefined),
        () => databasesProblem(args.databases),
        () => backups && naming("args.backups.schedule", cronProblem(backups.schedule)),
        () => backups?.drill && naming("args.backups.drill.schedule", cronProblem(backups.drill.schedule)),
        () => backups && naming("args.backups.maxRetention", retentionProblem(backups.maxRetention)),
        () => (backups ? claimProblem("args.backups", backups) : undefined),
        () => (args.restoreFrom ? backupSourceProblem(args.restoreFrom) : undefined),
        () => (args.maxscale ? maxscaleProblem(args.maxscale, args.members) : undefined),
    ];
    for (const check of checks) {
        const problem = check();
        if (problem !== undefined) {
            return problem;
        }
    }
    return undefined;
}

/**
 * A MariaDB managed by mariadb-operator in an app's namespace, with one database, user and grant per app and
 * scheduled backups. Every password is a RandomPassword kept in a Secret the custom resources name by key; no
 * password is in any custom resource or output. Pass the MariaDbOperator's `ready` in opts.dependsOn: the custom
 * resources wait for it (the Secrets need nothing).
 */
export class MariaDbCluster extends pulumi.ComponentResource {
    /** The Service writes go to: `<name>-primary` when replicated, else `<name>`. */
    public readonly writeService: string;
    /** The Service reads may go to: `<name>-secondary` (the replicas) when replicated, else `<name>`. */
    public readonly readService: string;
    public readonly port: number;
    /** Each app's database by its name. */
    public readonly databases: Readonly<Record<string, MariaDbDatabaseRef>>;
    /** The restore drill's CronJob and schedule period, for its alerts; undefined without a drill. */
    public readonly drill?: DrillRef;

    constructor(name: string, args: MariaDbClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:MariaDbCluster", name, {}, opts);
        const problem = mariaDbClusterProblem(name, args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`MariaDbCluster ${name}: ${problem}`, this);
        }
        const settings: MariaDbSettings = {
            name,
            namespace: args.namespace,
            members: args.members,
            storage: args.storage,
            resources: args.resources,
            helperResources: args.helperResources ?? MARIADB_HELPER_RESOURCES,
            protect: args.protect,
            metrics: args.metrics ?? false,
            nodes: args.nodes,
            registryMirror: args.registryMirror,
            maxscale: args.maxscale,
        };
        const services = mariadbServices(name, args.members, args.maxscale !== undefined);
        const pods = args.maxscale
            ? { name: maxscaleName(name), labels: maxscalePodLabels(name) }
            : { name, labels: mariadbPodLabels(name) };
        const inherited = inheritedDependsOn(opts);
        // Kept with the data: a retained MariaDB without its root password can be neither run nor administered.
        const kept = { protect: args.protect, retainOnDelete: args.protect };
        const meta = (objectName: string) => ({
            name: objectName,
            namespace: args.namespace,
            labels: platformLabels({ [WATCH_LABEL]: "" }),
        });
        const root = safePassword(childName(name, "root-password"), this, args.protect);
        const replication = replicated(args.members)
            ? safePassword(childName(name, "replication-password"), this, args.protect)
            : undefined;
        const credentials = new k8s.core.v1.Secret(
            childName(name, "credentials"),
            {
                metadata: meta(`${name}-credentials`),
                type: "Opaque",
                stringData: {
                    [ROOT_PASSWORD_KEY]: pulumi.secret(root.result),
                    ...(replication ? { [REPLICATION_PASSWORD_KEY]: pulumi.secret(replication.result) } : {}),
                },
            },
            { parent: this, ...kept },
        );
        const bootstrapFrom = args.restoreFrom ? bootstrapFromBackup(name, args.restoreFrom) : undefined;
        // The other custom resources wait for the operator through the MariaDB they refer to.
        const mariadb = new k8s.apiextensions.CustomResource(
            childName(name, "mariadb"),
            mariadbManifest(settings, `${name}-credentials`, bootstrapFrom),
            { parent: this, dependsOn: [credentials, ...inherited], ...kept },
        );
        const databases: Record<string, MariaDbDatabaseRef> = {};
        for (const db of args.databases) {
            const secretName = `${name}-${db.name}-credentials`;
            const userPassword = safePassword(childName(name, `${db.name}-password`), this, args.protect);
            const secret = new k8s.core.v1.Secret(
                childName(name, `${db.name}-credentials`),
                {
                    metadata: meta(secretName),
                    type: "Opaque",
                    stringData: {
                        username: db.user,
                        password: pulumi.secret(userPassword.result),
                        host: services.write,
                        port: String(MARIADB_PORT),
                        database: db.name,
                    },
                },
                { parent: this, ...kept },
            );
            const sql = sqlManifests(settings, db, secretName);
            const cr = (role: string, manifest: MariaDbObject, dependsOn: pulumi.Resource[]) =>
                new k8s.apiextensions.CustomResource(childName(name, `${role}-${db.name}`), manifest, {
                    parent: this,
                    dependsOn: [mariadb, ...dependsOn],
                });
            const database = cr("database", sql.database, []);
            const user = cr("user", sql.user, [secret]);
            cr("grant", sql.grant, [database, user]);
            databases[db.name] = {
                secretName,
                host: services.write,
                port: MARIADB_PORT,
                database: db.name,
                user: db.user,
                pods,
            };
        }
        if (args.maxscale) {
            const proxy = {
                name,
                namespace: args.namespace,
                storageClass: args.storage.storageClass,
                registryMirror: args.registryMirror,
                metrics: settings.metrics,
                nodes: args.nodes,
            };
            new k8s.apiextensions.CustomResource(childName(name, "maxscale"), maxscaleManifest(proxy, args.maxscale), {
                parent: this,
                dependsOn: [mariadb],
            });
        }
        const backups = args.backups;
        if (backups) {
            const backup = new k8s.apiextensions.CustomResource(
                childName(name, "backup"),
                backupManifest(settings, backups),
                { parent: this, dependsOn: [mariadb], ...kept },
            );
            if (backups.drill) {
                const drill = { ...settings, databases: args.databases.map((db) => db.name) };
                new k8s.batch.v1.CronJob(childName(name, "drill"), drillCronJob(drill, backups, backups.drill), {
                    parent: this,
                    dependsOn: [backup],
                });
                this.drill = {
                    namespace: args.namespace,
                    cronJob: drillName(name),
                    periodSeconds: longestGapSeconds(backups.drill.schedule),
                };
            }
        }
        this.writeService = services.write;
        this.readService = services.read;
        this.port = MARIADB_PORT;
        this.databases = databases;
        this.registerOutputs({
            writeService: services.write,
            readService: services.read,
            port: MARIADB_PORT,
            databases,
            drill: this.drill,
        });
    }
}
