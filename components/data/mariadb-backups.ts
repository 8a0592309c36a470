import { APP_LABEL, platformLabels } from "../../contract/labels";
import type { ContainerResources } from "../tenancy/manifests";
import type { RestoreDrill } from "./mariadb-drill";
import {
    MARIADB_API,
    MARIADB_HELPER_RESOURCES,
    MARIADB_UID,
    restrictedContainer,
    restrictedPod,
    type MariaDbObject,
} from "./mariadb-manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { PriorityClassName } from "../../contract/priority-classes";

/** Scheduled logical backups of a MariaDB to a claim of their own. */
export interface MariaDbBackups {
    /** Five cron fields (minute hour day-of-month month day-of-week), in UTC, e.g. `0 3 * * *` (daily at 03:00). */
    readonly schedule: string;
    /** How long a backup is kept before a later backup Job deletes it: a Go duration, e.g. `168h`. */
    readonly maxRetention: string;
    /** The class of the backup claim; a class whose volumes live off the database's nodes survives them. */
    readonly storageClass: string;
    /** Size of the backup claim: every backup within maxRetention must fit. */
    readonly size: string;
    /** A scheduled restore of the newest backup into a throwaway server. @default undefined (none) */
    readonly drill?: RestoreDrill;
}

/** Where a new MariaDB's data comes from: the newest backup of a Backup in its namespace, or the newest before a time. */
export interface BackupSource {
    /** The Backup object's name (MariaDbCluster names it `<cluster>-backup`). */
    readonly backup: string;
    /** RFC 3339 time; the newest backup taken at or before it is restored. @default undefined (the newest backup) */
    readonly targetRecoveryTime?: string;
}

/** The Backup object of a MariaDB `name`; its CronJob and its claim carry the same name. */
export function backupName(name: string): string {
    return `${name}-backup`;
}

/**
 * Labels of the pods a MariaDB's backup, restore or drill Jobs run (backup and restore flow to the primary on 3306). The instance is
 * not the MariaDB's own: its members' anti-affinity would then keep a Job off every node that runs a member.
 */
export function jobPodLabels(name: string, job: "backup" | "restore" | "drill"): Record<string, string> {
    return { [APP_LABEL]: `mariadb-${job}`, "app.kubernetes.io/instance": `${name}-${job}` };
}

const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
const HOURS: Readonly<Record<string, number>> = {
    h: 1,
    m: 1 / 60,
    s: 1 / 3600,
    ms: 1 / 3.6e6,
    us: 1 / 3.6e9,
    µs: 1 / 3.6e9,
    ns: 1 / 3.6e12,
};

/** Why a retention is not a positive Go duration (`168h`, `1h30m`), or undefined. */
export function retentionProblem(retention: string): string | undefined {
    const parts = [...retention.matchAll(DURATION_PART)];
    const whole = parts.map((p) => p[0]).join("") === retention && parts.length > 0;
    const hours = parts.reduce((sum, p) => sum + Number(p[1]) * HOURS[p[2]], 0);
    return whole && hours > 0 ? undefined : `${JSON.stringify(retention)} is not a positive duration such as 168h`;
}

/**
 * The scheduled Backup: a mariadb-dump of every database, gzipped, into a claim of its own that the operator
 * creates and owns (deleting the Backup deletes the claim and the backups in it, hence it is protected with the
 * MariaDB). Users and grants are left out (`ignoreGlobalPriv`): an instance keeps its own root password and its
 * User and Grant objects recreate the accounts, so a backup restores into any instance. The Job runs with the
 * MariaDB's restricted context and explicit resources; every field the operator would otherwise default is set,
 * so it never rewrites the object.
 */
export function backupManifest(
    settings: { readonly name: string; readonly namespace: string; readonly helperResources: ContainerResources },
    backups: MariaDbBackups,
): MariaDbObject {
    return {
        apiVersion: MARIADB_API,
        kind: "Backup",
        metadata: { name: backupName(settings.name), namespace: settings.namespace, labels: platformLabels() },
        spec: {
            mariaDbRef: { name: settings.name, waitForIt: true },
            schedule: { cron: backups.schedule, suspend: false },
            timeZone: "UTC",
            maxRetention: backups.maxRetention,
            compression: "gzip",
            ignoreGlobalPriv: true,
            backoffLimit: 5,
            storage: {
                persistentVolumeClaim: {
                    storageClassName: backups.storageClass,
                    accessModes: ["ReadWriteOnce"],
                    resources: { requests: { storage: backups.size } },
                },
            },
            resources: withEphemeralStorage(settings.helperResources),
            priorityClassName: PriorityClassName.platform,
            podSecurityContext: restrictedPod(MARIADB_UID),
            securityContext: restrictedContainer(MARIADB_UID),
            podMetadata: { labels: jobPodLabels(settings.name, "backup") },
        },
    };
}

/** What restoreSpec restores where. */
export interface RestoreTarget extends BackupSource {
    /** The Restore object's name; its Job gets the same name. */
    readonly name: string;
    readonly namespace: string;
    /** The MariaDB restored into, in the same namespace as the Backup (its Job mounts the backup claim). */
    readonly mariadb: string;
    /** @default MARIADB_HELPER_RESOURCES */
    readonly resources?: ContainerResources;
}

/**
 * A Restore of the newest backup (or the newest before targetRecoveryTime) of a Backup into a running MariaDB:
 * the operator runs it once, as a Job that replays the dump over the instance's databases, once the MariaDB is
 * ready. Apply it with kubectl for a recovery; the platform declares none.
 */
export function restoreSpec(target: RestoreTarget): MariaDbObject {
    return {
        apiVersion: MARIADB_API,
        kind: "Restore",
        metadata: { name: target.name, namespace: target.namespace, labels: platformLabels() },
        spec: {
            mariaDbRef: { name: target.mariadb, waitForIt: true },
            backupRef: { name: target.backup },
            ...(target.targetRecoveryTime === undefined ? {} : { targetRecoveryTime: target.targetRecoveryTime }),
            resources: withEphemeralStorage(target.resources ?? MARIADB_HELPER_RESOURCES),
            podSecurityContext: restrictedPod(MARIADB_UID),
            securityContext: restrictedContainer(MARIADB_UID),
            podMetadata: { labels: jobPodLabels(target.mariadb, "restore") },
        },
    };
}

/**
 * `spec.bootstrapFrom` of a new MariaDB `name`: the operator restores the backup once the instance is first ready,
 * holding switchovers and failovers until it is done. Its Job takes the MariaDB's security contexts; resources
 * and labels are set here.
 */
export function bootstrapFromBackup(
    name: string,
    source: BackupSource,
    resources: ContainerResources = MARIADB_HELPER_RESOURCES,
): Record<string, unknown> {
    return {
        backupRef: { name: source.backup },
        ...(source.targetRecoveryTime === undefined ? {} : { targetRecoveryTime: source.targetRecoveryTime }),
        restoreJob: { resources: withEphemeralStorage(resources), metadata: { labels: jobPodLabels(name, "restore") } },
    };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a backup source cannot be restored from, or undefined. */
export function backupSourceProblem(source: BackupSource): string | undefined {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(source.backup)) {
        return `args.restoreFrom.backup ${JSON.stringify(source.backup)} is not a Backup object name`;
    }
    if (source.targetRecoveryTime !== undefined && !RFC3339.test(source.targetRecoveryTime)) {
        return `args.restoreFrom.targetRecoveryTime ${JSON.stringify(source.targetRecoveryTime)} is not an RFC 3339 time`;
    }
    return undefined;
}
