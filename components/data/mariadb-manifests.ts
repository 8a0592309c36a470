import { APP_LABEL, platformLabels } from "../../contract/labels";
import { formatBytes, parseQuantity, quantity } from "../../contract/quantity";
import { CHART_IMAGE_REPOSITORIES, CHARTS, IMAGES, imageRef } from "../../contract/versions";
import type { BudgetPod, ContainerResources } from "../tenancy/manifests";
import type { MaxScaleProxy } from "./maxscale-manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { PriorityClassName } from "../../contract/priority-classes";

/** The API group and version of every mariadb-operator 26.6 custom resource. */
export const MARIADB_API = "k8s.mariadb.com/v1alpha1";

/** The port every member, and every Service the operator declares for them, serves SQL on. */
export const MARIADB_PORT = 3306;

/** Where the replication agent sidecar serves the operator's calls (its probes use 5566, from the kubelet). */
export const MARIADB_AGENT_PORT = 5555;

/** The `mysql` user and group of the official image, which the operator's own pod default also runs as. */
export const MARIADB_UID = 999;

/** Keys of the cluster Secret the MariaDB reads its root and replication passwords from. */
export const ROOT_PASSWORD_KEY = "root-password";
export const REPLICATION_PASSWORD_KEY = "replication-password";

/**
 * Requests and limits of the containers mariadb-operator adds beside the server: the replication agent and init
 * container, the metrics exporter, backup and restore Jobs. The requests are the tenant LimitRange's default
 * minimum (100m / 128Mi), below which admission rejects a container; unset, each would get the tenant's default
 * request instead (200m / 512Mi).
 */
export const MARIADB_HELPER_RESOURCES = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const satisfies ContainerResources;

/** A mariadb-operator custom resource as the API server takes it (a type, so it is CustomResourceArgs too). */
export type MariaDbObject = {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
    readonly spec: Record<string, unknown>;
};

/** One app's database, and the user granted every privilege on it (and nothing else). */
export interface MariaDbDatabase {
    readonly name: string;
    readonly user: string;
}

/** What the MariaDB manifest depends on: MariaDbClusterArgs with the object name and defaults applied. */
export interface MariaDbSettings {
    /** The MariaDB's object name; its pods, Services and claims are named after it. */
    readonly name: string;
    readonly namespace: string;
    readonly members: number;
    readonly storage: { readonly storageClass: string; readonly size: string };
    readonly resources: ContainerResources;
    readonly helperResources: ContainerResources;
    readonly protect: boolean;
    readonly metrics: boolean;
    /** Nodes the members may run on (by name); the stack passes the workers without GPUs. @default any node */
    readonly nodes?: readonly string[];
    readonly registryMirror?: string;
    /** MaxScale in front of the members, which then runs failover. @default undefined (none) */
    readonly maxscale?: MaxScaleProxy;
}

/** The MaxScale object in front of the MariaDB `name`; its Service, the app's endpoint, has the same name. */
export function maxscaleName(name: string): string {
    return `${name}-maxscale`;
}

/** Whether the members replicate (a primary and replicas) rather than run standalone. */
export function replicated(members: number): boolean {
    return members > 1;
}

/**
 * The Services mariadb-operator declares for a MariaDB (MariaDB.PrimaryServiceKey and friends at 26.6.0): writes
 * go to `<name>-primary`, which follows the current primary; reads may go to `<name>-secondary`, the replicas. A
 * standalone member has neither, only `<name>` (and the headless `<name>-internal` every MariaDB has). With
 * MaxScale, both go to its Service `<name>-maxscale`, which splits them.
 */
export function mariadbServices(
    name: string,
    members: number,
    maxscale = false,
): { readonly write: string; readonly read: string } {
    if (maxscale) {
        return { write: maxscaleName(name), read: maxscaleName(name) };
    }
    return replicated(members) ? { write: `${name}-primary`, read: `${name}-secondary` } : { write: name, read: name };
}

/** The labels the operator gives every member pod; its Services, budget and anti-affinity select on them. */
export function mariadbPodLabels(name: string): Record<string, string> {
    return { [APP_LABEL]: "mariadb", "app.kubernetes.io/instance": name };
}

/** The labels of the metrics exporter's pods, which the operator runs as the Deployment `<name>-metrics`. */
export function exporterPodLabels(name: string): Record<string, string> {
    return { [APP_LABEL]: "exporter", "app.kubernetes.io/instance": `${name}-metrics` };
}

/**
 * The operator's container securityContext type has no seccompProfile (it comes from the pod's): non-root, no
 * privilege escalation, no capabilities, a read-only root filesystem (the server gets emptyDirs for what it writes
 * outside its data directory).
 */
export function restrictedContainer(uid: number, gid = uid): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}

/**
 * The pod-level half of the restricted level: the runtime's seccomp profile, and volumes made group-writable for
 * `gid` (default: `uid`'s own group) only when their root does not match (a large data directory is not re-owned on every start).
 */
