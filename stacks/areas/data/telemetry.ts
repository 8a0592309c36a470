import {
    backupName,
    exporterPodLabels,
    MYSQLD_EXPORTER_PORT,
    VALKEY_EXPORTER_PORT,
    valkeyPodLabels,
} from "../../../components/data";
import { drillName } from "../../../components/data/mariadb-drill";
import { longestGapSeconds } from "../../../components/lib/schedule";
import {
    Severity,
    telemetry,
    type AlertRule,
    type MetricsTarget,
    type Telemetry,
} from "../../../components/observability/telemetry";
import type { PlatformConfig } from "../../config/schema";
import type { MariaDbConfig, ValkeyConfig } from "./schema";
import { MARIADB, VALKEY } from "./wiring";

/** A CronJob's runs as kube-state-metrics sees them: it failed, or has not succeeded within two periods. */
function scheduled(what: {
    alert: string;
    title: string;
    namespace: string;
    cronJob: string;
    schedule: string;
    runbook: string;
}) {
    const at = `namespace="${what.namespace}", cronjob="${what.cronJob}"`;
    const overdue = 2 * longestGapSeconds(what.schedule);
    const rules: AlertRule[] = [
        {
            alert: `${what.alert}Failed`,
            expr: `kube_cronjob_status_last_schedule_time{${at}} > kube_cronjob_status_last_successful_time{${at}}`,
            for: "75m",
            severity: Severity.critical,
            summary: `The last ${what.title} of ${what.namespace}/${MARIADB} did not succeed`,
            description: `CronJob ${what.cronJob} ran more than 75 minutes ago and has not succeeded since.`,
            runbook: `${what.runbook}-failed`,
        },
        {
            alert: `${what.alert}Overdue`,
            expr:
                `time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{${at}} ` +
                `or kube_cronjob_created{${at}}) > ${overdue}`,
            for: "10m",
            severity: Severity.critical,
            summary: `No ${what.title} of ${what.namespace}/${MARIADB} succeeded within two periods`,
            description: `CronJob ${what.cronJob} has not succeeded for {{ $value | humanizeDuration }} (two periods: ${overdue / 3600} h).`,
            runbook: `${what.runbook}-overdue`,
        },
    ];
    return rules;
}

function mariadbTelemetry(mariadb: MariaDbConfig): Telemetry {
    const ns = mariadb.namespace;
    const replicated = mariadb.members > 1;
    const target: MetricsTarget = {
        name: `${MARIADB}-metrics`,
        namespace: ns,
        podLabels: exporterPodLabels(MARIADB),
        port: MYSQLD_EXPORTER_PORT,
        monitor: "operator",
        metrics: [
            "mysql_up",
            "mysql_slave_status_slave_io_running",
            "mysql_slave_status_slave_sql_running",
            "mysql_slave_status_seconds_behind_master",
            "mysql_global_status_threads_connected",
        ],
    };
    const at = `namespace="${ns}"`;
    const rules: AlertRule[] = [
        {
            alert: "MariaDBDown",
            expr: `mysql_up{${at}} == 0`,
            for: "5m",
            severity: Severity.critical,
            summary: "MariaDB member {{ $labels.instance }} in {{ $labels.namespace }} is down",
            description: "The exporter cannot reach the server.",
            runbook: "mariadb-down",
        },
        ...(replicated
            ? [
                  {
                      alert: "MariaDBReplicationBroken",
                      expr: `mysql_slave_status_slave_io_running{${at}} == 0 or mysql_slave_status_slave_sql_running{${at}} == 0`,
                      for: "5m",
                      severity: Severity.critical,
                      summary: "MariaDB replica {{ $labels.instance }} stopped replicating",
                      description: "Its I/O or SQL thread is not running; it no longer follows the primary.",
                      runbook: "mariadb-replication-broken",
                  },
                  {
                      alert: "MariaDBReplicationLagging",
                      expr: `mysql_slave_status_seconds_behind_master{${at}} > 30`,
                      for: "10m",
                      severity: Severity.warning,
                      summary: "MariaDB replica {{ $labels.instance }} is {{ $value }} s behind the primary",
                      description: "A failover now would lose or wait for the missing transactions.",
                      runbook: "mariadb-replication-lagging",
                  },
              ]
            : []),
        ...(mariadb.backups
            ? scheduled({
                  alert: "MariaDBBackup",
                  title: "backup",
                  namespace: ns,
                  cronJob: backupName(MARIADB),
                  schedule: mariadb.backups.schedule,
                  runbook: "mariadb-backup",
              })
            : []),
        ...(mariadb.backups?.drill
            ? scheduled({
                  alert: "MariaDBRestoreDrill",
                  title: "restore drill",
                  namespace: ns,
                  cronJob: drillName(MARIADB),
                  schedule: mariadb.backups.drill.schedule,
                  runbook: "mariadb-restore-drill",
              })
            : []),
    ];
    return telemetry({ targets: [target], groups: [{ name: "mariadb", rules }] });
}

function valkeyTelemetry(valkey: ValkeyConfig): Telemetry {
    const at = `namespace="${valkey.namespace}"`;
    return telemetry({
        targets: [
            {
                name: `${VALKEY}-metrics`,
                namespace: valkey.namespace,
                podLabels: valkeyPodLabels(VALKEY),
                port: VALKEY_EXPORTER_PORT,
                metrics: ["redis_up", "redis_instance_info", "redis_memory_used_bytes", "redis_connected_clients"],
            },
        ],
        groups: [
            {
                name: "valkey",
                rules: [
                    {
                        alert: "ValkeyDown",
                        expr: `redis_up{${at}} == 0`,
                        for: "5m",
                        severity: Severity.critical,
                        summary: "Valkey {{ $labels.pod }} in {{ $labels.namespace }} is down",
                        description: "Its exporter cannot reach the server.",
                        runbook: "valkey-down",
                    },
                    {
                        alert: "ValkeyWithoutPrimary",
                        expr: `absent(redis_instance_info{${at}, role="master"})`,
                        for: "5m",
                        severity: Severity.critical,
                        summary: `Valkey in ${valkey.namespace} has no primary`,
                        description:
                            "No pod reports the primary role: writes fail (the chart has no Sentinel to promote a replica).",
                        runbook: "valkey-without-primary",
                    },
                ],
            },
        ],
    });
}

/** The data area's metrics and alerts: MariaDB's exporter, replication, backups and drill; Valkey's exporter. */
export function dataTelemetry(config: PlatformConfig): Telemetry {
    const { mariadb, valkey } = config.data;
    const parts = [...(mariadb ? [mariadbTelemetry(mariadb)] : []), ...(valkey ? [valkeyTelemetry(valkey)] : [])];
    return telemetry({
        targets: parts.flatMap((p) => p.targets),
        groups: parts.flatMap((p) => p.groups),
        dashboards: parts.length > 0 ? ["data.json"] : [],
    });
}
