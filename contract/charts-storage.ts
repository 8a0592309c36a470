// The pins of the storage area's charts (csi-driver-nfs, Longhorn), with the containers and images each runs.
// contract/versions.ts includes them in CHARTS.
import { CHART_IMAGE_REPOSITORIES } from "./images";
import type { ChartContainer, ChartPin } from "./pins";

/** Shorthand for the upstream images the pins list. */
const R = CHART_IMAGE_REPOSITORIES;

/** A container of csi-driver-nfs's controller Deployment (its resources under `controller.resources.<key>`). */
function nfsController(name: string, key: string): ChartContainer {
    return {
        name: `controller/${name}`,
        resources: `controller.resources.${key}`,
        replicas: { valuesPath: "controller.replicas", default: 1 },
    };
}

export const STORAGE_CHARTS = {
    /*
     * csi-driver-nfs 4.13.4: tag v4.13.4 (f09798c), 2026-07-01; the Helm index serves the package from master,
     * repacked in eb052a9 (2026-08-15) and matching master d3b27c0 (2026-08-22), with the tag's keys (shared charts
     * README note 3). 4.13.4 is the newest 4.13.x found in the stored references (that snapshot's index and tags).
     * Object names come from values (controller.name, node.name, externalSnapshotter.name), not the release name.
     * The chart default of `controller.enableSnapshotter` is true and of `externalSnapshotter.enabled` false, while
     * an unset enabledBy counts as on: the program always sets both. `image.nfs.repository` defaults to a whole
     * repository, the sidecars' to paths starting with "/" that get `image.baseRepo` prepended; baseRepo moves the
     * sidecars but not the plugin, so no chart-wide registry is declared (the program never sets it, and a mirrored
     * repository, without a leading "/", is used whole).
     */
    csiDriverNfs: {
        chart: "csi-driver-nfs",
        version: "4.13.4",
        repository: "https://kubernetes-csi.github.io/csi-driver-nfs",
        containers: [
            nfsController("csi-provisioner", "csiProvisioner"),
            nfsController("csi-resizer", "csiResizer"),
            { ...nfsController("csi-snapshotter", "csiSnapshotter"), enabledBy: "controller.enableSnapshotter" },
            nfsController("liveness-probe", "livenessProbe"),
            nfsController("nfs", "nfs"),
            { name: "node/liveness-probe", resources: "node.resources.livenessProbe", replicas: { perNode: true } },
            {
                name: "node/node-driver-registrar",
                resources: "node.resources.nodeDriverRegistrar",
                replicas: { perNode: true },
            },
            { name: "node/nfs", resources: "node.resources.nfs", replicas: { perNode: true } },
            {
                name: "snapshot-controller",
                resources: "externalSnapshotter.resources",
                replicas: { valuesPath: "externalSnapshotter.controller.replicas", default: 1 },
                enabledBy: "externalSnapshotter.enabled",
            },
        ],
        images: [
            { path: "image.nfs", upstream: R.csiNfsPlugin },
            { path: "image.csiProvisioner", upstream: R.csiProvisioner },
            { path: "image.csiResizer", upstream: R.csiResizer },
            { path: "image.csiSnapshotter", upstream: R.csiSnapshotter, enabledBy: "controller.enableSnapshotter" },
            { path: "image.livenessProbe", upstream: R.csiLivenessProbe },
            { path: "image.nodeDriverRegistrar", upstream: R.csiNodeDriverRegistrar },
            {
                path: "image.externalSnapshotter",
                upstream: R.csiSnapshotController,
                enabledBy: "externalSnapshotter.enabled",
            },
        ],
        // Each defaults to system-cluster-critical, which the program keeps (and writes, so it is declared).
        priorityClasses: [
            { path: "controller.priorityClassName" },
            { path: "node.priorityClassName" },
            { path: "externalSnapshotter.priorityClassName", enabledBy: "externalSnapshotter.enabled" },
        ],
        freeformValues: [],
    },
    /*
     * longhorn 1.12.1: tag v1.12.1 (f349c091c507), 2026-08-14 (shared/charts/README.md). The fetched snapshot
     * (2026-08-22) has no later v1.12.x tag; its v1.12.x branch has unreleased chart fixes since (per-image
     * registries honoured, network-policy traffic, OAuth proxy registry). Only the manager's resources have a values
     * path. The rest is set otherwise or defaulted, so none is declared here: the CSI attacher, provisioner, resizer,
     * snapshotter and plugin through the `systemManagedCSIComponentsResourceLimits` setting (a JSON string), the
     * instance managers' cpu request through `guaranteedInstanceManagerCPU`; the manager's share-manager pre-pull
     * container, the driver deployer and its init container, the UI, engine images and support bundles get the
     * namespace LimitRange's defaults (the chart's transform, chartPodDefaults, writes the ephemeral-storage default
     * into the templates it renders). The hook Jobs (pre/post-upgrade, uninstall) are never rendered by Chart v4.
     */
    longhorn: {
        chart: "longhorn",
        version: "1.12.1",
        repository: "https://charts.longhorn.io",
        containers: [{ name: "longhorn-manager", resources: "longhornManager.resources", replicas: { perNode: true } }],
        // Every template writes `<registry>/<image.*.repository>:<tag>` with the registry from `global.imageRegistry`
        // (else docker.io): a block's own `registry` is ignored at 1.12.1. The manager passes the engine, instance,
        // share, backing image and support bundle images on to the pods it creates; the driver deployer passes the
        // CSI images by env to the Deployments and DaemonSet it creates. The OpenShift OAuth proxy (off) has none.
        images: [
            { path: "image.longhorn.manager", upstream: R.longhornManager },
            { path: "image.longhorn.engine", upstream: R.longhornEngine },
            { path: "image.longhorn.instanceManager", upstream: R.longhornInstanceManager },
            { path: "image.longhorn.shareManager", upstream: R.longhornShareManager },
            { path: "image.longhorn.backingImageManager", upstream: R.longhornBackingImageManager },
            { path: "image.longhorn.supportBundleKit", upstream: R.longhornSupportBundleKit },
            { path: "image.longhorn.ui", upstream: R.longhornUi },
            { path: "image.csi.attacher", upstream: R.longhornCsiAttacher },
            { path: "image.csi.provisioner", upstream: R.longhornCsiProvisioner },
            { path: "image.csi.resizer", upstream: R.longhornCsiResizer },
            { path: "image.csi.snapshotter", upstream: R.longhornCsiSnapshotter },
            { path: "image.csi.nodeDriverRegistrar", upstream: R.longhornCsiNodeDriverRegistrar },
            { path: "image.csi.livenessProbe", upstream: R.longhornCsiLivenessProbe },
        ],
        // The chart's own `longhorn-critical` class is replaced by the platform's: the manager, the driver deployer,
        // the UI, and (the setting) the instance managers, engine images and CSI pods the manager creates.
        priorityClasses: [
            { path: "defaultSettings.priorityClass" },
            { path: "longhornManager.priorityClass" },
            { path: "longhornDriver.priorityClass" },
            { path: "longhornUI.priorityClass" },
        ],
        imageRegistryFrom: "global.imageRegistry",
        freeformValues: [],
    },
} as const satisfies Record<string, ChartPin>;