export function restrictedPod(uid: number, gid = uid): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** mysqld-exporter's port, which the operator's exporter Deployment serves and its ServiceMonitor scrapes. */
export const MYSQLD_EXPORTER_PORT = 9104;

/** The nobody user the mysqld-exporter image runs as. */
const EXPORTER_UID = 65534;

/**
 * Binary logs in row format, and replicas writing what they apply to their own binary log: a replica promoted by a
 * failover then holds every transaction the others may still need. The operator itself sets log_bin, GTID strict
 * mode, a server_id per member and read_only on the replicas.
 */
const REPLICATION_CNF = ["[mariadb]", "binlog_format=ROW", "log_slave_updates=ON", ""].join("\n");

/**
 * The operator's image at the pinned chart's appVersion (the chart's version, 26.6.0), which the agent and init
 * containers run. Named in the MariaDB, an operator upgrade rolls the data plane with it, one member at a time, in
 * a preview rather than behind it; and the CRD requires the init container's image once its block is set.
 */
export function dataPlaneImage(mirror?: string): string {
    return imageRef({ ...CHART_IMAGE_REPOSITORIES.mariadbOperator, tag: CHARTS.mariadbOperator.version }, mirror);
}

/**
 * GTID replication of a primary and replicas with automatic failover by the operator. Replicas connect with the
 * replication password from the cluster Secret (not one the operator generates), from their current GTID
 * position. The agent sidecar (the operator's API into each pod) and the init container get explicit resources
 * and the same restricted context as the server.
 */
function replicationSpec(settings: MariaDbSettings, secretName: string): Record<string, unknown> {
    const helper = {
        image: dataPlaneImage(settings.registryMirror),
        resources: withEphemeralStorage(settings.helperResources),
        securityContext: restrictedContainer(MARIADB_UID),
    };
    return {
        enabled: true,
        gtidStrictMode: true,
        // MaxScale's monitor fails over when it runs (maxScaleRef); two deciders would fight.
        primary: { autoFailover: settings.maxscale === undefined },
        replica: {
            gtid: "CurrentPos",
            replPasswordSecretKeyRef: { name: secretName, key: REPLICATION_PASSWORD_KEY, generate: false },
        },
        agent: helper,
        initContainer: helper,
    };
}

/** The operator-managed exporter and its ServiceMonitor `<name>-metrics`, or metrics off. */
function metricsSpec(settings: MariaDbSettings): Record<string, unknown> {
    if (!settings.metrics) {
        return { enabled: false };
    }
    return {
        enabled: true,
        exporter: {
            resources: withEphemeralStorage(settings.helperResources),
            securityContext: restrictedContainer(EXPORTER_UID),
            podSecurityContext: restrictedPod(EXPORTER_UID),
        },
        serviceMonitor: { interval: "30s", scrapeTimeout: "25s" },
    };
}

/** A required node affinity to the named nodes: members never land elsewhere, e.g. on a GPU worker. */
export function onNodes(nodes: readonly string[]): Record<string, unknown> {
    return {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
                { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [...nodes] }] },
            ],
        },
    };
}

/**
 * The MariaDB: the pinned server image through the mirror, the members' claims and resources, and one member per
 * node (the operator's required anti-affinity on kubernetes.io/hostname, immutable once set, so it is set from the
 * first member on). Replicated members get a disruption budget of one, so a drain keeps the rest serving. The
 * root password comes from the cluster Secret. Claims stay when the MariaDB goes if it is protected. A new
 * instance may be bootstrapped from a backup (bootstrapFromBackup).
 */
export function mariadbManifest(
    settings: MariaDbSettings,
    secretName: string,
    bootstrapFrom?: Record<string, unknown>,
): MariaDbObject {
    const ha = replicated(settings.members);
    return {
        apiVersion: MARIADB_API,
        kind: "MariaDB",
        metadata: { name: settings.name, namespace: settings.namespace, labels: platformLabels() },
        spec: {
            image: imageRef(IMAGES.mariadb, settings.registryMirror),
            replicas: settings.members,
            port: MARIADB_PORT,
            rootPasswordSecretKeyRef: { name: secretName, key: ROOT_PASSWORD_KEY, generate: false },
            storage: {
                size: settings.storage.size,
                storageClassName: settings.storage.storageClass,
                pvcRetentionPolicy: { whenDeleted: settings.protect ? "Retain" : "Delete", whenScaled: "Retain" },
            },
            resources: withEphemeralStorage(settings.resources),
            priorityClassName: PriorityClassName.platform,
            podSecurityContext: restrictedPod(MARIADB_UID),
            securityContext: restrictedContainer(MARIADB_UID),
            // The server's temporary files and its socket and pid file, outside the read-only root.
            volumes: [
                { name: "tmp", emptyDir: {} },
                { name: "socket", emptyDir: {} },
            ],
            volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                { name: "socket", mountPath: "/run/mysqld" },
            ],
            affinity: {
                antiAffinityEnabled: true,
                ...(settings.nodes === undefined ? {} : { nodeAffinity: onNodes(settings.nodes) }),
            },
            ...(ha
                ? {
                      replication: replicationSpec(settings, secretName),
                      myCnf: REPLICATION_CNF,
                      podDisruptionBudget: { maxUnavailable: 1 },
                  }
                : { replication: { enabled: false } }),
            metrics: metricsSpec(settings),
            ...(settings.maxscale === undefined ? {} : { maxScaleRef: { name: maxscaleName(settings.name) } }),
            ...(bootstrapFrom === undefined ? {} : { bootstrapFrom }),
        },
    };
}

