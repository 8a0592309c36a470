import type * as k8s from "@pulumi/kubernetes";
import { StorageClassName } from "../../contract/storage";
import { storageClassMetadata, volumeSnapshotClass } from "./classes";
import { CHARTS, withMirroredImages } from "../../contract/versions";
import { podsQuota, type BudgetPod, type ContainerResources, type SystemBudget } from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";

/** The CSI driver name the chart registers (its `driver.name` default) and both classes name. */
export const NFS_DRIVER = "nfs.csi.k8s.io";

/**
 * Each volume's directory under the share: `<namespace>/<claim>`, so an operator on the NFS server sees whose data
 * it is. A literal the driver fills in from the claim (the chart's provisioner passes `--extra-create-metadata`).
 */
export const NFS_SUB_DIR = "${pvc.metadata.namespace}/${pvc.metadata.name}";

/** The NFS export volumes are created in, one directory per volume. */
export interface NfsExport {
    /** The NFS server: an IPv4 address or a DNS name the nodes resolve. */
    readonly server: string;
    /** The exported path on the server, absolute. */
    readonly share: string;
}

/** Volume snapshots: tarballs of a volume's directory, written by the controller to the same export. */
export interface NfsSnapshots {
    /**
     * Also install external-snapshotter's snapshot-controller and the snapshot CRDs, for a cluster whose
     * distribution ships neither.
     */
    readonly installController: boolean;
}

/** What the StorageClass (and the snapshot class's deletion policy) depend on. */
export interface NfsClassSettings {
    readonly export: NfsExport;
    /** NFS mount options, e.g. `nfsvers=4.1`; every node mounts each volume with them. */
    readonly mountOptions: readonly string[];
    /**
     * What the driver does with a volume's directory when the volume is deleted: remove, keep or rename it
     * (`archived-<namespace>/<claim>`). A kept directory is reused, data included, by a later claim of the same
     * namespace and name.
     */
    readonly onDelete: "delete" | "retain" | "archive";
    readonly reclaimPolicy: "Delete" | "Retain";
    readonly isDefault: boolean;
}

/**
 * Requests and limits of every container csi-driver-nfs 4.13.4 runs (see CHARTS.csiDriverNfs.containers). The
 * requests and memory limits are the chart's own; the chart names no cpu limit, and the system LimitRange bounds
 * cpu (it would inject its default otherwise), so each gets one. The controller's plugin gets the most cpu: it
 * writes each snapshot as a gzipped tarball in-process. Every request meets the LimitRange minimum (10m / 16Mi).
 */
/**
 * The CSI driver's pods keep the chart's system-cluster-critical (a built-in class): a node without its NFS plugin
 * cannot mount any claim, so it ranks with the cluster's own add-ons rather than the platform's components.
 */
export const NFS_PRIORITY_CLASS = "system-cluster-critical";

export const NFS_RESOURCES = {
    controller: {
        csiProvisioner: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "100m", memory: "400Mi" } },
        csiResizer: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "100m", memory: "400Mi" } },
        csiSnapshotter: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "100m", memory: "200Mi" } },
        livenessProbe: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "50m", memory: "100Mi" } },
        nfs: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "500m", memory: "200Mi" } },
    },
    node: {
        livenessProbe: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "50m", memory: "100Mi" } },
        nodeDriverRegistrar: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "50m", memory: "100Mi" } },
        nfs: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "200m", memory: "300Mi" } },
    },
    snapshotController: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "100m", memory: "300Mi" } },
} as const satisfies {
    readonly controller: Readonly<Record<string, ContainerResources>>;
    readonly node: Readonly<Record<string, ContainerResources>>;
    readonly snapshotController: ContainerResources;
};

/**
 * Helm values for csi-driver-nfs: explicit resources for every container that runs, and images through the mirror
 * when set (the tags stay the chart version's). The snapshot switches are always written, true or false, because
 * the chart's defaults differ (the sidecar on, the snapshot-controller off) while the pack counts an unset switch
 * as on. The chart's StorageClass and VolumeSnapshotClass stay off: the component declares both itself, so the
 * policy pack sees them. One controller replica, written out so the footprint reads it from values: its sidecars
 * elect a leader, so a second replica would only stand by; on the host network a second one on the same node could
 * not bind the health port (the chart offers no anti-affinity); and the chart's Recreate rollout stops all at once.
 */
