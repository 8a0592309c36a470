import { RWX_STORAGE_CLASSES, type StorageClassName } from "../../../contract/storage";
import type { ConfigIssue } from "../../config/errors";
import { duplicates } from "../../config/issues";
import { NodeRole, type ClusterConfig } from "../cluster/schema";
import type { StorageConfig } from "../storage/schema";
import type { MariaDbConfig, ValkeyConfig } from "./schema";

/**
 * The nodes database members may run on: workers without GPUs (GPU workers are for GPU pods; seed 003's third
 * member on a GPU node is what the GPU-toleration rule forbids). Members are pinned to them, one per node.
 */
export function databaseNodes<N extends { readonly role: string; readonly gpus: number }>(nodes: readonly N[]): N[] {
    return nodes.filter((n) => n.role === NodeRole.worker && n.gpus === 0);
}

const AT = ["data", "mariadb"];

function placementIssues(mariadb: MariaDbConfig, cluster: ClusterConfig | undefined): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const { members } = mariadb;
    if (mariadb.requireQuorum && (members < 3 || members % 2 === 0)) {
        issues.push({
            path: [...AT, "members"],
            message: `${members} members cannot always elect a primary: data.mariadb.requireQuorum needs an odd count of at least 3 (two members split-brain, seed 003)`,
        });
    }
    const eligible = cluster === undefined ? undefined : databaseNodes(cluster.nodes);
    if (eligible !== undefined && members > eligible.length) {
        issues.push({
            path: [...AT, "members"],
            message: `${members} members need as many workers without GPUs, one member each, but platform:cluster has ${eligible.length} (${eligible.map((n) => n.name).join(", ") || "none"})`,
        });
    }
    if (mariadb.maxscale !== undefined && members < 2) {
        issues.push({
            path: [...AT, "maxscale"],
            message: `MaxScale routes between replicated members and fails over: it needs data.mariadb.members of at least 2, not ${members}`,
        });
    }
    if (mariadb.maxscale !== undefined && eligible !== undefined && mariadb.maxscale.replicas > eligible.length) {
        issues.push({
            path: [...AT, "maxscale", "replicas"],
            message: `${mariadb.maxscale.replicas} MaxScale pods need as many workers without GPUs, one each, but platform:cluster has ${eligible.length}`,
        });
    }
    return issues;
}

function storageIssues(mariadb: MariaDbConfig, storage: StorageConfig | undefined): ConfigIssue[] {
    if (storage === undefined) {
        return [];
    }
    const issues: ConfigIssue[] = [];
    const database = storage.roles.database;
    if (database === undefined) {
        issues.push({ path: [...AT], message: "needs platform:storage.roles.database, the class of its volumes" });
    } else if (RWX_STORAGE_CLASSES.includes(database as StorageClassName)) {
        issues.push({
            path: [...AT],
            message: `platform:storage.roles.database is ${database}, a shared file system: a database needs block or node-local storage (local-path, longhorn)`,
        });
    }
    if (mariadb.backups !== undefined && storage.roles.backups === undefined) {
        issues.push({
            path: [...AT, "backups"],
            message: "needs platform:storage.roles.backups, the class of the backup claim",
        });
    }
    return issues;
}

/** The cache's namespace must be a tenant's, and replicas need persistence (the chart requires their claims). */
export function checkValkey(
    valkey: ValkeyConfig | undefined,
    storage: StorageConfig | undefined,
    owners: ReadonlyMap<string, readonly string[]> | undefined,
): ConfigIssue[] {
    if (valkey === undefined) {
        return [];
    }
    const at = ["data", "valkey"];
    const issues: ConfigIssue[] = [];
    if (owners !== undefined && !(owners.get(valkey.namespace)?.includes("tenancy") ?? false)) {
        issues.push({
            path: [...at, "namespace"],
            message: `${valkey.namespace} is not a tenant namespace (platform:tenants); the cache runs beside its apps`,
        });
    }
    if (valkey.replicas > 0 && valkey.storageSize === undefined) {
        issues.push({
            path: [...at, "storageSize"],
            message: "is required with replicas: each replica syncs to a claim",
        });
    }
    if (valkey.storageSize !== undefined && storage !== undefined && storage.roles.database === undefined) {
        issues.push({
            path: [...at, "storageSize"],
            message: "needs platform:storage.roles.database, the class of its claims",
        });
    }
    return issues;
}

/**
 * Cross-field checks of platform:data. `cluster` and `storage` are given when their sections are sound; `owners`
 * (which areas manage each namespace) when the tenants are.
 */
export function checkData(
    mariadb: MariaDbConfig | undefined,
    cluster: ClusterConfig | undefined,
    storage: StorageConfig | undefined,
    owners: ReadonlyMap<string, readonly string[]> | undefined,
): ConfigIssue[] {
    if (mariadb === undefined) {
        return [];
    }
    const tenant = owners === undefined || (owners.get(mariadb.namespace)?.includes("tenancy") ?? false);
    return [
        ...(tenant
            ? []
            : [
                  {
                      path: [...AT, "namespace"],
                      message: `${mariadb.namespace} is not a tenant namespace (platform:tenants); the database runs beside its apps`,
                  },
              ]),
        ...placementIssues(mariadb, cluster),
        ...storageIssues(mariadb, storage),
        ...duplicates(
            mariadb.databases,
            (d) => d.name,
            (i) => [...AT, "databases", i, "name"],
            "database",
        ),
        ...duplicates(
            mariadb.databases,
            (d) => d.user,
            (i) => [...AT, "databases", i, "user"],
            "user",
        ),
    ];
}
