// The pins of the inference area's charts (NVIDIA GPU Operator, KEDA), with the containers and images they run.
// contract/versions.ts includes it in CHARTS.
import { CHART_IMAGE_REPOSITORIES } from "./images";
import type { ChartContainer, ChartImage, ChartPin } from "./pins";

/** Shorthand for the upstream images the pin lists. */
const R = CHART_IMAGE_REPOSITORIES;

/** The values key of the node-feature-discovery subchart (its dependency name; no alias). */
const NFD = "node-feature-discovery";

/**
 * A container of a DaemonSet the operator creates from the ClusterPolicy on every GPU node: its resources are the
 * ClusterPolicy component's `<component>.resources` block, which the operator copies to every regular container
 * of that DaemonSet (and to its validation and config-manager init containers).
 */
function operand(name: string, component: string, enabledBy?: string): ChartContainer {
    return {
        name,
        resources: `${component}.resources`,
        replicas: { perNode: "gpu" },
        ...(enabledBy === undefined ? {} : { enabledBy }),
    };
}

/**
 * A ClusterPolicy image: the chart spells it `<path>.repository` (registry and path up to the image name),
 * `<path>.image` (the name) and `<path>.version`; `upstream.repository` is the whole repository, name included.
 */
function nvidiaImage(path: string, upstream: ChartImage["upstream"], enabledBy?: string): ChartImage {
    return { path, upstream, ...(enabledBy === undefined ? {} : { enabledBy }) };
}