export function csiDriverNfsValues(options: {
    readonly snapshots?: NfsSnapshots;
    readonly mirror?: string;
}): Record<string, unknown> {
    const { controller, node, snapshotController } = NFS_RESOURCES;
    const snapshotter = options.snapshots !== undefined;
    const install = options.snapshots?.installController ?? false;
    const values = {
        controller: {
            replicas: 1,
            enableSnapshotter: snapshotter,
            resources: {
                csiProvisioner: withEphemeralStorage(controller.csiProvisioner),
                csiResizer: withEphemeralStorage(controller.csiResizer),
                ...(snapshotter ? { csiSnapshotter: withEphemeralStorage(controller.csiSnapshotter) } : {}),
                livenessProbe: withEphemeralStorage(controller.livenessProbe),
                nfs: withEphemeralStorage(controller.nfs),
            },
        },
        node: {
            resources: Object.fromEntries(Object.entries(node).map(([key, r]) => [key, withEphemeralStorage(r)])),
        },
        externalSnapshotter: {
            enabled: install,
            customResourceDefinitions: { enabled: install },
            ...(install ? { controller: { replicas: 1 }, resources: withEphemeralStorage(snapshotController) } : {}),
        },
        storageClass: { create: false },
        volumeSnapshotClass: { create: false },
    };
    const classed = withPriorityClass(values, CHARTS.csiDriverNfs, NFS_PRIORITY_CLASS);
    return options.mirror === undefined ? classed : withMirroredImages(classed, CHARTS.csiDriverNfs, options.mirror);
}

/**
 * `nfs-client`: a directory per claim under the share, bound at once (any node can mount it, so there is no reason
 * to wait for the pod), expandable (a resize only records the new size: an export has no per-directory size).
 */
export function nfsStorageClass(settings: NfsClassSettings): k8s.types.input.storage.v1.StorageClass {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: storageClassMetadata(StorageClassName.nfs, settings.isDefault),
        provisioner: NFS_DRIVER,
        parameters: {
            server: settings.export.server,
            share: settings.export.share,
            subDir: NFS_SUB_DIR,
            onDelete: settings.onDelete,
        },
        reclaimPolicy: settings.reclaimPolicy,
        volumeBindingMode: "Immediate",
        allowVolumeExpansion: true,
        mountOptions: [...settings.mountOptions],
    };
}

/**
 * The snapshot class for nfs-client volumes, the default for its driver so a VolumeSnapshot may name none. A
 * snapshot is a tarball on the same export; its deletion policy follows the StorageClass's reclaim policy, so a
 * platform that keeps released volumes also keeps the snapshot when its VolumeSnapshot is deleted (the content
 * object and the tarball stay for an operator to remove), and one that deletes them deletes snapshots alike.
 */
export function nfsSnapshotClass(
    reclaimPolicy: NfsClassSettings["reclaimPolicy"],
): k8s.apiextensions.CustomResourceArgs {
    return volumeSnapshotClass(StorageClassName.nfs, NFS_DRIVER, reclaimPolicy);
}

/** The containers of each pod csi-driver-nfs runs with these snapshot settings, and how many copies. */
function nfsPods(nodeCount: number, snapshots: NfsSnapshots | undefined): readonly BudgetPod[] {
    const { controller, node, snapshotController } = NFS_RESOURCES;
    const { csiSnapshotter, ...alwaysInController } = controller;
    return [
        {
            containers: [...Object.values(alwaysInController), ...(snapshots === undefined ? [] : [csiSnapshotter])],
            copies: 1,
        },
        { containers: Object.values(node), copies: nodeCount },
        ...(snapshots?.installController ? [{ containers: [snapshotController], copies: 1 }] : []),
    ];
}

/**
 * csi-nfs's quota and limits: the controller pod, a node plugin pod on every node and the snapshot-controller when
 * installed, each at NFS_RESOURCES, summed. No rollout adds a pod: the controller uses Recreate, the DaemonSet
 * replaces a node's pod only once the old one is gone, and the snapshot-controller rolls with maxSurge 0. The
 * quota's requests count toward the cluster's promised capacity, so it is sized to what runs. No Services, no
 * claims.
 */
export function nfsBudget(nodeCount: number, snapshots: NfsSnapshots | undefined): SystemBudget {
    return {
        quota: podsQuota(nfsPods(nodeCount, snapshots), 0),
        limits: {
            max: { cpu: "500m", memory: "512Mi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "100m", memory: "64Mi" },
            defaultRequest: { cpu: "10m", memory: "16Mi" },
        },
    };
}

/**
 * Why the args cannot work, or undefined: a server that is a host (not a URL or `host:/path`), an absolute share
 * below the export root without `..` (the driver rejects those), mount options without empty entries, and a
 * positive whole node count.
 */
export function nfsArgsProblem(args: NfsClassSettings & { readonly nodeCount?: number }): string | undefined {
    const { server, share } = args.export;
    if (server.trim() === "") {
        return "args.export.server is empty";
    }
    if (/[/\s]/.test(server)) {
        return `args.export.server ${JSON.stringify(server)} is not an IPv4 address or DNS name (no URL, path or spaces)`;
    }
    if (!share.startsWith("/") || share === "/") {
        return `args.export.share ${JSON.stringify(share)} must be an absolute path below the export root`;
    }
    if (share.split("/").includes("..")) {
        return `args.export.share ${JSON.stringify(share)} must not contain ".."`;
    }
    const empty = args.mountOptions.findIndex((option) => option.trim() === "");
    if (empty >= 0) {
        return `args.mountOptions[${empty}] is empty`;
    }
    if (args.nodeCount !== undefined && !(Number.isInteger(args.nodeCount) && args.nodeCount > 0)) {
        return `args.nodeCount ${args.nodeCount} must be a positive whole number`;
    }
    return undefined;
}
