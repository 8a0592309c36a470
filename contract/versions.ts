// The one place every chart version is pinned (the images are in contract/images.ts). Bump here, nowhere else; the
// render lists every chart with its version in charts.json, and the policy pack checks that nothing floats.
import { INFERENCE_CHARTS } from "./charts-inference";
import { LOGGING_CHARTS } from "./charts-logging";
import { MONITORING_CHARTS } from "./charts-monitoring";
import { STORAGE_CHARTS } from "./charts-storage";
import { CHART_IMAGE_REPOSITORIES } from "./images";
import type { ChartContainer, ChartPin } from "./pins";

export * from "./images";
export * from "./pins";

/** Shorthand for the upstream images the pins list. */
const R = CHART_IMAGE_REPOSITORIES;

/** A container of MetalLB's frr-k8s DaemonSet, which runs only when the subchart is on (BGP mode). */
function frrK8sOnEveryNode(name: string, resources: string): ChartContainer {
    return { name, resources, replicas: { perNode: true }, enabledBy: "frrk8s.enabled" };
}

/**
 * Charts, each checked as the newest patch of its line in late 2026 (sources and dates beside each pin). The
 * values conformance test (tests/conformance/chart-values.test.ts) reads each chart's upstream default values;
 * where the pin is a newer patch than the stored defaults, the test maps it to them and says why.
 */
