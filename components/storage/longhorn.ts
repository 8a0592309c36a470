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
    LONGHORN_DEFAULT_NODE_CPU,
    LONGHORN_DRIVER,
    longhornBudget,
    longhornSettingsProblem,
    longhornSnapshotClass,
    longhornStorageClass,
    longhornUiDisruptionBudget,
    longhornValues,
    type LonghornSettings,
} from "./longhorn-manifests";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

export interface LonghornArgs {
    /** Replicas of every volume, each on another node (the class's numberOfReplicas and the UI's default). */
    replicas: number;
    /** What happens to a volume when its claim is deleted; snapshots follow it. */
    reclaimPolicy: "Delete" | "Retain";
    allowVolumeExpansion: boolean;
    /** Marks `longhorn` as the cluster's default StorageClass. */
    isDefault: boolean;
    /**
     * Run the Longhorn UI. It has no login and controls every volume, so it gets only its ClusterIP Service
     * `longhorn-frontend`, no Ingress or route; reach it with
     * `kubectl -n longhorn-system port-forward svc/longhorn-frontend 8000:80`.
     */
    ui: boolean;
    /**
     * Declare the VolumeSnapshotClass `longhorn`. Its CRD comes from another component: pass that in
     * opts.dependsOn, which the snapshot class and the chart wait for.
     */
    snapshotClass: boolean;
    /** Nodes that run Longhorn; sizes the budget and bounds the replicas. */
    nodeCount: number;
    /**
     * Allocatable CPU of the largest node that runs Longhorn: each instance manager requests
     * GUARANTEED_INSTANCE_MANAGER_CPU percent of its node's, and the budget must hold them. @default "16"
     */
    nodeCpu?: string;
    /** Registry mirror images are pulled through (`<mirror>/docker.io/longhornio/...`). @default undefined (upstream) */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/longhorn`. @default undefined (upstream) */
    chartMirror?: string;
    /** Quota and limits of longhorn-system. @default longhornBudget(nodeCount, { nodeCpu, ui }) */
    budget?: SystemBudget;
}

/**
 * Longhorn in `longhorn-system` and its StorageClass `longhorn`: block volumes replicated across nodes. The
 * namespace is privileged: the manager, CSI plugin, instance managers and engine images run privileged with host
 * paths. The chart installs Longhorn's CRDs; the class and the optional snapshot class are declared here so the
 * policy pack sees them and their reclaim and expansion come from config. Nodes need open-iscsi with iscsid running.
 */
export class Longhorn extends pulumi.ComponentResource {
    /** The governed namespace by name, for the flows and ordering the area adds. */
    public readonly namespaces: NamespaceResources;
    /** The StorageClass's name. */
    public readonly storageClass: string;
    /** The VolumeSnapshotClass's name, when declared. */
    public readonly snapshotClass?: string;
    /** The CSI driver's name. */
    public readonly driver: string;

    constructor(name: string, args: LonghornArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:Longhorn", name, {}, opts);
        const settings: LonghornSettings = {
            replicas: args.replicas,
            reclaimPolicy: args.reclaimPolicy,
            allowVolumeExpansion: args.allowVolumeExpansion,
            isDefault: args.isDefault,
            ui: args.ui,
            nodeCount: args.nodeCount,
            nodeCpu: args.nodeCpu ?? LONGHORN_DEFAULT_NODE_CPU,
            registryMirror: args.registryMirror,
        };
        const problem = longhornSettingsProblem(settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`Longhorn ${name}: ${problem}`, this);
        }
        const budget = args.budget ?? longhornBudget(settings.nodeCount, settings);
        const ns = new GovernedNamespace(
            StorageNamespace.longhorn,
            { podSecurity: PodSecurityLevel.privileged, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const inherited = inheritedDependsOn(opts);
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(chartSource(CHARTS.longhorn, args.chartMirror), ns.namespace, longhornValues(settings)),
            { parent: this, dependsOn: [ns, ...inherited], transforms: [chartPodDefaults(PriorityClassName.platform)] },
        );
        const storageClass = new k8s.storage.v1.StorageClass(
            childName(name, "storage-class"),
            longhornStorageClass(settings),
            { parent: this },
        );
        const snapshotClass = args.snapshotClass
            ? new k8s.apiextensions.CustomResource(
                  childName(name, "snapshot-class"),
                  longhornSnapshotClass(settings.reclaimPolicy),
                  { parent: this, dependsOn: [chart, ...inherited] },
              )
            : undefined;
        if (settings.ui) {
            const inNs = { parent: this, dependsOn: [ns] };
            new k8s.policy.v1.PodDisruptionBudget(childName(name, "ui-budget"), longhornUiDisruptionBudget(), inNs);
        }
        this.namespaces = new Map([[StorageNamespace.longhorn, ns]]);
        this.storageClass = StorageClassName.longhorn;
        this.snapshotClass = snapshotClass === undefined ? undefined : StorageClassName.longhorn;
        this.driver = LONGHORN_DRIVER;
        this.registerOutputs({
            storageClass: storageClass.metadata.name,
            ...(snapshotClass === undefined ? {} : { snapshotClass: snapshotClass.metadata.name }),
            driver: this.driver,
        });
    }
}