/**
 * The Database, User and Grant of one app, each a custom resource referring to the MariaDB in its namespace. The
 * user may connect from any host (NetworkPolicy decides who reaches the primary) with the password from its own
 * Secret, labelled so the operator applies a changed password. A protected cluster never drops the database when
 * its Database object goes; users and grants are always revoked with theirs.
 */
export function sqlManifests(
    settings: Pick<MariaDbSettings, "name" | "namespace" | "protect">,
    db: MariaDbDatabase,
    secretName: string,
): { readonly database: MariaDbObject; readonly user: MariaDbObject; readonly grant: MariaDbObject } {
    const mariaDbRef = { name: settings.name, waitForIt: true };
    const cr = (kind: string, objectName: string, spec: Record<string, unknown>): MariaDbObject => ({
        apiVersion: MARIADB_API,
        kind,
        metadata: { name: objectName, namespace: settings.namespace, labels: platformLabels() },
        spec: { mariaDbRef, ...spec },
    });
    return {
        database: cr("Database", `${settings.name}-${db.name}`, {
            name: db.name,
            // The CRD's default is utf8 (MariaDB's three-byte utf8mb3); apps store emoji and more.
            characterSet: "utf8mb4",
            collate: "utf8mb4_unicode_ci",
            cleanupPolicy: settings.protect ? "Skip" : "Delete",
        }),
        user: cr("User", `${settings.name}-${db.user}`, {
            name: db.user,
            host: "%",
            passwordSecretKeyRef: { name: secretName, key: "password" },
            cleanupPolicy: "Delete",
        }),
        grant: cr("Grant", `${settings.name}-${db.name}`, {
            privileges: ["ALL PRIVILEGES"],
            database: db.name,
            table: "*",
            username: db.user,
            host: "%",
            grantOption: false,
            cleanupPolicy: "Delete",
        }),
    };
}

/** The label with which the operator watches a Secret it reads a password from and applies its changes. */
export const WATCH_LABEL = "k8s.mariadb.com/watch";

/**
 * How many pods, Services and claims a MariaDbCluster adds to its namespace, for the tenant's quota: the members
 * (and their agent sidecars), the exporter and its rollout surge pod, one backup Job at a time; restores run on
 * demand and are not counted. Services: `<name>`, `<name>-internal`, the primary and secondary ones when
 * replicated, the exporter's. Claims: one per member and the backup claim.
 */
export function mariaDbClusterUsage(
    settings: Pick<MariaDbSettings, "members" | "resources" | "helperResources" | "metrics" | "storage">,
    backupSize?: string,
): {
    readonly pods: readonly BudgetPod[];
    readonly services: number;
    readonly persistentVolumeClaims: number;
    readonly requestsStorage: string;
} {
    const ha = replicated(settings.members);
    const helper = settings.helperResources;
    const pods: BudgetPod[] = [
        { containers: ha ? [settings.resources, helper] : [settings.resources], copies: settings.members },
        ...(settings.metrics ? [{ containers: [helper], copies: 2 }] : []),
        ...(backupSize === undefined ? [] : [{ containers: [helper], copies: 1 }]),
    ];
    const storage = settings.members * quantity(settings.storage.size) + (backupSize ? quantity(backupSize) : 0);
    return {
        pods,
        services: 2 + (ha ? 2 : 0) + (settings.metrics ? 1 : 0),
        persistentVolumeClaims: settings.members + (backupSize === undefined ? 0 : 1),
        requestsStorage: formatBytes(storage),
    };
}

/** A request above its limit, or a quantity the API server would reject, in a resources block; or undefined. */
export function resourcesProblem(field: string, resources: ContainerResources): string | undefined {
    for (const key of ["cpu", "memory"] as const) {
        const request = parseQuantity(resources.requests[key]);
        const limit = parseQuantity(resources.limits[key]);
        if (request === undefined || limit === undefined || limit === 0) {
            return `${field} ${key} must be positive quantities, not ${JSON.stringify(resources.requests[key])} / ${JSON.stringify(resources.limits[key])}`;
        }
        if (request > limit) {
            return `${field}.requests.${key} ${resources.requests[key]} exceeds its limit ${resources.limits[key]}`;
        }
    }
    return undefined;
}
