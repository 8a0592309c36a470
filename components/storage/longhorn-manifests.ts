import { GPU_TAINT } from "../../contract/gpu";
import type * as k8s from "@pulumi/kubernetes";
import { APP_LABEL, platformLabels } from "../../contract/labels";
import { StorageNamespace } from "../../contract/namespaces";
import { formatCpu, parseQuantity, quantity } from "../../contract/quantity";
import { StorageClassName } from "../../contract/storage";
import { storageClassMetadata, volumeSnapshotClass } from "./classes";
import { CHART_IMAGE_REPOSITORIES, CHARTS } from "../../contract/versions";
import {
    podsQuota,
    type BudgetPod,
    type ContainerResources,
    type SystemBudget,
    type TenantLimits,
} from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/** The CSI driver Longhorn registers; its StorageClass and VolumeSnapshotClass name it. */
export const LONGHORN_DRIVER = "driver.longhorn.io";

/**
 * Percent of a node's allocatable CPU each instance manager requests (`guaranteedInstanceManagerCPU`), upstream's
 * default and best-practice value: its formula (engines and replicas per node × 0.1 CPU) gives 12% for about 19
 * volume processes on a 16-CPU node. The instance manager runs every engine and replica process of its node.
 */
export const GUARANTEED_INSTANCE_MANAGER_CPU = 12;

/** Allocatable CPU assumed for a Longhorn node when the args name none. */
export const LONGHORN_DEFAULT_NODE_CPU = "16";

/** Upstream's replicas for each CSI sidecar Deployment (attacher, provisioner, resizer, snapshotter). */
const UPSTREAM_CSI_REPLICAS = 3;

/** The UI's replicas when it is on: the chart's default, so one survives a drain. */
export const LONGHORN_UI_REPLICAS = 2;

/** Services the chart declares: backend (manager API), frontend (UI), admission webhook, recovery backend. */
export const LONGHORN_SERVICES = 4;

/**
 * Replicas stay where Longhorn scheduled them (upstream's default): `best-effort` would rebuild a replica onto
 * whichever node the pod moves to, costing disk and network I/O on every drain, for reads that stay local.
 */
export const LONGHORN_DATA_LOCALITY = "disabled";

/**
 * Requests and limits of the containers whose resources Longhorn lets the platform set: the manager through
 * `longhornManager.resources` (upstream sets none; a manager runs Longhorn's controllers and its admission and
 * conversion webhooks, so it gets a whole core and 1Gi to burst to), the CSI pods through the
 * `systemManagedCSIComponentsResourceLimits` setting. The CSI requests are those csi-driver-nfs 4.13.4's chart gives
 * the same kubernetes-csi binaries (10m / 20Mi, memory rounded up); the limits follow the example in Longhorn's
 * setting description (200m / 256Mi for a sidecar, 100m / 128Mi for the node registrar). The plugin requests the
 * example's 100m / 128Mi and may use 1 CPU and 512Mi: mkfs.ext4, fsck and resize2fs run in it. Every request
 * meets the LimitRange minimum and every container names a cpu limit.
 */
export const LONGHORN_RESOURCES = {
    manager: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    /** csi-attacher, csi-provisioner, csi-resizer and csi-snapshotter, each a leader-elected Deployment. */
    csiSidecar: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    csiPlugin: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    nodeDriverRegistrar: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    livenessProbe: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
} as const satisfies Record<string, ContainerResources>;

/** The setting's JSON: component names as Longhorn's ComponentResourceLimits spells them. */
export function csiComponentResources(): string {
    const r = LONGHORN_RESOURCES;
    return JSON.stringify({
        "csi-attacher": r.csiSidecar,
        "csi-provisioner": r.csiSidecar,
        "csi-resizer": r.csiSidecar,
        "csi-snapshotter": r.csiSidecar,
        "longhorn-csi-plugin": r.csiPlugin,
        "node-driver-registrar": r.nodeDriverRegistrar,
        "longhorn-liveness-probe": r.livenessProbe,
    });
}

