import type * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";
import { GPU_OPERATOR_NFD_KEY } from "../../contract/charts-inference";
import { EPHEMERAL_STORAGE, withEphemeralStorage } from "../../contract/ephemeral-storage";
import { GPU_NODE_LABEL, GPU_OPERATOR_NAMESPACE, GPU_RESOURCE, GPU_RUNTIME_CLASS } from "../../contract/gpu";
import { valueAt } from "../../contract/json";
import { platformLabels } from "../../contract/labels";
import { PriorityClassName } from "../../contract/priority-classes";
import { formatBytes, formatCpu, quantity } from "../../contract/quantity";
import {
    CHARTS,
    enabledIn,
    withMirroredImages,
    withPriorityClass,
    withValueAt,
    type ChartImage,
} from "../../contract/versions";
import type { Flow } from "../network/flows";
import { apiServerFlow, type ClusterAddresses } from "../network/system-flows";
import {
    containerResources,
    podsQuota,
    type BudgetPod,
    type ContainerResources,
    type SystemBudget,
} from "../tenancy/manifests";

/** The Helm release: node-feature-discovery's objects are named `gpu-operator-node-feature-discovery-*` after it. */
export const GPU_OPERATOR_RELEASE = "gpu-operator";

/**
 * The RuntimeClass GPU pods name. The operator creates it (handler `nvidia`) in its `pre-requisites` state, which
 * runs unless the NRI plugin is on, whatever the driver and toolkit settings (controllers/state_manager.go and
 * object_controls.go `RuntimeClasses` at v26.7.0), so the platform declares none; see operatorRuntimeClass.
 */
export const RUNTIME_CLASS = GPU_RUNTIME_CLASS;

/** Where the DCGM exporter serves metrics (`DCGM_EXPORTER_LISTEN` `:9400`, container port `metrics`). */
export const DCGM_EXPORTER_PORT = 9400;

/** The device plugin's ConfigMap (in GPU_OPERATOR_NAMESPACE) and the key of the config every node uses. */
export const DEVICE_PLUGIN_CONFIG = { name: "nvidia-device-plugin-config", key: "default" } as const;

/** Services in the namespace: the operator's metrics Service and the DCGM exporter's, both the operator's own. */
export const GPU_OPERATOR_SERVICES = 2;

/** What the values, the ConfigMap and the budget depend on: GpuOperatorArgs without the chart source. */
export interface GpuOperatorSettings {
    readonly driver: boolean;
    readonly toolkit: boolean;
    readonly timeSlicing?: { readonly replicasPerGpu: number };
    readonly gpuNodes: number;
    readonly registryMirror?: string;
}

const r = containerResources;

/**
 * Requests and limits of every container the chart and the operator run (the chart gives only the operator any).
 * The operator keeps the chart's; node-feature-discovery's requests are the chart's (the worker's cpu raised to the
 * LimitRange minimum), its memory limits cut from ones sized for thousands of nodes, since its workers run on the
 * GPU nodes alone. The agents idle after setting a node up, except the DCGM exporter, which embeds the DCGM host
 * engine and samples every GPU field every few seconds. The driver container builds the kernel modules when it
 * starts (all cores, a few hundred MiB, the build tree on its own file system) and the driver manager init container
 * gets the same resources. The validation init containers get the validator's. Every one names a cpu limit, which
 * the quota's limits.cpu needs, and meets the LimitRange minimum (10m / 16Mi).
 */
