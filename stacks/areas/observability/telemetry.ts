import { ALLOY_HTTP_PORT, alloyPodLabels } from "../../../components/observability/alloy-values";
import { LOKI_HTTP_PORT, lokiPodLabels } from "../../../components/observability/loki-values";
import {
    ALERTMANAGER_SERVICE,
    KUBE_STATE_METRICS_PORT,
    NODE_EXPORTER_PORT,
    PROMETHEUS_SERVICE,
    PROMETHEUS_STACK_POD_LABELS as PODS,
} from "../../../components/observability/prometheus-stack-values";
import { Severity, telemetry, type Telemetry } from "../../../components/observability/telemetry";
import { KubernetesNamespace, ObservabilityNamespace } from "../../../contract/namespaces";
import type { PlatformConfig } from "../../config/schema";
import { LogCollection } from "./schema";

const MONITORING = ObservabilityNamespace.monitoring;
/** The kubelet's port, which kube-prometheus-stack's kubelet ServiceMonitor scrapes on every node. */
export const KUBELET_PORT = 10250;

/** Where Alloy runs: `monitoring`, or the privileged `log-agents` when it tails the nodes' files. */
export function alloyNamespace(collection: string): string {
    return collection === LogCollection.node ? ObservabilityNamespace.logAgents : MONITORING;
}

/**
 * The observability stack's own metrics and alerts, and the targets kube-prometheus-stack scrapes with its own
 * monitors (kube-state-metrics, the kubelets, node-exporter, Prometheus, Alertmanager), whose metrics other areas'
 * rules read: Loki rejecting pushes, an Alloy pod not answering, rules failing to evaluate, notifications failing.
 */
export function observabilityTelemetry(config: PlatformConfig): Telemetry {
    const observability = config.observability;
    if (observability === undefined) {
        return telemetry({});
    }
    const alloyAt = alloyNamespace(observability.logs.collection);
    return telemetry({
        targets: [
            {
                name: "kube-state-metrics",
                namespace: MONITORING,
                podLabels: PODS.kubeStateMetrics,
                port: KUBE_STATE_METRICS_PORT,
                monitor: "chart",
                metrics: [
                    "kube_node_status_condition",
                    "kube_deployment_status_replicas_unavailable",
                    "kube_daemonset_status_number_unavailable",
                    "kube_service_spec_type",
                    "kube_service_status_load_balancer_ingress",
                    "kube_cronjob_created",
                    "kube_cronjob_status_last_schedule_time",
                    "kube_cronjob_status_last_successful_time",
                ],
            },
            {
                name: "kubelet",
                namespace: KubernetesNamespace.kubeSystem,
                podLabels: {},
                port: KUBELET_PORT,
                monitor: "chart",
                metrics: [
                    "kubelet_volume_stats_used_bytes",
                    "kubelet_volume_stats_capacity_bytes",
                    "csi_operations_seconds_count",
                ],
            },
            {
                name: "node-exporter",
                namespace: ObservabilityNamespace.nodeExporter,
                podLabels: PODS.nodeExporter,
                port: NODE_EXPORTER_PORT,
                monitor: "chart",
                metrics: [],
            },
            {
                name: "prometheus",
                namespace: MONITORING,
                podLabels: PODS.prometheus,
                port: PROMETHEUS_SERVICE.targetPort,
                monitor: "chart",
                metrics: ["prometheus_rule_evaluation_failures_total"],
            },
            {
                name: "alertmanager",
                namespace: MONITORING,
                podLabels: PODS.alertmanager,
                port: ALERTMANAGER_SERVICE.targetPort,
                monitor: "chart",
                metrics: ["alertmanager_notifications_failed_total"],
            },
            {
                name: "loki",
                namespace: MONITORING,
                podLabels: lokiPodLabels(),
                port: LOKI_HTTP_PORT,
                metrics: ["loki_request_duration_seconds_count", "loki_discarded_samples_total"],
            },
            {
                name: "alloy",
                namespace: alloyAt,
                podLabels: alloyPodLabels(),
                port: ALLOY_HTTP_PORT,
                // Its rule reads `up`, which Prometheus records for every target.
                metrics: [],
            },
        ],
        groups: [
            {
                name: "observability",
                rules: [
                    {
                        alert: "LokiIngestionErrors",
                        expr:
                            'sum(rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push", status_code=~"5.."}[5m])) > 0 ' +
                            "or sum(rate(loki_discarded_samples_total[5m])) > 0",
                        for: "15m",
                        severity: Severity.warning,
                        summary: "Loki fails or discards log pushes",
                        description:
                            "Pushes fail or entries are discarded ({{ $value }} per second): logs are being lost.",
                        runbook: "loki-ingestion-errors",
                    },
                    {
                        alert: "LogShipperDown",
                        expr: `up{job="${alloyAt}/alloy"} == 0`,
                        for: "10m",
                        severity: Severity.warning,
                        summary: "Alloy {{ $labels.pod }} is not answering",
                        description: "Its logs are not shipped to Loki while it is down.",
                        runbook: "log-shipper-down",
                    },
                    {
                        alert: "PrometheusRuleFailures",
                        expr: "increase(prometheus_rule_evaluation_failures_total[10m]) > 0",
                        for: "15m",
                        severity: Severity.warning,
                        summary: "Prometheus fails to evaluate rules of group {{ $labels.rule_group }}",
                        description: "Alerts of that group may not fire.",
                        runbook: "prometheus-rule-failures",
                    },
                    {
                        alert: "AlertmanagerNotificationsFailing",
                        expr: "sum by (integration) (rate(alertmanager_notifications_failed_total[5m])) > 0",
                        for: "15m",
                        severity: Severity.warning,
                        summary: "Alertmanager cannot deliver to its {{ $labels.integration }} receiver",
                        description: "Notifications fail; check the receiver's secret and the egress flow.",
                        runbook: "alertmanager-notifications-failing",
                    },
                ],
            },
        ],
    });
}