/** What the chart values, the classes and the budget depend on; LonghornArgs with its defaults applied. */
export interface LonghornSettings {
    readonly replicas: number;
    readonly reclaimPolicy: "Delete" | "Retain";
    readonly allowVolumeExpansion: boolean;
    readonly isDefault: boolean;
    readonly ui: boolean;
    readonly nodeCount: number;
    /** Allocatable CPU of the largest Longhorn node (a quantity). */
    readonly nodeCpu: string;
    readonly registryMirror?: string;
}

/** Why the settings cannot work, or undefined: replicas go one per node, so there must be as many nodes. */
export function longhornSettingsProblem(
    settings: Pick<LonghornSettings, "replicas" | "nodeCount" | "nodeCpu">,
): string | undefined {
    const { replicas, nodeCount, nodeCpu } = settings;
    if (!Number.isInteger(nodeCount) || nodeCount < 1) {
        return `args.nodeCount must be a whole number of at least 1, not ${nodeCount}`;
    }
    if (!Number.isInteger(replicas) || replicas < 1) {
        return `args.replicas must be a whole number of at least 1, not ${replicas}`;
    }
    if (replicas > nodeCount) {
        return `args.replicas ${replicas} exceeds args.nodeCount ${nodeCount}: each replica of a volume needs its own node`;
    }
    const cpu = parseQuantity(nodeCpu);
    if (cpu === undefined || cpu < 1) {
        return `args.nodeCpu ${JSON.stringify(nodeCpu)} is not a CPU quantity of at least 1`;
    }
    return undefined;
}

/** Replicas of each CSI sidecar Deployment: upstream's 3, but no more than there are nodes to spread them over. */
export function longhornCsiReplicas(nodeCount: number): number {
    return Math.min(UPSTREAM_CSI_REPLICAS, nodeCount);
}

/**
 * The chart-wide registry (`global.imageRegistry`) through the mirror. Longhorn 1.12.1's templates put the first of
 * `global.imageRegistry`, `privateRegistry.registryUrl`, `global.cattle.systemDefaultRegistry` and `docker.io` in
 * front of every `image.*.repository`, so a block's own `registry` is never read and a mirrored `repository` would
 * get `docker.io/` in front. Every Longhorn image is on Docker Hub; the manager hands these references on to the
 * pods it creates (instance and share managers, engine images, backing images, support bundles), the driver
 * deployer to the CSI sidecars.
 */
export function longhornImageRegistry(mirror: string): string {
    return `${mirror}/${CHART_IMAGE_REPOSITORIES.longhornManager.registry}`;
}

/**
 * Helm values for the longhorn chart. The chart's StorageClass ConfigMap is off: the manager would otherwise
 * delete and recreate the `longhorn` class from it, so the component declares the class itself. The pre-upgrade
 * Job is a Helm hook, which Chart v4 never renders (it templates with hooks disabled), so it is off rather than
 * implied; the manager's own upgrade-path check (`preUpgradeChecker.upgradeVersionCheck`) still refuses an
 * unsupported upgrade when it starts. Nothing phones home: no upgrade checker, no usage metrics. The UI runs only
 * when asked, behind its ClusterIP Service. Metrics wait for the observability area.
 */
export function longhornValues(
    options: Pick<LonghornSettings, "replicas" | "ui" | "nodeCount" | "registryMirror">,
): Record<string, unknown> {
    const csiReplicas = longhornCsiReplicas(options.nodeCount);
    return withPriorityClass(longhornBaseValues(options, csiReplicas), CHARTS.longhorn, PriorityClassName.platform);
}