export const GPU_OPERATOR_RESOURCES = {
    operator: r("200m", "100Mi", "500m", "350Mi"),
    nfdMaster: r("100m", "128Mi", "500m", "512Mi"),
    nfdWorker: r("10m", "64Mi", "200m", "256Mi"),
    nfdGc: r("10m", "128Mi", "100m", "256Mi"),
    driver: {
        requests: { cpu: "100m", memory: "512Mi", [EPHEMERAL_STORAGE]: "1Gi" },
        limits: { cpu: "2", memory: "2Gi", [EPHEMERAL_STORAGE]: "4Gi" },
    },
    toolkit: r("10m", "64Mi", "500m", "256Mi"),
    devicePlugin: r("10m", "64Mi", "200m", "256Mi"),
    gfd: r("10m", "64Mi", "200m", "256Mi"),
    dcgmExporter: r("50m", "256Mi", "500m", "1Gi"),
    validator: r("10m", "64Mi", "200m", "256Mi"),
} as const satisfies Record<string, ContainerResources>;

/**
 * The GPU node agents and node-feature-discovery (one value for its master, worker and gc) keep the chart's
 * system-node-critical, a built-in class: a GPU node without its device plugin or driver runs no GPU pod, so they
 * rank with the kubelet's own node agents. The operator gets the platform's class.
 */
export const NODE_AGENT_PRIORITY_CLASS = "system-node-critical";

/** node-feature-discovery's master: two replicas elect a leader (`-enable-leader-election` above one). */
export const NFD_MASTER_REPLICAS = 2;

/** The NFD master's pod labels (the subchart's selectorLabels with our release, and `role: master`). */
export const NFD_MASTER_POD_LABELS = {
    "app.kubernetes.io/name": "node-feature-discovery",
    "app.kubernetes.io/instance": GPU_OPERATOR_RELEASE,
    role: "master",
} as const;

/** Prefers a node per pod: the replicas survive a node's loss, and still schedule on a one-node control plane. */
function apartFrom(labels: Readonly<Record<string, string>>) {
    return {
        preferredDuringSchedulingIgnoredDuringExecution: [
            {
                weight: 100,
                podAffinityTerm: {
                    topologyKey: "kubernetes.io/hostname",
                    labelSelector: { matchLabels: { ...labels } },
                },
            },
        ],
    };
}

/** The operator Deployment's pod template labels (operator.yaml); the chart fixes one replica. */
export const GPU_OPERATOR_POD_LABELS = { app: "gpu-operator", "app.kubernetes.io/component": "gpu-operator" } as const;

/**
 * The labels of the DCGM exporter pods as the operator sets them: `app: nvidia-dcgm-exporter`, its DaemonSet's
 * selector (assets/state-dcgm-exporter/0800_daemonset.yaml), which the operator never overrides (`daemonsets.labels`
 * may add labels but not `app`), so a PodMonitor can select them.
 */
export function dcgmExporterPodLabels(): Readonly<Record<string, string>> {
    return { app: "nvidia-dcgm-exporter" };
}

/** Why the settings cannot work, or undefined. */
export function gpuOperatorSettingsProblem(settings: GpuOperatorSettings): string | undefined {
    if (!Number.isInteger(settings.gpuNodes) || settings.gpuNodes < 1) {
        return `args.gpuNodes must be a whole number of at least 1, not ${settings.gpuNodes}`;
    }
    const replicas = settings.timeSlicing?.replicasPerGpu;
    if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 2 && replicas <= 16)) {
        return `args.timeSlicing.replicasPerGpu must be a whole number from 2 to 16, not ${replicas}`;
    }
    if (
        settings.registryMirror !== undefined &&
        !/^[a-z0-9.-]+(:\d{1,5})?(\/[a-z0-9._-]+)*$/.test(settings.registryMirror)
    ) {
        return `args.registryMirror ${JSON.stringify(settings.registryMirror)} is not <host>[:port][/path]`;
    }
    return undefined;
}

/**
 * The device plugin's config (k8s-device-plugin's config file, version v1), shared with GPU feature discovery. No
 * MIG (the T4 has none). With time slicing each GPU is advertised `replicasPerGpu` times under its own resource name
 * (`nvidia.com/gpu`, not renamed, so workloads need no change), and a request for more than one is refused: two
 * slices of one GPU are not more compute, and the pods sharing it have no memory isolation.
 */
