import { Severity, telemetry, type Telemetry } from "../../../components/observability/telemetry";

/** The cluster's own alert: a node that stopped being Ready (kube-state-metrics, which the observability area runs). */
export function clusterTelemetry(): Telemetry {
    return telemetry({
        groups: [
            {
                name: "cluster",
                rules: [
                    {
                        alert: "NodeNotReady",
                        expr: 'kube_node_status_condition{condition="Ready", status="true"} == 0',
                        for: "5m",
                        severity: Severity.critical,
                        summary: "Node {{ $labels.node }} is not Ready",
                        description: "The kubelet has not reported Ready for 5 minutes; its pods are being evicted.",
                        runbook: "node-not-ready",
                    },
                ],
            },
        ],
    });
}