function longhornBaseValues(
    options: Pick<LonghornSettings, "replicas" | "ui" | "nodeCount" | "registryMirror">,
    csiReplicas: number,
): Record<string, unknown> {
    return {
        ...(options.registryMirror === undefined
            ? {}
            : { global: { imageRegistry: longhornImageRegistry(options.registryMirror) } }),
        persistence: { createStorageClass: false },
        preUpgradeChecker: { jobEnabled: false },
        csi: {
            attacherReplicaCount: csiReplicas,
            provisionerReplicaCount: csiReplicas,
            resizerReplicaCount: csiReplicas,
            snapshotterReplicaCount: csiReplicas,
        },
        defaultSettings: {
            // For volumes made in the UI; the StorageClass sets claims' replicas.
            defaultReplicaCount: options.replicas,
            defaultDataLocality: LONGHORN_DATA_LOCALITY,
            guaranteedInstanceManagerCPU: GUARANTEED_INSTANCE_MANAGER_CPU,
            systemManagedCSIComponentsResourceLimits: csiComponentResources(),
            upgradeChecker: false,
            allowCollectingLonghornUsageMetrics: false,
            // Instance managers, engine images and CSI pods follow the managers onto GPU workers (`key:effect` is
            // Longhorn's form of an Exists toleration).
            taintToleration: `${GPU_TAINT.key}:${GPU_TAINT.effect}`,
        },
        longhornManager: {
            resources: withEphemeralStorage(LONGHORN_RESOURCES.manager),
            // Every worker holds replicas, GPU workers included (seed 003: 3 replicas on 2 data and 2 GPU workers),
            // so the managers tolerate the GPU taint; the UI and the driver deployer do not.
            tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: GPU_TAINT.effect }],
        },
        longhornUI: { replicas: options.ui ? LONGHORN_UI_REPLICAS : 0 },
        service: { ui: { type: "ClusterIP" } },
        metrics: { serviceMonitor: { enabled: false } },
    };
}

/**
 * `longhorn`: replicated block volumes. Binding is Immediate: a Longhorn volume attaches on any node, so nothing
 * is gained by waiting for the pod, and a claim that cannot get its replicas fails when it is made, not when its
 * pod is scheduled.
 */
export function longhornStorageClass(
    settings: Pick<LonghornSettings, "replicas" | "reclaimPolicy" | "allowVolumeExpansion" | "isDefault">,
): k8s.types.input.storage.v1.StorageClass {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: storageClassMetadata(StorageClassName.longhorn, settings.isDefault),
        provisioner: LONGHORN_DRIVER,
        parameters: {
            numberOfReplicas: String(settings.replicas),
            staleReplicaTimeout: "30",
            fsType: "ext4",
            dataLocality: LONGHORN_DATA_LOCALITY,
        },
        reclaimPolicy: settings.reclaimPolicy,
        allowVolumeExpansion: settings.allowVolumeExpansion,
        volumeBindingMode: "Immediate",
    };
}

/**
 * The snapshot class for longhorn volumes, the default for its driver so a VolumeSnapshot may name none. `snap`
 * keeps the snapshot inside the volume's replicas (`bak` would need a backup target, which the platform does not
 * configure yet); deletion follows the StorageClass's reclaim policy.
 */
export function longhornSnapshotClass(
    reclaimPolicy: LonghornSettings["reclaimPolicy"],
): k8s.apiextensions.CustomResourceArgs {
    return volumeSnapshotClass(StorageClassName.longhorn, LONGHORN_DRIVER, reclaimPolicy, { type: "snap" });
}

/**
 * Keeps one UI pod through a drain; the chart's `longhornUI.podDisruptionBudget` values render nothing at 1.12.1.
 */
export function longhornUiDisruptionBudget(): k8s.types.input.policy.v1.PodDisruptionBudget {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: {
            name: "longhorn-ui",
            namespace: StorageNamespace.longhorn,
            labels: platformLabels({ [APP_LABEL]: "longhorn-ui" }),
        },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: "longhorn-ui" } } },
    };
}

/**
 * longhorn-system's LimitRange. Its defaults apply to every container Longhorn gives no resources: the manager
 * DaemonSet's share-manager pre-pull container, the driver deployer (and its init container), the UI, and the
 * instance manager, engine image, support bundle, share and backing image manager pods the manager creates. The
 * instance manager sets only a cpu request, so the default cpu limit is the node's CPU (no ceiling below what
 * Longhorn gives it upstream), and its memory limit 2Gi: about 100 MiB per attached volume
 * (longhorn/longhorn#4771) leaves room for some 20 volumes a node. The default requests fit the idle rest.
 */