export function devicePluginConfig(timeSlicing: GpuOperatorSettings["timeSlicing"]): string {
    return stringify({
        version: "v1",
        flags: { migStrategy: "none" },
        ...(timeSlicing === undefined
            ? {}
            : {
                  sharing: {
                      timeSlicing: {
                          renameByDefault: false,
                          failRequestsGreaterThanOne: true,
                          resources: [{ name: GPU_RESOURCE, replicas: timeSlicing.replicasPerGpu }],
                      },
                  },
              }),
    });
}

/** The ConfigMap the device plugin and GPU feature discovery read their config from (devicePlugin.config). */
export function devicePluginConfigMap(
    timeSlicing: GpuOperatorSettings["timeSlicing"],
): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: DEVICE_PLUGIN_CONFIG.name, namespace: GPU_OPERATOR_NAMESPACE, labels: platformLabels() },
        data: { [DEVICE_PLUGIN_CONFIG.key]: devicePluginConfig(timeSlicing) },
    };
}

/** A repository path without its last segment: `nvidia/k8s/dcgm-exporter` → `nvidia/k8s`. */
function parentOf(repository: string): string {
    return repository.slice(0, repository.lastIndexOf("/"));
}

/**
 * Chart values with every running image of the pin pulled through the mirror. The ClusterPolicy images are
 * `<repository>/<image>:<version>`, so `<path>.repository` becomes `<mirror>/<registry>/<path without the name>`
 * and `<path>.image` keeps the chart's name; node-feature-discovery's `image.repository` is the whole repository.
 * The tags stay the chart version's.
 */
export function withMirroredGpuOperatorImages(
    values: Record<string, unknown>,
    mirror: string,
): Record<string, unknown> {
    const images: readonly ChartImage[] = CHARTS.gpuOperator.images;
    const nfd = images.filter((image) => image.path.startsWith(`${GPU_OPERATOR_NFD_KEY}.`));
    const nvidia = images.filter((image) => !nfd.includes(image) && enabledIn(values, image));
    return nvidia.reduce(
        (mirrored, image) => {
            const repository = `${mirror}/${image.upstream.registry}/${parentOf(image.upstream.repository)}`;
            return withValueAt(mirrored, `${image.path}.repository`, repository);
        },
        withMirroredImages(values, { images: nfd }, mirror),
    );
}

const seccomp = { seccompProfile: { type: "RuntimeDefault" } };
const off = { enabled: false };

/**
 * Helm values for gpu-operator. On: the operator, node-feature-discovery (the operator finds GPU nodes by its PCI
 * labels), the device plugin, GPU feature discovery, the DCGM exporter and the validator; the driver and the
 * container toolkit as the settings say (GPU nodes with both installed need neither, but then containerd on each
 * must have the `nvidia` runtime handler the toolkit's `nvidia-ctk runtime configure` writes). Off, since a T4
 * on-prem cluster has no use for them: the MIG manager (T4s have no MIG), GPUDirect Storage and GDRCopy (no RDMA
 * fabric), vGPU, VFIO, the sandbox (KubeVirt/Kata) plugins and confidential computing (containers only), the
 * standalone DCGM host engine (the exporter embeds one, its only client), the node status exporter (the validator
 * and DCGM exporter already report), and the DRA driver's GPUCluster (the device plugin allocates GPUs). The DCGM
 * exporter's ServiceMonitor is off: the platform's telemetry declares a PodMonitor. Chart v4 never runs the CRD
 * upgrade and cleanup hooks, so they are off; the chart's crds/ are applied as resources instead. NFD workers run
 * on the declared GPU nodes alone, the pods get a seccomp profile, and the master runs two replicas behind a budget.
 */
