import type * as k8s from "@pulumi/kubernetes";
import { NETWORK_ISOLATED_LABEL, platformLabels } from "../../contract/labels";
import { longestGapSeconds } from "../lib/schedule";
import { IMAGES, imageRef } from "../../contract/versions";
import type { ContainerResources } from "../tenancy/manifests";
import { backupName, jobPodLabels, type MariaDbBackups } from "./mariadb-backups";
import { MARIADB_UID, restrictedContainer, restrictedPod } from "./mariadb-manifests";
import { PriorityClassName } from "../../contract/priority-classes";
import { DEFAULT_EPHEMERAL_STORAGE, EPHEMERAL_STORAGE } from "../../contract/ephemeral-storage";
import { formatBytes, quantity } from "../../contract/quantity";

/** A scheduled restore of the newest backup into a throwaway server, which proves the backups restore. */
export interface RestoreDrill {
    /** Five cron fields in UTC; keep it clear of the backup schedule, so the newest backup is a finished one. */
    readonly schedule: string;
}

/** What the drill's CronJob depends on. */
export interface DrillSettings {
    /** The MariaDB's object name; the drill is `<name>-drill` and mounts the claim `<name>-backup`. */
    readonly name: string;
    readonly namespace: string;
    /** The databases that must be in the restored backup. */
    readonly databases: readonly string[];
    /** The members' requests and limits: the throwaway server replays the same data. */
    readonly resources: ContainerResources;
    /** The members' volume size: the restored data directory may grow to it. */
    readonly storage: { readonly size: string };
    readonly registryMirror?: string;
}

/** The drill's CronJob (and its Jobs' prefix), which kube-state-metrics reports on. */
export function drillName(name: string): string {
    return `${name}-drill`;
}

/** How old the newest backup may be when the drill runs: two backup periods, so one missed backup is not a failure. */
export function maxBackupAgeSeconds(backups: Pick<MariaDbBackups, "schedule">): number {
    return 2 * longestGapSeconds(backups.schedule);
}

/** A drill that outlives this has failed; the Job is stopped, and counted as failed. */
const DRILL_DEADLINE_SECONDS = 3600;

/**
 * The drill, in the MariaDB's own image. It takes the newest `backup.<time>.sql.gz` the operator wrote to the
 * backup claim (read-only), fails if it is older than MAX_BACKUP_AGE seconds or not a whole gzip stream, starts a
 * server with no network and no grant tables in an emptyDir, replays the dump, requires every database in
 * DATABASES, and checks every table. Any failure exits non-zero: the Job fails, which kube-state-metrics reports.
 * BACKUP_DIR, DATA_DIR and RUN_DIR default to the pod's mounts; the script's test sets them.
 */
export const DRILL_SCRIPT = `set -euo pipefail
fail() { echo "restore drill failed: $*" >&2; exit 1; }
backups=\${BACKUP_DIR:-/backup}
data=\${DATA_DIR:-/var/lib/mysql}
sock=\${RUN_DIR:-/run/mysqld}/drill.sock
newest=$(ls -1 "$backups" | grep -E '^backup\\.[0-9TZ:-]+\\.sql\\.gz$' | sort | tail -n 1 || true)
[ -n "$newest" ] || fail "no backup.<time>.sql.gz in the backup claim"
stamp=\${newest#backup.}
stamp=\${stamp%.sql.gz}
age=$(( $(date -u +%s) - $(date -u -d "$stamp" +%s) ))
[ "$age" -le "$MAX_BACKUP_AGE" ] || fail "the newest backup, $newest, is $age s old (at most $MAX_BACKUP_AGE s)"
gzip -t "$backups/$newest" 2> /dev/null || fail "$newest is not a whole gzip stream"
log=\${TMPDIR:-/tmp}/install.log
mariadb-install-db --datadir="$data" --skip-test-db > "$log" 2>&1 || { cat "$log" >&2; fail "mariadb-install-db"; }
mariadbd --datadir="$data" --socket="$sock" --skip-networking --skip-grant-tables --skip-log-bin &
server=$!
trap 'mariadb-admin --socket="$sock" shutdown > /dev/null 2>&1 || true; wait "$server" || true' EXIT
for _ in $(seq 1 60); do mariadb-admin --socket="$sock" ping > /dev/null 2>&1 && break; sleep 2; done
mariadb-admin --socket="$sock" ping > /dev/null 2>&1 || fail "the throwaway server did not start"
gunzip -c "$backups/$newest" | mariadb --socket="$sock" || fail "replaying $newest"
summary=""
for db in $DATABASES; do
  found=$(mariadb --socket="$sock" -N -B -e "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '$db'")
  [ "$found" = 1 ] || fail "database $db is not in $newest"
  tables=$(mariadb --socket="$sock" -N -B -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$db'")
  summary="$summary $db ($tables tables)"
done
problems=$(mariadb-check --socket="$sock" --all-databases --silent 2>&1 || true)
[ -z "$problems" ] || fail "mariadb-check: $problems"
echo "restore drill passed: $newest ($age s old) restored;$summary"
`;

