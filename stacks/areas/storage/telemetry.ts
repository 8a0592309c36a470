import { Severity, telemetry, type AlertRule, type Telemetry } from "../../../components/observability/telemetry";
import { StorageNamespace } from "../../../contract/namespaces";
import type { PlatformConfig } from "../../config/schema";

/** longhorn-manager serves its API and its metrics on this port (`manager`). */
const LONGHORN_MANAGER_PORT = 9500;

/** A provisioner's pods not all available, from kube-state-metrics (neither ships metrics of its own). */
function unavailable(alert: string, namespace: string, what: string): AlertRule {
    return {
        alert,
        expr:
            `kube_deployment_status_replicas_unavailable{namespace="${namespace}"} > 0 ` +
            `or kube_daemonset_status_number_unavailable{namespace="${namespace}"} > 0`,
        for: "15m",
        severity: Severity.warning,
        summary: `${what} pods in ${namespace} are unavailable`,
        description: "{{ $labels.deployment }}{{ $labels.daemonset }} has had unavailable pods for 15 minutes.",
        runbook: "storage-provisioner-unavailable",
    };
}

/**
 * The storage area's metrics and alerts: every claim's fill level (the kubelet's volume stats), Longhorn's volumes
 * (its manager's metrics) when it runs, and the NFS and local-path provisioners' pods, which export no metrics of
 * their own, through kube-state-metrics.
 */
export function storageTelemetry(config: PlatformConfig): Telemetry {
    const { storage } = config;
    const longhorn = storage.longhorn?.enabled === true;
    const rules: AlertRule[] = [
        {
            alert: "PersistentVolumeFillingUp",
            expr: "kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.8",
            for: "15m",
            severity: Severity.warning,
            summary: "Claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is over 80 % full",
            description: "It is {{ $value | humanizePercentage }} full.",
            runbook: "persistent-volume-filling-up",
        },
        ...(storage.nfs ? [unavailable("NfsProvisionerUnavailable", StorageNamespace.nfs, "csi-driver-nfs")] : []),
        ...(storage.localPath.enabled
            ? [unavailable("LocalPathProvisionerUnavailable", StorageNamespace.localPath, "local-path-provisioner")]
            : []),
    ];
    if (longhorn) {
        rules.push(
            {
                alert: "LonghornVolumeDegraded",
                expr: 'longhorn_volume_robustness{state="degraded"} == 1',
                for: "10m",
                severity: Severity.warning,
                summary: "Longhorn volume {{ $labels.volume }} is degraded",
                description: "It runs with fewer healthy replicas than it should; Longhorn is rebuilding or cannot.",
                runbook: "longhorn-volume-degraded",
            },
            {
                alert: "LonghornVolumeFaulted",
                expr: 'longhorn_volume_robustness{state="faulted"} == 1',
                for: "2m",
                severity: Severity.critical,
                summary: "Longhorn volume {{ $labels.volume }} is faulted",
                description: "No healthy replica is left: its workload cannot read or write it.",
                runbook: "longhorn-volume-faulted",
            },
        );
    }
    return telemetry({
        targets: longhorn
            ? [
                  {
                      name: "longhorn-manager",
                      namespace: StorageNamespace.longhorn,
                      podLabels: { app: "longhorn-manager" },
                      port: LONGHORN_MANAGER_PORT,
                      // Since Longhorn 1.7 robustness is one series per `state`, 1 for the volume's current one.
                      metrics: [
                          "longhorn_volume_robustness",
                          "longhorn_volume_actual_size_bytes",
                          "longhorn_volume_capacity_bytes",
                      ],
                  },
              ]
            : [],
        groups: [{ name: "storage", rules }],
        dashboards: ["storage.json"],
    });
}
