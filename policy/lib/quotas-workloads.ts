import type { PolicyResource } from "@pulumi/policy";
import { schedulableNodes, type Inventory } from "./quotas-inventory";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { podSpecOf, WORKLOAD_TYPES } from "./workloads";
import { kindOf, REPLICATED_TYPES } from "../../contract/objects";
import { HPA_TYPES, K8sType, SCALER_TYPES } from "../../contract/k8s-types";
import { scalerBounds, scales } from "./availability-workloads";
import { byCodePoint } from "../../contract/order";

export interface Workload {
    readonly resource: PolicyResource;
    readonly kind: string;
    readonly name: string;
    readonly namespace: string;
    readonly podSpec: Props;
}

/**
 * Every declared workload with a pod spec, in the order the quota rules admit them: by namespace, then
 * metadata.name, then kind, then urn. Name order (not declaration order) keeps reports stable when code moves.
 */
export function workloadsOf(resources: readonly PolicyResource[]): Workload[] {
    return resources
        .filter((r) => WORKLOAD_TYPES.includes(r.type))
        .flatMap((r) => {
            const podSpec = podSpecOf(r.type, r.props);
            return podSpec === undefined
                ? []
                : [
                      {
                          resource: r,
                          kind: kindOf(r.type),
                          name: metadataName(r.props) ?? r.name,
                          namespace: metadataNamespace(r.props),
                          podSpec,
                      },
                  ];
        })
        .sort(
            (a, b) =>
                byCodePoint(a.namespace, b.namespace) ||
                byCodePoint(a.name, b.name) ||
                byCodePoint(a.kind, b.kind) ||
                byCodePoint(a.resource.urn, b.resource.urn),
        );
}

/** How many pods a workload runs at most, and why. */
export interface PodCount {
    readonly pods: number;
    readonly basis: string;
}

export interface ReplicaContext {
    /** The HPAs and ScaledObjects of the stack. */
    readonly scalers: readonly PolicyResource[];
    readonly inventory?: Inventory;
}

export function replicaContext(resources: readonly PolicyResource[], inventory?: Inventory): ReplicaContext {
    return { scalers: resources.filter((r) => SCALER_TYPES.includes(r.type)), inventory };
}

/** `HPA "web" maxReplicas`, `ScaledObject "triton" maxReplicaCount`. */
function scalerBasis(scaler: PolicyResource, field: string): string {
    const kind = HPA_TYPES.includes(scaler.type) ? "HPA" : kindOf(scaler.type);
    return `${kind} "${metadataName(scaler.props) ?? scaler.name}" ${field}`;
}

/** The autoscaler of a workload with the largest maximum (KEDA defaults maxReplicaCount to 100). */
function largestScaler(
    type: string,
    workload: { name: string; namespace: string },
    scalers: readonly PolicyResource[],
) {
    return scalers
        .filter((s) => scales(s, { type, ...workload }))
        .flatMap((s) => {
            const bounds = scalerBounds(s);
            const max = Number(bounds?.max?.value ?? 1);
            return bounds === undefined ? [] : [{ max, basis: scalerBasis(s, bounds.maxField) }];
        })
        .sort((a, b) => b.max - a.max || byCodePoint(a.basis, b.basis))[0];
}

/** Replicas of a scalable kind: its autoscaler's maximum when one targets it, else spec.replicas (default 1). */
export function scaledReplicas(
    type: string,
    props: Props,
    workload: { name: string; namespace: string },
    scalers: readonly PolicyResource[],
): PodCount {
    const scaler = REPLICATED_TYPES.includes(type) ? largestScaler(type, workload, scalers) : undefined;
    if (scaler !== undefined) {
        return { pods: scaler.max, basis: scaler.basis };
    }
    return { pods: Number(props.spec?.replicas ?? 1), basis: "replicas" };
}

/** Jobs run min(parallelism, completions) pods at once; both default to 1. */
function jobPods(jobSpec: Props | undefined): number {
    const parallelism = Number(jobSpec?.parallelism ?? 1);
    const completions = jobSpec?.completions;
    return completions === undefined || completions === null ? parallelism : Math.min(parallelism, Number(completions));
}

/**
 * The most pods a workload runs: its HPA's maxReplicas or ScaledObject's maxReplicaCount for an autoscaled
 * Deployment/StatefulSet/ReplicaSet, else spec.replicas; a DaemonSet one per schedulable node of the inventory (1
 * without one); a Job or CronJob its parallelism (capped by completions); a Pod 1.
 */
export function podCount(workload: Workload, context: ReplicaContext): PodCount {
    const { type, props } = workload.resource;
    switch (type) {
        case K8sType.pod:
            return { pods: 1, basis: "pod" };
        case K8sType.daemonSet: {
            const nodes = schedulableNodes(context.inventory);
            return nodes === undefined
                ? { pods: 1, basis: "one node assumed without an inventory" }
                : { pods: nodes.length, basis: "one per schedulable node" };
        }
        case K8sType.job:
            return { pods: jobPods(props.spec), basis: "parallelism" };
        case K8sType.cronJob:
            return { pods: jobPods(props.spec?.jobTemplate?.spec), basis: "parallelism" };
        default:
            return scaledReplicas(type, props, workload, context.scalers);
    }
}

/** `Deployment "web" (3 pods, HPA "web" maxReplicas)`, for messages. */
export function describeWorkload(workload: Workload, count: PodCount): string {
    const pods = `${count.pods} pod${count.pods === 1 ? "" : "s"}`;
    return `${workload.kind} "${workload.name}" (${count.basis === "pod" ? pods : `${pods}, ${count.basis}`})`;
}
