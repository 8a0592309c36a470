import type * as k8s from "@pulumi/kubernetes";
import { platformLabels } from "../../contract/labels";
import { allFlowPolicies, type Endpoint, type Flow, type FlowPolicy } from "../network/flows";
import { podSpec, selectorLabels, serviceMonitorSpec, WorkloadKind, type PodOptions } from "./manifests";

type Container = k8s.types.input.core.v1.Container;
type DeploymentSpec = k8s.types.input.apps.v1.DeploymentSpec;
type ObjectMeta = k8s.types.input.meta.v1.ObjectMeta;
type PersistentVolumeClaim = k8s.types.input.core.v1.PersistentVolumeClaim;
type PodTemplateSpec = k8s.types.input.core.v1.PodTemplateSpec;
type StatefulSetSpec = k8s.types.input.apps.v1.StatefulSetSpec;
type CustomResourceArgs = k8s.apiextensions.CustomResourceArgs;
type NetworkPolicyArgs = k8s.networking.v1.NetworkPolicyArgs;

/** The defaults WorkloadArgs documents, declared once for the component and its argument checks. */
export const WORKLOAD_DEFAULTS = {
    kind: WorkloadKind.deployment as WorkloadKind,
    replicas: 1,
    scratchPaths: ["/tmp"] as readonly string[],
};

/** The volume (and claim template) holding a StatefulSet replica's data. */
export const DATA_VOLUME = "data";

export const PROMETHEUS_OPERATOR_API = "monitoring.coreos.com/v1";

/** A PersistentVolumeClaim per StatefulSet replica. */
export interface StorageSpec {
    readonly mountPath: string;
    readonly size: string;
    readonly storageClassName: string;
    /** @default "ReadWriteOnce" */
    readonly accessMode?: string;
}

/** Metadata of the workload's own objects: its name, its namespace, the managed labels and its selector. */
export function workloadMetadata(
    name: string,
    namespace: string,
    selector: Readonly<Record<string, string>>,
): ObjectMeta {
    return { name, namespace, labels: platformLabels(selector) };
}

/** This workload's pods as a flow endpoint (`namespace/name`). */
export function workloadEndpoint(name: string, namespace: string): Endpoint {
    return { kind: "pods", name: `${namespace}/${name}`, namespaces: [namespace], labels: selectorLabels(name) };
}

export function podTemplate(
    metadata: { labels: Readonly<Record<string, string>>; annotations?: Readonly<Record<string, string>> },
    container: Container,
    options: PodOptions,
): PodTemplateSpec {
    const annotations = metadata.annotations ?? {};
    return {
        metadata: { labels: metadata.labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: podSpec(container, options),
    };
}

export function dataClaimTemplate(storage: StorageSpec): PersistentVolumeClaim {
    return {
        metadata: { name: DATA_VOLUME },
        spec: {
            accessModes: [storage.accessMode ?? "ReadWriteOnce"],
            storageClassName: storage.storageClassName,
            resources: { requests: { storage: storage.size } },
        },
    };
}

export interface ReplicaSetOptions {
    readonly selector: Readonly<Record<string, string>>;
    readonly template: PodTemplateSpec;
    /** Static replica count; leave it out when an HPA owns `spec.replicas`. */
    readonly replicas?: number;
}

/**
 * How a Deployment replaces its pods: `surge` starts a new pod before stopping an old one (never below the desired
 * count); `replace` stops one first, for pods that hold something the cluster has no spare of (a whole GPU, a node
 * of their own), where the surge pod would stay Pending and the rollout never finish.
 */
export const Rollout = { surge: "surge", replace: "replace" } as const;
export type Rollout = (typeof Rollout)[keyof typeof Rollout];

const ROLLING_UPDATE: Readonly<Record<Rollout, { maxSurge: number; maxUnavailable: number }>> = {
    [Rollout.surge]: { maxSurge: 1, maxUnavailable: 0 },
    [Rollout.replace]: { maxSurge: 0, maxUnavailable: 1 },
};

function replicaField(replicas: number | undefined): { replicas?: number } {
    return replicas === undefined ? {} : { replicas };
}

/** Rolls one pod at a time: a surge pod first by default, else one replaced in place. */
export function deploymentSpec(o: ReplicaSetOptions & { readonly rollout?: Rollout }): DeploymentSpec {
    return {
        ...replicaField(o.replicas),
        selector: { matchLabels: { ...o.selector } },
        strategy: { type: "RollingUpdate", rollingUpdate: { ...ROLLING_UPDATE[o.rollout ?? Rollout.surge] } },
        template: o.template,
    };
}

/** A StatefulSet governed by `serviceName`, with a data claim per replica when `storage` is given. */
export function statefulSetSpec(
    o: ReplicaSetOptions & { readonly serviceName: string; readonly storage?: StorageSpec },
): StatefulSetSpec {
    return {
        ...replicaField(o.replicas),
        serviceName: o.serviceName,
        selector: { matchLabels: { ...o.selector } },
        template: o.template,
        ...(o.storage ? { volumeClaimTemplates: [dataClaimTemplate(o.storage)] } : {}),
    };
}

/** A prometheus-operator ServiceMonitor scraping one Service port. */
export function serviceMonitorResource(
    metadata: ObjectMeta,
    selector: Readonly<Record<string, string>>,
    endpoint: { readonly port: string; readonly path?: string; readonly interval?: string },
): CustomResourceArgs {
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "ServiceMonitor",
        metadata,
        spec: serviceMonitorSpec(selector, endpoint),
    };
}

/** The NetworkPolicies for a workload's flows, on both sides of every flow whose pods are in a named namespace. */
export function workloadFlowPolicies(flows: readonly Flow[]): FlowPolicy[] {
    const managed = new Set(
        flows.flatMap((f) => [f.from, f.to]).flatMap((e) => (e.kind === "pods" ? e.namespaces : [])),
    );
    return allFlowPolicies(flows, managed);
}

export function flowPolicyArgs(policy: FlowPolicy): NetworkPolicyArgs {
    return {
        metadata: { name: policy.name, namespace: policy.namespace, labels: platformLabels() },
        spec: policy.spec,
    };
}