export function gpuOperatorValues(settings: GpuOperatorSettings): Record<string, unknown> {
    const R = GPU_OPERATOR_RESOURCES;
    const values: Record<string, unknown> = {
        cdi: { enabled: true, nriPluginEnabled: false },
        psa: { enabled: false },
        nfd: { enabled: true, nodefeaturerules: false },
        mig: { strategy: "none" },
        operator: {
            resources: withEphemeralStorage(R.operator),
            runtimeClass: RUNTIME_CLASS,
            upgradeCRD: false,
            cleanupCRD: false,
        },
        driver: { enabled: settings.driver, ...(settings.driver ? { resources: withEphemeralStorage(R.driver) } : {}) },
        toolkit: {
            enabled: settings.toolkit,
            ...(settings.toolkit ? { resources: withEphemeralStorage(R.toolkit) } : {}),
        },
        devicePlugin: {
            enabled: true,
            resources: withEphemeralStorage(R.devicePlugin),
            config: { create: false, name: DEVICE_PLUGIN_CONFIG.name, default: DEVICE_PLUGIN_CONFIG.key },
        },
        gfd: { enabled: true, resources: withEphemeralStorage(R.gfd) },
        dcgmExporter: {
            enabled: true,
            resources: withEphemeralStorage(R.dcgmExporter),
            serviceMonitor: { enabled: false },
        },
        validator: { resources: withEphemeralStorage(R.validator) },
        dcgm: off,
        migManager: off,
        nodeStatusExporter: off,
        gds: off,
        gdrcopy: off,
        vgpuManager: off,
        vgpuDeviceManager: off,
        vfioManager: off,
        kataManager: off,
        sandboxDevicePlugin: off,
        kataSandboxDevicePlugin: off,
        ccManager: off,
        sandboxWorkloads: { enabled: false },
        clusterPolicy: { deployCR: true },
        gpuCluster: { deployCR: false },
        [GPU_OPERATOR_NFD_KEY]: {
            master: {
                replicaCount: NFD_MASTER_REPLICAS,
                resources: withEphemeralStorage(R.nfdMaster),
                podSecurityContext: seccomp,
                podDisruptionBudget: { enable: true, minAvailable: 1 },
                // Merged with the chart's preference for control-plane nodes.
                affinity: { podAntiAffinity: apartFrom(NFD_MASTER_POD_LABELS) },
            },
            worker: {
                resources: withEphemeralStorage(R.nfdWorker),
                podSecurityContext: seccomp,
                nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
            },
            gc: { replicaCount: 1, resources: withEphemeralStorage(R.nfdGc), podSecurityContext: seccomp },
        },
    };
    const agents = withPriorityClass(values, CHARTS.gpuOperator, NODE_AGENT_PRIORITY_CLASS);
    const classed = withValueAt(agents, "operator.priorityClassName", PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredGpuOperatorImages(classed, settings.registryMirror);
}

/**
 * The RuntimeClass the operator creates with these values, or undefined where it creates none: with the NRI plugin
 * on, its `pre-requisites` state is off and it deletes `nvidia` instead (pods then get devices through NRI and name
 * no class). Otherwise it creates `operator.runtimeClass` (default `nvidia`), handler the same name, whether the
 * driver and toolkit are its own or the node's, and CDI on or off (only `nvidia-cdi`/`nvidia-legacy` follow CDI).
 */
export function operatorRuntimeClass(values: unknown): string | undefined {
    if (valueAt(values, "cdi.nriPluginEnabled") === true) {
        return undefined;
    }
    const named = valueAt(values, "operator.runtimeClass");
    return typeof named === "string" && named !== "" ? named : RUNTIME_CLASS;
}

/** A pod the namespace runs: its regular containers (init containers never ask for more) and how many at once. */
export interface GpuOperatorPod extends BudgetPod {
    readonly name: string;
}

/** The LimitRange defaults: containers without resources (the validator's CUDA workload pod) get these. */
const UNSET = r("10m", "64Mi", "500m", "512Mi");

/**
 * Every pod gpu-operator may run at once. Once: the operator and node-feature-discovery's master and gc, each with
 * a surge pod while it rolls (RollingUpdate's 25% rounds up to one). On each GPU node: the NFD worker, the device
 * plugin and GPU feature discovery (each with its config-manager sidecar), the DCGM exporter, the validator and the
 * CUDA workload pod it starts (its two containers take the LimitRange defaults and run one after the other), and
 * the driver and toolkit when on. The DaemonSets roll by maxUnavailable and the driver's OnDelete, never surging.
 * Each pod's init containers (validation, driver manager, config-manager-init) ask for no more than its containers.
 */
export function gpuOperatorPods(
    settings: Pick<GpuOperatorSettings, "driver" | "toolkit" | "gpuNodes">,
): GpuOperatorPod[] {
    const R = GPU_OPERATOR_RESOURCES;
    const n = settings.gpuNodes;
    return [
        { name: "gpu-operator", copies: 2, containers: [R.operator] },
        { name: "nfd-master", copies: NFD_MASTER_REPLICAS + 1, containers: [R.nfdMaster] },
        { name: "nfd-gc", copies: 2, containers: [R.nfdGc] },
        { name: "nfd-worker", copies: n, containers: [R.nfdWorker] },
        { name: "nvidia-device-plugin", copies: n, containers: [R.devicePlugin, R.devicePlugin] },
        { name: "gpu-feature-discovery", copies: n, containers: [R.gfd, R.gfd] },
        { name: "nvidia-dcgm-exporter", copies: n, containers: [R.dcgmExporter] },
        { name: "nvidia-operator-validator", copies: n, containers: [R.validator] },
        { name: "nvidia-cuda-validator", copies: n, containers: [UNSET] },
        { name: "nvidia-driver", copies: settings.driver ? n : 0, containers: [R.driver] },
        { name: "nvidia-container-toolkit", copies: settings.toolkit ? n : 0, containers: [R.toolkit] },
    ];
}

/** The larger of two quantities, in the form of the first. */
function larger(a: string, b: string, format: (value: number) => string): string {
    return quantity(a) >= quantity(b) ? a : format(quantity(b));
}

/**
 * gpu-operator's quota and limits: every pod of gpuOperatorPods summed (GPU nodes times the node agents), two
 * Services, no claims and no GPUs (the device plugin's validation workload is off upstream; the CUDA one requests
 * none). The LimitRange's maximum is the largest container the settings run (the driver's when on).
 */
export function gpuOperatorBudget(
    settings: Pick<GpuOperatorSettings, "driver" | "toolkit" | "gpuNodes">,
): SystemBudget {
    const pods = gpuOperatorPods(settings);
    const running = pods.filter((pod) => pod.copies > 0).flatMap((pod) => pod.containers);
    const max = running.reduce(
        (m, c) => ({
            cpu: larger(m.cpu, c.limits.cpu, formatCpu),
            memory: larger(m.memory, c.limits.memory, formatBytes),
        }),
        { cpu: UNSET.limits.cpu, memory: UNSET.limits.memory },
    );
    return {
        quota: podsQuota(pods, GPU_OPERATOR_SERVICES),
        limits: { max, min: { cpu: "10m", memory: "16Mi" }, default: UNSET.limits, defaultRequest: UNSET.requests },
    };
}

/**
 * What gpu-operator needs on top of default deny: the API server, for every pod of the namespace (the operator and
 * NFD reconcile, GPU feature discovery and NFD workers publish NodeFeatures, the config-manager sidecars watch their
 * node's labels, the validator starts its CUDA pod). Nothing else: NFD 0.19's workers reach the master through
 * NodeFeature objects (its gRPC API is gone), the device plugin talks to the kubelet over a host socket, and the
 * DCGM exporter's scrape flow comes with the PodMonitor the platform's telemetry declares.
 */
export function gpuOperatorFlows(addresses: ClusterAddresses): Flow[] {
    return [apiServerFlow(GPU_OPERATOR_NAMESPACE, addresses)];
}
