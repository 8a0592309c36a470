// The pins of Loki and Grafana Alloy and the upstream repositories of their images. contract/versions.ts and
// contract/images.ts include both.
import type { ChartContainer, ChartPin, ImagePin } from "./pins";

/** Upstream registries of Loki's and Alloy's images, so a mirror can stand in for each. */
export const LOGGING_IMAGE_REPOSITORIES = {
    /** Loki itself (the monolithic StatefulSet; every other Loki target inherits it). */
    loki: { registry: "docker.io", repository: "grafana/loki" },
    /** The loki chart's parts the platform turns off, declared so one turned on is still found. */
    lokiCanary: { registry: "docker.io", repository: "grafana/loki-canary" },
    lokiGateway: { registry: "docker.io", repository: "nginxinc/nginx-unprivileged" },
    lokiMemcached: { registry: "docker.io", repository: "library/memcached" },
    lokiMemcachedExporter: { registry: "docker.io", repository: "prom/memcached-exporter" },
    lokiRulesSidecar: { registry: "docker.io", repository: "kiwigrid/k8s-sidecar" },
    lokiHelmTest: { registry: "docker.io", repository: "grafana/loki-helm-test" },
    lokiKubectl: { registry: "registry.k8s.io", repository: "kubectl" },
    lokiMinio: { registry: "quay.io", repository: "minio/minio" },
    lokiRolloutOperator: { registry: "docker.io", repository: "grafana/rollout-operator" },
    /** Grafana Alloy and the config reloader its chart runs beside it. */
    alloy: { registry: "docker.io", repository: "grafana/alloy" },
    alloyConfigReloader: { registry: "quay.io", repository: "prometheus-operator/prometheus-config-reloader" },
} as const satisfies Record<string, Omit<ImagePin, "tag">>;

const R = LOGGING_IMAGE_REPOSITORIES;

/**
 * An Alloy container in each of the two shapes the platform runs (components/observability/alloy-values.ts). The
 * replica model cannot say "one per node when controller.type is daemonset, else controller.replicas" (enabledBy
 * is a boolean path, not a value condition), so each shape is an entry gated on the boolean the platform sets in
 * exactly that shape: `alloy.mounts.varlog` (node mode: a DaemonSet tailing /var/log/pods) and
 * `alloy.clustering.enabled` (api mode: a clustered Deployment). Values that set neither count both, an upper
 * bound. The config reloader has a switch of its own (`configReloader.enabled`) that one path cannot add to the
 * shape's: the platform always runs it, and values that turn it off overcount.
 */
function alloyContainers(name: string, resources: string): ChartContainer[] {
    return [
        { name: `${name} (per node)`, resources, replicas: { perNode: true }, enabledBy: "alloy.mounts.varlog" },
        {
            name: `${name} (deployment)`,
            resources,
            replicas: { valuesPath: "controller.replicas", default: 1 },
            enabledBy: "alloy.clustering.enabled",
        },
    ];
}

export const LOGGING_CHARTS = {
    /*
     * loki 18.11.0 (chart Apache-2.0, Loki AGPL-3.0; app 3.7.6): tag loki-18.11.0 (3386a11), 2026-08-20, of
     * grafana-community/helm-charts, the newest loki entry in that repository's index (gh-pages, 2026-08-20),
     * whose `home` is the repository below. Monolithic mode: one
     * StatefulSet `loki` (target=all) on a filesystem claim. The chart renders one replica whatever
     * `singleBinary.replicas` says unless object storage is used with more (helper loki.monolithicReplicas); the
     * platform writes 1. Every other target, the gateway, canary, caches, rules sidecar and subcharts are off, so
     * their containers are not declared; their images are, gated on their switches. The statefulSetRecreateJob and
     * the test pod are Helm upgrade/test hooks Chart v4 never renders.
     */
    loki: {
        chart: "loki",
        version: "18.11.0",
        repository: "https://grafana-community.github.io/helm-charts",
        containers: [
            {
                name: "loki",
                resources: "singleBinary.resources",
                replicas: { valuesPath: "singleBinary.replicas", default: 1 },
            },
        ],
        // `loki.image` helper: `<registry>/<repository>:<tag>`, the registry replaced by global.imageRegistry (or
        // the deprecated global.image.registry) when set; the single binary's own image block inherits loki.image.
        images: [
            { path: "loki.image", upstream: R.loki },
            { path: "gateway.image", upstream: R.lokiGateway, enabledBy: "gateway.enabled" },
            { path: "lokiCanary.image", upstream: R.lokiCanary, enabledBy: "lokiCanary.enabled" },
            { path: "memcached.image", upstream: R.lokiMemcached, enabledBy: "memcached.enabled" },
            {
                path: "memcachedExporter.image",
                upstream: R.lokiMemcachedExporter,
                enabledBy: "memcachedExporter.enabled",
            },
            { path: "sidecar.image", upstream: R.lokiRulesSidecar, enabledBy: "sidecar.rules.enabled" },
            { path: "test.image", upstream: R.lokiHelmTest, enabledBy: "test.enabled" },
            {
                path: "defaults.statefulSetRecreateJob.image",
                upstream: R.lokiKubectl,
                enabledBy: "singleBinary.statefulSetRecreateJob.enabled",
            },
            { path: "minio.image", upstream: R.lokiMinio, enabledBy: "minio.enabled" },
            { path: "rollout_operator.image", upstream: R.lokiRolloutOperator, enabledBy: "rollout_operator.enabled" },
        ],
        priorityClasses: [{ path: "singleBinary.priorityClassName" }],
        imageRegistryFrom: "global.imageRegistry",
        freeformValues: [
            // Loki's schema_config (default `{}`); validate.yaml fails without one. Rendered whole.
            "loki.schemaConfig",
            // The compactor block of Loki's config (default `{}`): retention runs there. Rendered whole through tpl.
            "loki.compactor",
            // limits_config is rendered whole; its defaults name no retention_period.
            "loki.limits_config.retention_period",
            // Loki's analytics block (default `{}`): usage reporting off.
            "loki.analytics",
        ],
    },
    /*
     * alloy 1.11.1 (Apache-2.0; app v1.18.1): tag helm-chart/1.11.1 (233907c), 2026-08-06, of grafana/alloy,
     * the newest helm-chart tag there (fetched 2026-08-21); published to the Grafana Helm repository below (the
     * install guide's `helm repo add grafana`). One `alloy` container and the `config-reloader` beside it, in
     * both shapes (see alloyContainers). The PodLogs CRD subchart (`crds.create`) is off.
     */
    alloy: {
        chart: "alloy",
        version: "1.11.1",
        repository: "https://grafana.github.io/helm-charts",
        containers: [
            ...alloyContainers("alloy", "alloy.resources"),
            ...alloyContainers("alloy/config-reloader", "configReloader.resources"),
        ],
        // Both templates write `<global.image.registry | default block registry>/<repository>`; the reloader's
        // tag carries its digest.
        images: [
            { path: "image", upstream: R.alloy },
            { path: "configReloader.image", upstream: R.alloyConfigReloader, enabledBy: "configReloader.enabled" },
        ],
        priorityClasses: [{ path: "controller.priorityClassName" }],
        imageRegistryFrom: "global.image.registry",
        freeformValues: [
            // The alloy container's SecurityContext (default `{}`), rendered whole.
            "alloy.securityContext",
            // The pod's SecurityContext (default `{}`), rendered whole.
            "global.podSecurityContext",
        ],
    },
} as const satisfies Record<string, ChartPin>;
