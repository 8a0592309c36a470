import { ALLOY_CONFIG_RELOADER_RESOURCES } from "../../../components/observability/alloy-values";
import { PROMETHEUS_STACK_HELPER_RESOURCES as HELPERS } from "../../../components/observability/prometheus-stack-values";
import { podsQuota, type BudgetPod, type ContainerResources, type SystemBudget } from "../../../components/tenancy";
import { formatBytes, formatCpu, quantity } from "../../../contract/quantity";
import type { ObservabilityConfig } from "./schema";

/** Services the charts declare in `monitoring`, counted from their templates at the pins, with room for one more. */
const MONITORING_SERVICES = 12;

/** The largest limit of any container: the LimitRange's maximum, which admits every declared container. */
function maxLimits(pods: readonly BudgetPod[]): { cpu: string; memory: string } {
    const containers = pods.flatMap((p) => p.containers);
    const most = (pick: (c: ContainerResources) => string) => Math.max(...containers.map((c) => quantity(pick(c))));
    return { cpu: formatCpu(most((c) => c.limits.cpu)), memory: formatBytes(most((c) => c.limits.memory)) };
}

/** A budget for exactly these pods (and `claims` of `storage`), whose containers all declare resources. */
function budget(pods: readonly BudgetPod[], services: number, claims: readonly string[] = []): SystemBudget {
    return {
        quota: {
            ...podsQuota(pods, services),
            persistentVolumeClaims: claims.length,
            requestsStorage: formatBytes(claims.reduce((sum, size) => sum + quantity(size), 0)),
        },
        limits: {
            max: maxLimits(pods),
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "100m", memory: "128Mi" },
            defaultRequest: { cpu: "10m", memory: "32Mi" },
        },
    };
}

/**
 * `monitoring`'s budget: Prometheus and Alertmanager (each with its config reloader), Grafana with its two sidecars,
 * the operator, kube-state-metrics, Loki, and Alloy in `api` mode; Deployments with a rollout's extra pod, the
 * StatefulSets one pod each; the three claims.
 */
export function monitoringBudget(o: ObservabilityConfig, alloyHere: boolean): SystemBudget {
    const pods: BudgetPod[] = [
        { containers: [o.prometheus.resources, HELPERS.configReloader], copies: 1 },
        { containers: [o.alertmanager.resources, HELPERS.configReloader], copies: 1 },
        { containers: [o.grafana.resources, HELPERS.grafanaSidecar, HELPERS.grafanaSidecar], copies: 2 },
        { containers: [HELPERS.operator], copies: 2 },
        { containers: [HELPERS.kubeStateMetrics], copies: 2 },
        { containers: [o.loki.resources], copies: 1 },
        ...(alloyHere ? [{ containers: [o.logs.resources, ALLOY_CONFIG_RELOADER_RESOURCES], copies: 2 }] : []),
    ];
    return budget(pods, MONITORING_SERVICES, [
        o.prometheus.storageSize,
        o.alertmanager.storageSize,
        o.loki.storageSize,
    ]);
}

/** node-exporter's namespace: one pod per node, and its Service. */
export function nodeExporterBudget(nodes: number): SystemBudget {
    return budget([{ containers: [HELPERS.nodeExporter], copies: nodes }], 1);
}

/** `log-agents`: Alloy and its config reloader on every node (`node` collection). */
export function logAgentsBudget(o: ObservabilityConfig, nodes: number): SystemBudget {
    return budget([{ containers: [o.logs.resources, ALLOY_CONFIG_RELOADER_RESOURCES], copies: nodes }], 1);
}