export const CHARTS = {
    /*
     * metallb 0.16.1: tag v0.16.1 (791dfcc), 2026-05-27; metallb.universe.tf/release-notes (no later 0.16.x found,
     * late 2026). 0.16 makes frr-k8s (subchart 0.0.25, values under `frr-k8s`) the BGP backend and deprecates FRR
     * mode; metrics are HTTPS only (kube-rbac-proxy is gone). Layer 2 needs no FRR, so frr-k8s runs only for BGP;
     * FRR mode (`speaker.frr.enabled`) stays off, so its frr/reloader/frr-metrics containers are not declared.
     * frr-k8s's four copy-only init containers have no resources values: the chart's transform (chartPodDefaults)
     * gives them the default ephemeral storage, the namespace LimitRange their cpu and memory.
     */
    metallb: {
        chart: "metallb",
        version: "0.16.1",
        repository: "https://metallb.github.io/metallb",
        containers: [
            {
                name: "controller",
                resources: "controller.resources",
                replicas: { fixed: 1 },
                enabledBy: "controller.enabled",
            },
            {
                name: "speaker",
                resources: "speaker.resources",
                replicas: { perNode: true },
                enabledBy: "speaker.enabled",
            },
            frrK8sOnEveryNode("frr-k8s/controller", "frr-k8s.frrk8s.resources"),
            frrK8sOnEveryNode("frr-k8s/frr", "frr-k8s.frrk8s.frr.resources"),
            frrK8sOnEveryNode("frr-k8s/reloader", "frr-k8s.frrk8s.reloader.resources"),
            frrK8sOnEveryNode("frr-k8s/frr-metrics", "frr-k8s.frrk8s.frrMetrics.resources"),
            frrK8sOnEveryNode("frr-k8s/frr-status", "frr-k8s.frrk8s.frrStatus.resources"),
            // The status cleaner Deployment (it also serves frr-k8s's webhook) shares the controller's resources.
            {
                name: "frr-k8s-statuscleaner",
                resources: "frr-k8s.frrk8s.resources",
                replicas: { fixed: 1 },
                enabledBy: "frrk8s.enabled",
            },
        ],
        // `<workload>.image.repository` is the full repository, registry included; no chart-wide registry.
        images: [
            { path: "controller.image", upstream: R.metallbController, enabledBy: "controller.enabled" },
            { path: "speaker.image", upstream: R.metallbSpeaker, enabledBy: "speaker.enabled" },
            { path: "frr-k8s.frrk8s.image", upstream: R.metallbFrrK8s, enabledBy: "frrk8s.enabled" },
            { path: "frr-k8s.frrk8s.frr.image", upstream: R.frr, enabledBy: "frrk8s.enabled" },
        ],
        // frr-k8s's DaemonSet and status cleaner share one.
        priorityClasses: [
            { path: "controller.priorityClassName", enabledBy: "controller.enabled" },
            { path: "speaker.priorityClassName", enabledBy: "speaker.enabled" },
            { path: "frr-k8s.frrk8s.priorityClassName", enabledBy: "frrk8s.enabled" },
        ],
        // The controller's pod securityContext (a PodSecurityContext; default runAsNonRoot, uid/fsGroup 65534): the
        // platform adds seccompProfile, which Helm merges into the chart's defaults.
        freeformValues: ["controller.securityContext"],
    },
    ...STORAGE_CHARTS,
    /*
     * cert-manager v1.21.3: late October 2026, release notes as quoted in sylva-core MR !9897 (removes trust in the
     * compromised eMudhra CA, CVE-2026-111943; fixes an ARI renewal loop; the chart now quotes the proxy values).
     * It supersedes v1.21.2 (~2026-09-11: HTTP-01 solver and Gateway API dnsNames fixes), so the newer patch matters.
     * Keys are checked against the stored v1.21.1 defaults: the fetched upstream snapshot (2026-08-22) has neither
     * newer tag, and its release-1.21 branch had no change under deploy/charts/cert-manager since v1.21.1.
     */
    certManager: {
        chart: "cert-manager",
        version: "v1.21.3",
        repository: "https://charts.jetstack.io",
        containers: [
            { name: "controller", resources: "resources", replicas: { valuesPath: "replicaCount", default: 1 } },
            {
                name: "webhook",
                resources: "webhook.resources",
                replicas: { valuesPath: "webhook.replicaCount", default: 1 },
            },
            {
                name: "cainjector",
                resources: "cainjector.resources",
                replicas: { valuesPath: "cainjector.replicaCount", default: 1 },
                enabledBy: "cainjector.enabled",
            },
            {
                name: "startupapicheck",
                resources: "startupapicheck.resources",
                replicas: { fixed: 1 },
                enabledBy: "startupapicheck.enabled",
            },
        ],
        // `image.repository` overrides the whole repository, else `imageRegistry` (default quay.io) + `imageNamespace`
        // + `image.name`; a block's `registry` is prepended to either.
        images: [
            { path: "image", upstream: R.certManagerController },
            { path: "webhook.image", upstream: R.certManagerWebhook },
            { path: "cainjector.image", upstream: R.certManagerCainjector, enabledBy: "cainjector.enabled" },
            {
                path: "startupapicheck.image",
                upstream: R.certManagerStartupApiCheck,
                enabledBy: "startupapicheck.enabled",
            },
            { path: "acmesolver.image", upstream: R.certManagerAcmeSolver },
        ],
        // One value for every pod of the chart, the startupapicheck Job's too. The ACME solver pods the controller
        // starts for HTTP-01 challenges take no class from values (the issuer's podTemplate can set one).
        priorityClasses: [{ path: "global.priorityClassName" }],
        imageRegistryFrom: "imageRegistry",
        // The controller's ControllerConfiguration (default `{}`); cert-manager validates it at start-up. The keys
        // the platform sets are those of controller.config.cert-manager.io/v1alpha1 at v1.21.
        freeformValues: ["config"],
    },
    /*
     * gateway-helm v1.9.3: late October 2026, release notes as quoted in GitLab charts MR !5540 (ships Envoy 1.39.5,
     * fixes CVE-2026-35189 and golang.org/x/net HTTP/2 CVEs, no breaking changes); after v1.9.1 (2026-08-28) and
     * v1.9.2. Chart at oci://docker.io/envoyproxy/gateway-helm; it also installs the Gateway API CRDs. Keys are
     * checked against the stored v1.9.0 values.tmpl.yaml: the fetched snapshot (2026-08-22) has no newer tag and no
     * release/v1.9 commit after v1.9.0. The certgen Job (a Helm hook, run as a plain Job by Chart v4) runs once.
     */
    envoyGateway: {
        chart: "gateway-helm",
        version: "v1.9.3",
        repository: "oci://docker.io/envoyproxy",
        containers: [
            {
                name: "envoy-gateway",
                resources: "deployment.envoyGateway.resources",
                replicas: { valuesPath: "deployment.replicas", default: 1 },
            },
            { name: "certgen", resources: "certgen.job.resources", replicas: { fixed: 1 } },
        ],
        // The controller and the certgen Job run `deployment.envoyGateway.image.repository` when set, else
        // `global.images.envoyGateway.image` with its registry replaced by `global.imageRegistry`.
        images: [{ path: "deployment.envoyGateway.image", upstream: R.envoyGateway }],
        // The controller's; the certgen Job has no priority-class value at v1.9: the chart's transform
        // (chartPodDefaults) names the platform class. The proxies' class is set on the EnvoyProxy resource.
        priorityClasses: [{ path: "deployment.priorityClassName" }],
        imageRegistryFrom: "global.imageRegistry",
        freeformValues: [],
    },
    /*
     * mariadb-operator-crds 26.6.0 and mariadb-operator 26.6.0 (MIT): tags mariadb-operator-crds-26.6.0,
     * mariadb-operator-26.6.0 and v26.6.0 (b2f76016ff71), 2026-06-06 (shared/charts/README.md note 4); the fetched
     * snapshot (main at 8970edf, 2026-07-21) has no later chart tag. The CRDs come in their own chart, installed
     * first: the operator chart's `crds.enabled` stays false, since uninstalling a release that owns the CRDs
     * deletes every MariaDB. The CRDs chart runs nothing.
     */
    mariadbOperatorCrds: {
        chart: "mariadb-operator-crds",
        version: "26.6.0",
        repository: "https://mariadb-operator.github.io/mariadb-operator",
        containers: [],
        images: [],
        priorityClasses: [],
        freeformValues: [],
    },
    /*
     * The controller, webhook and cert-controller Deployments run `ha.replicas` (`webhook.ha.replicas`,
     * `certController.ha.replicas`) only when `ha.enabled` is set, else one: the program writes both, so the count
     * read is the count run. The cert-controller runs while the webhook's certificate is not cert-manager's
     * (`webhook.cert.certManager.enabled`, which the program leaves false).
     */
    mariadbOperator: {
        chart: "mariadb-operator",
        version: "26.6.0",
        repository: "https://mariadb-operator.github.io/mariadb-operator",
        containers: [
            { name: "controller", resources: "resources", replicas: { valuesPath: "ha.replicas", default: 1 } },
            {
                name: "webhook",
                resources: "webhook.resources",
                replicas: { valuesPath: "webhook.ha.replicas", default: 1 },
                enabledBy: "webhook.enabled",
            },
            {
                name: "cert-controller",
                resources: "certController.resources",
                replicas: { valuesPath: "certController.ha.replicas", default: 1 },
                enabledBy: "certController.enabled",
            },
        ],
        // Each block's `repository` is the whole repository (tag: the appVersion, or the `config.*Image` tag). The
        // `config.*Image` blocks are the defaults the operator starts for custom resources that name no image.
        images: [
            { path: "image", upstream: R.mariadbOperator },
            { path: "webhook.image", upstream: R.mariadbOperator, enabledBy: "webhook.enabled" },
            { path: "certController.image", upstream: R.mariadbOperator, enabledBy: "certController.enabled" },
            { path: "config.mariadbImage", upstream: R.mariadbServer },
            { path: "config.maxscaleImage", upstream: R.mariadbMaxScale },
            { path: "config.exporterImage", upstream: R.mariadbExporter },
            { path: "config.exporterMaxscaleImage", upstream: R.mariadbMaxScaleExporter },
        ],
        priorityClasses: [
            { path: "priorityClassName" },
            { path: "webhook.priorityClassName", enabledBy: "webhook.enabled" },
            { path: "certController.priorityClassName", enabledBy: "certController.enabled" },
        ],
        // Pod and container securityContexts and affinities (PodSecurityContext, SecurityContext, Affinity; each
        // defaults to `{}`), which the templates render whole.
        freeformValues: [
            "podSecurityContext",
            "securityContext",
            "affinity",
            "webhook.podSecurityContext",
            "webhook.securityContext",
            "webhook.affinity",
            "certController.podSecurityContext",
            "certController.securityContext",
            "certController.affinity",
        ],
    },
    /*
     * valkey 0.11.0 (BSD-3-Clause, app 9.1.1): tag valkey-0.11.0 (dbcf6a6), 2026-07-22, the newest tag of
     * valkey-io/valkey-helm, which has no 1.0.x release yet (shared/charts/README.md note 5); repository from the
     * chart's README. It has no Sentinel: a Deployment of one, or (`replica.enabled`) a StatefulSet of a primary,
     * pod `-0`, and `replica.replicas` read replicas. The server and its init container run in every pod, the
     * exporter sidecar (`metrics.enabled`) too; a pod count of replicas + 1 is declared as one fixed copy and
     * `replica.replicas` more, which the program writes in both modes (0 without replication). The init
     * container is counted as if it ran beside the server (a quota charges the larger of the two).
     */
    valkey: {
        chart: "valkey",
        version: "0.11.0",
        repository: "https://valkey.io/valkey-helm/",
        containers: [
            { name: "valkey", resources: "resources", replicas: { fixed: 1 } },
            {
                name: "valkey (replicas)",
                resources: "resources",
                replicas: { valuesPath: "replica.replicas", default: 2 },
                enabledBy: "replica.enabled",
            },
            { name: "valkey-init", resources: "initResources", replicas: { fixed: 1 } },
            {
                name: "valkey-init (replicas)",
                resources: "initResources",
                replicas: { valuesPath: "replica.replicas", default: 2 },
                enabledBy: "replica.enabled",
            },
            {
                name: "metrics",
                resources: "metrics.exporter.resources",
                replicas: { fixed: 1 },
                enabledBy: "metrics.enabled",
            },
            {
                name: "metrics (replicas)",
                resources: "metrics.exporter.resources",
                replicas: { valuesPath: "replica.replicas", default: 2 },
                enabledBy: "metrics.enabled",
            },
        ],
        // Each template writes `<registry>/<repository>:<tag>`, the block's registry replaced by
        // `global.imageRegistry` when set (even where the block names one); the program sets each block's registry
        // and repository and never the global. The server's tag defaults to the appVersion, the exporter's is v1.79.0.
        images: [
            { path: "image", upstream: R.valkey },
            { path: "metrics.exporter.image", upstream: R.valkeyExporter, enabledBy: "metrics.enabled" },
        ],
        priorityClasses: [{ path: "priorityClassName" }],
        imageRegistryFrom: "global.imageRegistry",
        // The ACL users by name (default `{}`), the StatefulSet's claim retention policy and the exporter's
        // SecurityContext (each `{}`), which the templates read by key or render whole.
        freeformValues: [
            "auth.aclUsers",
            "replica.persistentVolumeClaimRetentionPolicy",
            "metrics.exporter.securityContext",
        ],
    },
    ...MONITORING_CHARTS,
    ...LOGGING_CHARTS,
    ...INFERENCE_CHARTS,
} as const satisfies Record<string, ChartPin>;

/** The upstream repositories of the pinned charts (sorted, unique): the policy pack's default chart allow-list. */
export const UPSTREAM_CHART_REPOSITORIES: readonly string[] = [
    ...new Set(Object.values(CHARTS).map((pin: ChartPin) => pin.repository)),
].sort();