/**
 * The member's requests and limits, with room on the node's disk for the restored copy: the data directory is an
 * emptyDir of the member's claim size, which counts toward the pod's ephemeral storage, so the request reserves it
 * (the scheduler places the drill where it fits) and the limit adds the usual headroom for logs and /tmp.
 */
export function drillResources(settings: Pick<DrillSettings, "resources" | "storage">): {
    requests: Record<string, string>;
    limits: Record<string, string>;
} {
    const size = quantity(settings.storage.size);
    return {
        requests: { ...settings.resources.requests, [EPHEMERAL_STORAGE]: formatBytes(size) },
        limits: {
            ...settings.resources.limits,
            [EPHEMERAL_STORAGE]: formatBytes(size + quantity(DEFAULT_EPHEMERAL_STORAGE.limit)),
        },
    };
}

/**
 * The drill's CronJob. No API access and no network (labelled network-isolated: the namespace's default deny is its
 * whole policy), the MariaDB's restricted context, the member's resources, one attempt (a drill that only passes
 * on a retry is a finding), an hour at most, and never two at once. Its success and failure are kube-state-metrics' CronJob and Job
 * metrics, which the drill's alerts read.
 */
export function drillCronJob(
    settings: DrillSettings,
    backups: MariaDbBackups,
    drill: RestoreDrill,
): k8s.types.input.batch.v1.CronJob {
    const name = drillName(settings.name);
    return {
        metadata: { name, namespace: settings.namespace, labels: platformLabels() },
        spec: {
            schedule: drill.schedule,
            timeZone: "UTC",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: DRILL_DEADLINE_SECONDS,
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                metadata: { labels: platformLabels() },
                spec: {
                    backoffLimit: 0,
                    activeDeadlineSeconds: DRILL_DEADLINE_SECONDS,
                    template: {
                        metadata: {
                            labels: { ...jobPodLabels(settings.name, "drill"), [NETWORK_ISOLATED_LABEL]: "true" },
                        },
                        spec: {
                            restartPolicy: "Never",
                            priorityClassName: PriorityClassName.platform,
                            automountServiceAccountToken: false,
                            enableServiceLinks: false,
                            securityContext: restrictedPod(MARIADB_UID),
                            containers: [
                                {
                                    name: "drill",
                                    image: imageRef(IMAGES.mariadb, settings.registryMirror),
                                    command: ["bash", "-c", DRILL_SCRIPT],
                                    env: [
                                        { name: "DATABASES", value: settings.databases.join(" ") },
                                        { name: "MAX_BACKUP_AGE", value: String(maxBackupAgeSeconds(backups)) },
                                    ],
                                    resources: drillResources(settings),
                                    securityContext: {
                                        ...restrictedContainer(MARIADB_UID),
                                        seccompProfile: { type: "RuntimeDefault" },
                                    },
                                    volumeMounts: [
                                        { name: "backup", mountPath: "/backup", readOnly: true },
                                        { name: "data", mountPath: "/var/lib/mysql" },
                                        { name: "socket", mountPath: "/run/mysqld" },
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                            ],
                            volumes: [
                                {
                                    name: "backup",
                                    persistentVolumeClaim: { claimName: backupName(settings.name), readOnly: true },
                                },
                                { name: "data", emptyDir: { sizeLimit: settings.storage.size } },
                                { name: "socket", emptyDir: {} },
                                { name: "tmp", emptyDir: {} },
                            ],
                        },
                    },
                },
            },
        },
    };
}