export const INFERENCE_CHARTS = {
    /*
     * gpu-operator v26.7.0: tag v26.7.0 (10ee5b3638b8), 2026-08-20 (shared charts README; the fetched snapshot has
     * no later v26.7.x tag). Published as the NGC Helm repository's `gpu-operator` at v26.7.0 (the source Chart.yaml
     * says v1.0.0-devel). Only the operator Deployment and node-feature-discovery 0.19.0 are chart templates: the
     * GPU node agents (driver, container toolkit, device plugin, GPU feature discovery, DCGM exporter, validator) are
     * DaemonSets the operator creates at run time from the chart's ClusterPolicy `cluster-policy`, so a preview
     * never shows them. Their containers are declared here because values size them; the components the program
     * turns off (MIG manager, GDS, GDRCopy, vGPU, VFIO, Kata, confidential computing, standalone DCGM, node status
     * exporter, the DRA GPUCluster) are not. The device plugin and GPU feature discovery always run with a plugin
     * ConfigMap, so their config-manager sidecars are declared; the MPS control daemon the operator also creates
     * selects only MPS-capable nodes (`nvidia.com/mps.capable`), which time slicing never makes, so runs nowhere.
     */
    gpuOperator: {
        chart: "gpu-operator",
        version: "v26.7.0",
        repository: "https://helm.ngc.nvidia.com/nvidia",
        containers: [
            { name: "gpu-operator", resources: "operator.resources", replicas: { fixed: 1 } },
            {
                name: "node-feature-discovery/master",
                resources: `${NFD}.master.resources`,
                replicas: { valuesPath: `${NFD}.master.replicaCount`, default: 1 },
                enabledBy: "nfd.enabled",
            },
            {
                name: "node-feature-discovery/worker",
                resources: `${NFD}.worker.resources`,
                replicas: { perNode: "gpu" },
                enabledBy: "nfd.enabled",
            },
            {
                name: "node-feature-discovery/gc",
                resources: `${NFD}.gc.resources`,
                replicas: { valuesPath: `${NFD}.gc.replicaCount`, default: 1 },
                enabledBy: "nfd.enabled",
            },
            operand("nvidia-driver-daemonset/nvidia-driver-ctr", "driver", "driver.enabled"),
            operand("nvidia-container-toolkit-daemonset/nvidia-container-toolkit-ctr", "toolkit", "toolkit.enabled"),
            operand("nvidia-device-plugin-daemonset/nvidia-device-plugin", "devicePlugin", "devicePlugin.enabled"),
            operand("nvidia-device-plugin-daemonset/config-manager", "devicePlugin", "devicePlugin.enabled"),
            operand("gpu-feature-discovery/gpu-feature-discovery", "gfd", "gfd.enabled"),
            operand("gpu-feature-discovery/config-manager", "gfd", "gfd.enabled"),
            operand("nvidia-dcgm-exporter/nvidia-dcgm-exporter", "dcgmExporter", "dcgmExporter.enabled"),
            operand("nvidia-operator-validator/nvidia-operator-validator", "validator"),
        ],
        // The operator's image is also the validator's (its own values block); the device plugin's is also GPU
        // feature discovery's. The driver manager runs as the driver pods' init container; the operator is handed
        // its reference whether the driver is on or not (DRIVER_MANAGER_IMAGE), so it is always mirrored.
        images: [
            nvidiaImage("operator", R.gpuOperator),
            nvidiaImage("validator", R.gpuOperator),
            nvidiaImage("driver", R.nvidiaDriver, "driver.enabled"),
            nvidiaImage("driver.manager", R.nvidiaDriverManager),
            nvidiaImage("toolkit", R.nvidiaContainerToolkit, "toolkit.enabled"),
            nvidiaImage("devicePlugin", R.nvidiaDevicePlugin, "devicePlugin.enabled"),
            nvidiaImage("gfd", R.nvidiaDevicePlugin, "gfd.enabled"),
            nvidiaImage("dcgmExporter", R.nvidiaDcgmExporter, "dcgmExporter.enabled"),
            { path: `${NFD}.image`, upstream: R.nodeFeatureDiscovery, enabledBy: "nfd.enabled" },
        ],
        // `daemonsets.priorityClassName` names every DaemonSet the operator creates; node-feature-discovery's one
        // top-level value names its master, worker and gc alike. The validator's CUDA workload pod names none.
        priorityClasses: [
            { path: "operator.priorityClassName" },
            { path: "daemonsets.priorityClassName" },
            { path: `${NFD}.priorityClassName`, enabledBy: "nfd.enabled" },
        ],
        // The NFD worker's nodeSelector, a label map (default `{}`): the platform names the GPU node label there. Its
        // podSecurityContext blocks (also `{}`) need no entry: values.schema.json declares them as PodSecurityContexts.
        freeformValues: [`${NFD}.worker.nodeSelector`],
    },
    /*
     * keda 2.20.2 (app 2.20.2): kedacore/charts tag v2.20.2 (cbb9bb8ce080), 2026-07-31 (shared charts README), published
     * in the project's Helm repository. Three Deployments, one container each and no init containers: the operator
     * (ScaledObjects to HPAs, the scalers' polling, the gRPC metrics service), the metrics API server behind
     * `external.metrics.k8s.io`, and the admission webhooks. Every image block is `registry` + `repository` (tag
     * empty: the appVersion); `global.image.registry`, when set, replaces every block's registry. One
     * `priorityClassName` names all three.
     */
    keda: {
        chart: "keda",
        version: "2.20.2",
        repository: "https://kedacore.github.io/charts",
        containers: [
            {
                name: "keda-operator",
                resources: "resources.operator",
                replicas: { valuesPath: "operator.replicaCount", default: 1 },
            },
            {
                name: "keda-operator-metrics-apiserver",
                resources: "resources.metricServer",
                replicas: { valuesPath: "metricsServer.replicaCount", default: 1 },
                enabledBy: "metricsServer.enabled",
            },
            {
                name: "keda-admission-webhooks",
                resources: "resources.webhooks",
                replicas: { valuesPath: "webhooks.replicaCount", default: 1 },
                enabledBy: "webhooks.enabled",
            },
        ],
        images: [
            { path: "image.keda", upstream: R.kedaOperator },
            { path: "image.metricsApiServer", upstream: R.kedaMetricsApiServer, enabledBy: "metricsServer.enabled" },
            { path: "image.webhooks", upstream: R.kedaAdmissionWebhooks, enabledBy: "webhooks.enabled" },
        ],
        priorityClasses: [{ path: "priorityClassName" }],
        imageRegistryFrom: "global.image.registry",
        // The pod and container securityContexts (PodSecurityContext, SecurityContext; defaults name only a few
        // fields) and the disruption budgets (PodDisruptionBudget spec fields, default `{}`), rendered whole.
        freeformValues: [
            "podSecurityContext.operator",
            "podSecurityContext.metricServer",
            "podSecurityContext.webhooks",
            "securityContext.operator",
            "securityContext.metricServer",
            "securityContext.webhooks",
            "podDisruptionBudget.operator",
            "podDisruptionBudget.metricServer",
            "podDisruptionBudget.webhooks",
        ],
    },
} as const satisfies Record<string, ChartPin>;

/** The values key of the pin's node-feature-discovery subchart, whose image block names its whole repository. */
export const GPU_OPERATOR_NFD_KEY = NFD;