export function longhornLimits(nodeCpu: string): TenantLimits {
    const cpu = formatCpu(quantity(nodeCpu));
    return {
        max: { cpu, memory: "2Gi" },
        min: { cpu: "10m", memory: "16Mi" },
        default: { cpu, memory: "2Gi" },
        defaultRequest: { cpu: "10m", memory: "64Mi" },
    };
}

/** A pod longhorn-system runs, at most how many at once, and its containers after LimitRange defaults. */
export interface LonghornPod extends BudgetPod {
    readonly name: string;
}

/**
 * Every pod longhorn-system may run at once, the chart's and those its manager creates. Per node: the manager, the
 * CSI plugin, an instance manager and an engine image pod, and one more of each of the last two while an upgrade
 * moves volumes to the new version (both run until every volume is upgraded), and a support bundle agent while a
 * bundle is collected. Once: the driver deployer and the four CSI sidecar Deployments with a surge pod each, the
 * UI with one when on, a support bundle manager. Share managers (RWX) and backing image managers (backing images)
 * run for features the platform does not use.
 */
export function longhornPods(
    nodeCount: number,
    options: { readonly nodeCpu: string; readonly ui: boolean },
): LonghornPod[] {
    const r = LONGHORN_RESOURCES;
    const limits = longhornLimits(options.nodeCpu);
    const unset = { requests: limits.defaultRequest, limits: limits.default };
    // Longhorn rounds the percentage of the node's allocatable millicores.
    const imCpu = `${Math.round((quantity(options.nodeCpu) * 1000 * GUARANTEED_INSTANCE_MANAGER_CPU) / 100)}m`;
    const instanceManager = { requests: { cpu: imCpu, memory: limits.defaultRequest.memory }, limits: limits.default };
    const sidecars = longhornCsiReplicas(nodeCount) + 1;
    return [
        { name: "longhorn-manager", copies: nodeCount, containers: [r.manager, unset] },
        {
            name: "longhorn-csi-plugin",
            copies: nodeCount,
            containers: [r.csiPlugin, r.nodeDriverRegistrar, r.livenessProbe],
        },
        { name: "instance-manager", copies: 2 * nodeCount, containers: [instanceManager] },
        { name: "engine-image", copies: 2 * nodeCount, containers: [unset] },
        { name: "support-bundle-agent", copies: nodeCount, containers: [unset] },
        // Its init container has the same defaulted resources, so it adds nothing to the pod's requests.
        { name: "longhorn-driver-deployer", copies: 2, containers: [unset] },
        ...["csi-attacher", "csi-provisioner", "csi-resizer", "csi-snapshotter"].map((name) => ({
            name,
            copies: sidecars,
            containers: [r.csiSidecar],
        })),
        { name: "longhorn-ui", copies: options.ui ? LONGHORN_UI_REPLICAS + 1 : 0, containers: [unset] },
        { name: "support-bundle-manager", copies: 1, containers: [unset] },
    ];
}

/**
 * longhorn-system's quota and limits: every pod of longhornPods summed, so the quota never rejects a pod Longhorn
 * makes. The requests count toward the cluster's promised capacity; most are the instance managers' guaranteed
 * CPU, twice over for the upgrade overlap. The limits reserve nothing. Longhorn claims no PVCs in its namespace.
 */
export function longhornBudget(
    nodeCount: number,
    options: { readonly nodeCpu?: string; readonly ui?: boolean } = {},
): SystemBudget {
    const nodeCpu = options.nodeCpu ?? LONGHORN_DEFAULT_NODE_CPU;
    const pods = longhornPods(nodeCount, { nodeCpu, ui: options.ui ?? false });
    return {
        quota: podsQuota(pods, LONGHORN_SERVICES),
        limits: longhornLimits(nodeCpu),
    };
}
