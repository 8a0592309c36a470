// The pin of kube-prometheus-stack (Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter) and the
// upstream repositories of its images. contract/versions.ts and contract/images.ts include both.
import type { ChartContainer, ChartPin, ImagePin } from "./pins";

/** Upstream registries of kube-prometheus-stack's images, so a mirror can stand in for each. */
export const MONITORING_IMAGE_REPOSITORIES = {
    prometheus: { registry: "quay.io", repository: "prometheus/prometheus" },
    alertmanager: { registry: "quay.io", repository: "prometheus/alertmanager" },
    prometheusOperator: { registry: "quay.io", repository: "prometheus-operator/prometheus-operator" },
    /** The operator adds it (as `config-reloader` and `init-config-reloader`) to every Prometheus and Alertmanager. */
    prometheusConfigReloader: { registry: "quay.io", repository: "prometheus-operator/prometheus-config-reloader" },
    /** The operator's standalone webhook Deployment (off: the operator serves the webhooks itself). */
    prometheusAdmissionWebhook: { registry: "quay.io", repository: "prometheus-operator/admission-webhook" },
    /** The webhook certificate Jobs (Helm hooks, off: cert-manager issues the certificate). */
    kubeWebhookCertgen: { registry: "ghcr.io", repository: "jkroepke/kube-webhook-certgen" },
    /** The operator's default Thanos sidecar and ruler image (passed as a flag; no Thanos runs). */
    thanos: { registry: "quay.io", repository: "thanos/thanos" },
    kubeStateMetrics: { registry: "registry.k8s.io", repository: "kube-state-metrics/kube-state-metrics" },
    nodeExporter: { registry: "quay.io", repository: "prometheus/node-exporter" },
    /** kube-state-metrics' and node-exporter's optional HTTPS proxies (off). */
    kubeRbacProxy: { registry: "quay.io", repository: "brancz/kube-rbac-proxy" },
    windowsExporter: { registry: "ghcr.io", repository: "prometheus-community/windows-exporter" },
    grafana: { registry: "docker.io", repository: "grafana/grafana" },
    /** Grafana's dashboard and datasource sidecars. */
    k8sSidecar: { registry: "quay.io", repository: "kiwigrid/k8s-sidecar" },
    /** Grafana's helm-test pod (never rendered by Chart v4) and its init-chown-data container (off). */
    bats: { registry: "docker.io", repository: "bats/bats" },
    grafanaBusybox: { registry: "docker.io", repository: "library/busybox" },
} as const satisfies Record<string, Omit<ImagePin, "tag">>;

const R = MONITORING_IMAGE_REPOSITORIES;

/**
 * A container of a pod the operator creates for a Prometheus or Alertmanager resource: one copy per replica.
 * `init-config-reloader` is counted as if it ran beside the others (a quota charges the larger of the two).
 */
function operated(
    workload: "prometheus" | "alertmanager",
    container: string,
    resources: string,
    replicas: string,
): ChartContainer {
    return {
        name: container === workload ? workload : `${workload}/${container}`,
        resources,
        replicas: { valuesPath: replicas, default: 1 },
        enabledBy: `${workload}.enabled`,
        ...(resources === RELOADER ? { ephemeralStorage: "limitRange" as const } : {}),
    };
}

const PROMETHEUS_REPLICAS = "prometheus.prometheusSpec.replicas";
const ALERTMANAGER_REPLICAS = "alertmanager.alertmanagerSpec.replicas";
/**
 * The config reloaders' resources: the operator passes them as `--config-reloader-*` flags to every pod, which name
 * cpu and memory only, so their ephemeral storage is the namespace LimitRange's default.
 */
const RELOADER = "prometheusOperator.prometheusConfigReloader.resources";
const GRAFANA_REPLICAS = { valuesPath: "grafana.replicas", default: 1 } as const;

