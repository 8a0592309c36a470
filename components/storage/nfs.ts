import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StorageNamespace } from "../../contract/namespaces";
import { PodSecurityLevel } from "../../contract/pod-security";
import { StorageClassName } from "../../contract/storage";
import { CHARTS } from "../../contract/versions";
import { chartArgs, chartSource } from "../lib/helm";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import type { SystemBudget } from "../tenancy/manifests";
import {
    NFS_PRIORITY_CLASS,
    csiDriverNfsValues,
    NFS_DRIVER,
    nfsArgsProblem,
    nfsBudget,
    nfsSnapshotClass,
    nfsStorageClass,
    type NfsExport,
    type NfsSnapshots,
} from "./nfs-manifests";
import { chartPodDefaults } from "../lib/chart-pods";

export interface CsiDriverNfsArgs {
    /** The export volumes are created in, one directory per claim (`<namespace>/<claim>`). */
    export: NfsExport;
    /** NFS mount options of every volume (the StorageClass's `mountOptions`), e.g. `["nfsvers=4.1"]`. */
    mountOptions: readonly string[];
    /**
     * What the driver does with a deleted volume's directory: remove it, keep it (a later claim of the same namespace
     * and name gets it back, data included), or rename it `archived-<namespace>/<claim>`.
     */
    onDelete: "delete" | "retain" | "archive";
    /** What happens to a PersistentVolume when its claim is deleted. */
    reclaimPolicy: "Delete" | "Retain";
    /** Marks `nfs-client` as the cluster's default StorageClass. */
    isDefault: boolean;
    /**
     * Snapshots of nfs-client volumes: the controller's snapshot sidecar and a VolumeSnapshotClass `nfs-client`;
     * `installController` also installs the snapshot-controller and its CRDs. @default undefined (no snapshots)
     */
    snapshots?: NfsSnapshots;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /**
     * Mirror the chart is pulled from, as `oci://<chartMirror>/charts/<chart>`; set it for air-gapped clusters.
     * @default undefined (the upstream repository)
     */
    chartMirror?: string;
    /** Quota and limits of csi-nfs. @default nfsBudget(nodeCount, snapshots) */
    budget?: SystemBudget;
    /** Nodes in the cluster (a node plugin pod runs on each); sizes the default budget. @default 8 */
    nodeCount?: number;
}

/**
 * csi-driver-nfs in `csi-nfs` and its StorageClass `nfs-client`: ReadWriteMany volumes, each a directory on one
 * existing NFS export. The namespace is privileged because the controller and node plugins mount NFS from the
 * host network, privileged, into the kubelet's pod directory; nothing else runs there. The chart's own classes are
 * off; the component declares them, and the snapshot class waits for the chart that may install its CRD.
 */
export class CsiDriverNfs extends pulumi.ComponentResource {
    /** The governed namespace by name, for the flows and ordering the area adds. */
    public readonly namespaces: NamespaceResources;
    /** The StorageClass's name. */
    public readonly storageClass: string;
    /** The VolumeSnapshotClass's name, when snapshots are on. */
    public readonly snapshotClass?: string;
    /** The CSI driver both classes name. */
    public readonly driver: string;

    constructor(name: string, args: CsiDriverNfsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:CsiDriverNfs", name, {}, opts);
        const problem = nfsArgsProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`CsiDriverNfs ${name}: ${problem}`, this);
        }
        const budget = args.budget ?? nfsBudget(args.nodeCount ?? 8, args.snapshots);
        const ns = new GovernedNamespace(
            StorageNamespace.nfs,
            { podSecurity: PodSecurityLevel.privileged, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(
                chartSource(CHARTS.csiDriverNfs, args.chartMirror),
                ns.namespace,
                csiDriverNfsValues({ snapshots: args.snapshots, mirror: args.registryMirror }),
            ),
            // The caller's dependsOn (the prepared export) holds back the driver, whose mounts need it.
            {
                parent: this,
                dependsOn: [ns, ...inheritedDependsOn(opts)],
                transforms: [chartPodDefaults(NFS_PRIORITY_CLASS)],
            },
        );
        // A class needs no driver to exist: claims made before the chart is up wait in Pending.
        const storageClass = new k8s.storage.v1.StorageClass(childName(name, "storage-class"), nfsStorageClass(args), {
            parent: this,
        });
        const snapshotClass =
            args.snapshots === undefined
                ? undefined
                : new k8s.apiextensions.CustomResource(
                      childName(name, "snapshot-class"),
                      nfsSnapshotClass(args.reclaimPolicy),
                      { parent: this, dependsOn: [chart] },
                  );
        this.namespaces = new Map([[StorageNamespace.nfs, ns]]);
        this.storageClass = StorageClassName.nfs;
        this.snapshotClass = snapshotClass === undefined ? undefined : StorageClassName.nfs;
        this.driver = NFS_DRIVER;
        this.registerOutputs({
            storageClass: storageClass.metadata.name,
            ...(snapshotClass === undefined ? {} : { snapshotClass: snapshotClass.metadata.name }),
            driver: NFS_DRIVER,
        });
    }
}