export const MONITORING_CHARTS = {
    /*
     * kube-prometheus-stack 88.5.3 (Apache-2.0, app/operator v0.93.1, Prometheus v3.14.0, Alertmanager v0.34.0):
     * tag kube-prometheus-stack-88.5.3 (ea930baeebeb), 2026-08-21, prometheus-community/helm-charts; the newest
     * tag of the fetched snapshot (2026-08-22), so newer patches are not verified. Subcharts kube-state-metrics
     * 8.4.0, prometheus-node-exporter 4.56.1, grafana 12.11.1 (grafana-community), prometheus-windows-exporter
     * 0.12.x (off). The Prometheus and Alertmanager pods are the operator's, from the custom resources the chart
     * renders with these values; their containers are declared here because their resources come from the values.
     * The operator serves the admission webhooks itself; cert-manager issues their certificate (the chart's hook
     * Jobs never run under Chart v4). Every image block renders `<registry>/<repository>:<tag>`, the registry
     * replaced by `global.imageRegistry` when set; the program sets each block's registry and never the global.
     * Containers not declared, because these values never start them: Grafana's init-chown-data (persistence
     * off), download-dashboards (no `grafana.dashboards`), its alerts/notifiers/plugins sidecars, node-exporter's
     * permission-fix init container (no fixes), Thanos Ruler and the windows exporter.
     */
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repository: "https://prometheus-community.github.io/helm-charts",
        containers: [
            operated("prometheus", "prometheus", "prometheus.prometheusSpec.resources", PROMETHEUS_REPLICAS),
            operated("prometheus", "config-reloader", RELOADER, PROMETHEUS_REPLICAS),
            operated("prometheus", "init-config-reloader", RELOADER, PROMETHEUS_REPLICAS),
            operated("alertmanager", "alertmanager", "alertmanager.alertmanagerSpec.resources", ALERTMANAGER_REPLICAS),
            operated("alertmanager", "config-reloader", RELOADER, ALERTMANAGER_REPLICAS),
            operated("alertmanager", "init-config-reloader", RELOADER, ALERTMANAGER_REPLICAS),
            // The Deployment's replica count is fixed at 1 in its template.
            {
                name: "prometheus-operator",
                resources: "prometheusOperator.resources",
                replicas: { fixed: 1 },
                enabledBy: "prometheusOperator.enabled",
            },
            {
                name: "admission-webhook",
                resources: "prometheusOperator.admissionWebhooks.deployment.resources",
                replicas: { valuesPath: "prometheusOperator.admissionWebhooks.deployment.replicas", default: 1 },
                enabledBy: "prometheusOperator.admissionWebhooks.deployment.enabled",
            },
            {
                name: "kube-state-metrics",
                resources: "kube-state-metrics.resources",
                replicas: { valuesPath: "kube-state-metrics.replicas", default: 1 },
                enabledBy: "kubeStateMetrics.enabled",
            },
            {
                name: "node-exporter",
                resources: "prometheus-node-exporter.resources",
                replicas: { perNode: true },
                enabledBy: "nodeExporter.enabled",
            },
            {
                name: "grafana",
                resources: "grafana.resources",
                replicas: GRAFANA_REPLICAS,
                enabledBy: "grafana.enabled",
            },
            // The sidecars share one resources block.
            {
                name: "grafana/grafana-sc-dashboard",
                resources: "grafana.sidecar.resources",
                replicas: GRAFANA_REPLICAS,
                enabledBy: "grafana.sidecar.dashboards.enabled",
            },
            {
                name: "grafana/grafana-sc-datasources",
                resources: "grafana.sidecar.resources",
                replicas: GRAFANA_REPLICAS,
                enabledBy: "grafana.sidecar.datasources.enabled",
            },
        ],
        images: [
            { path: "prometheus.prometheusSpec.image", upstream: R.prometheus, enabledBy: "prometheus.enabled" },
            {
                path: "alertmanager.alertmanagerSpec.image",
                upstream: R.alertmanager,
                enabledBy: "alertmanager.enabled",
            },
            {
                path: "prometheusOperator.image",
                upstream: R.prometheusOperator,
                enabledBy: "prometheusOperator.enabled",
            },
            { path: "prometheusOperator.prometheusConfigReloader.image", upstream: R.prometheusConfigReloader },
            { path: "prometheusOperator.thanosImage", upstream: R.thanos },
            {
                path: "prometheusOperator.admissionWebhooks.deployment.image",
                upstream: R.prometheusAdmissionWebhook,
                enabledBy: "prometheusOperator.admissionWebhooks.deployment.enabled",
            },
            {
                path: "prometheusOperator.admissionWebhooks.patch.image",
                upstream: R.kubeWebhookCertgen,
                enabledBy: "prometheusOperator.admissionWebhooks.patch.enabled",
            },
            { path: "thanosRuler.thanosRulerSpec.image", upstream: R.thanos, enabledBy: "thanosRuler.enabled" },
            { path: "kube-state-metrics.image", upstream: R.kubeStateMetrics, enabledBy: "kubeStateMetrics.enabled" },
            {
                path: "kube-state-metrics.kubeRBACProxy.image",
                upstream: R.kubeRbacProxy,
                enabledBy: "kube-state-metrics.kubeRBACProxy.enabled",
            },
            { path: "prometheus-node-exporter.image", upstream: R.nodeExporter, enabledBy: "nodeExporter.enabled" },
            {
                path: "prometheus-node-exporter.kubeRBACProxy.image",
                upstream: R.kubeRbacProxy,
                enabledBy: "prometheus-node-exporter.kubeRBACProxy.enabled",
            },
            {
                path: "prometheus-windows-exporter.image",
                upstream: R.windowsExporter,
                enabledBy: "windowsMonitoring.enabled",
            },
            { path: "grafana.image", upstream: R.grafana, enabledBy: "grafana.enabled" },
            { path: "grafana.sidecar.image", upstream: R.k8sSidecar, enabledBy: "grafana.enabled" },
            { path: "grafana.testFramework.image", upstream: R.bats, enabledBy: "grafana.testFramework.enabled" },
            {
                path: "grafana.initChownData.image",
                upstream: R.grafanaBusybox,
                enabledBy: "grafana.initChownData.enabled",
            },
        ],
        // The operator renders the Prometheus and Alertmanager specs' class into their StatefulSets.
        priorityClasses: [
            { path: "prometheus.prometheusSpec.priorityClassName", enabledBy: "prometheus.enabled" },
            { path: "alertmanager.alertmanagerSpec.priorityClassName", enabledBy: "alertmanager.enabled" },
            { path: "prometheusOperator.priorityClassName", enabledBy: "prometheusOperator.enabled" },
            { path: "kube-state-metrics.priorityClassName", enabledBy: "kubeStateMetrics.enabled" },
            { path: "prometheus-node-exporter.priorityClassName", enabledBy: "nodeExporter.enabled" },
            { path: "grafana.priorityClassName", enabledBy: "grafana.enabled" },
        ],
        imageRegistryFrom: "global.imageRegistry",
        freeformValues: [
            // The operator's, kube-state-metrics', node-exporter's and Grafana's pod priority class: each template
            // reads `priorityClassName`, which their values.yaml carry only as a comment.
            "prometheusOperator.priorityClassName",
            "kube-state-metrics.priorityClassName",
            "prometheus-node-exporter.priorityClassName",
            "grafana.priorityClassName",
            // The claim templates (StorageSpec; defaults `{}`), which the Prometheus and Alertmanager templates
            // render whole.
            "prometheus.prometheusSpec.storageSpec",
            "alertmanager.alertmanagerSpec.storage",
            // Grafana's extra environment (default `{}`), rendered as the container's env: its server URL and
            // the analytics switches, so the dotted `grafana.ini` key is not needed.
            "grafana.env",
        ],
    },
} as const satisfies Record<string, ChartPin>;
