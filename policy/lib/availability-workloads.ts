import type { PolicyResource } from "@pulumi/policy";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { HPA_TYPES, K8sType, SCALER_FIELDS, SCALER_TYPES } from "../../contract/k8s-types";
import { WORKLOAD_CLASS_LABEL, WorkloadClass } from "../../contract/labels";
import { append } from "../../contract/group";
import { kindOf } from "../../contract/objects";

export { HPA_TYPES, SCALER_TYPES };

/** The kinds whose replica count an autoscaler or the profile minimum governs (DaemonSets, Jobs, CronJobs are not). */
export const SCALABLE_TYPES: readonly string[] = [K8sType.deployment, K8sType.statefulSet];

/** What a message needs to name a resource; both PolicyResource and ResourceValidationArgs have it. */
export interface Named {
    readonly type: string;
    readonly name: string;
    readonly props: Props;
}

/** `kubernetes:autoscaling/v2beta2:HorizontalPodAutoscaler` → `autoscaling/v2beta2`; core kinds → `v1`. */
export function apiVersionOf(type: string): string {
    const groupVersion = type.split(":")[1] ?? "";
    return groupVersion.replace(/^core\//, "");
}

/** `Deployment "apps/web"`, the way kubectl names objects; the Pulumi name stands in for an auto-named one. */
export function describeResource(r: Named): string {
    return `${kindOf(r.type)} "${metadataNamespace(r.props)}/${metadataName(r.props) ?? r.name}"`;
}

export function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function templateLabels(props: Props): Record<string, string> {
    return props.spec?.template?.metadata?.labels ?? {};
}

function label(props: Props, key: string): string | undefined {
    return props.metadata?.labels?.[key] ?? templateLabels(props)[key];
}

/** The workload's class label, else its kind's default (see WORKLOAD_CLASS_LABEL). */
export function workloadClass(type: string, props: Props): string {
    const declared = label(props, WORKLOAD_CLASS_LABEL);
    if (declared !== undefined) {
        return declared;
    }
    if (type !== K8sType.statefulSet) {
        return WorkloadClass.stateless;
    }
    return label(props, "app.kubernetes.io/component") === "database" ? WorkloadClass.quorum : WorkloadClass.ha;
}

/** One bound of an autoscaler: its value (defaulted as the API does), its field, and whether the field is set. */
export interface ScalerBound {
    readonly value: number;
    readonly field: string;
    readonly declared: boolean;
}

/** An autoscaler's bounds; `floor` is what it guarantees: its idle count when it sets one, else its minimum. */
export interface ScalerBounds {
    readonly min: ScalerBound;
    /** Undefined when an HPA leaves out the required maxReplicas (named by maxField). */
    readonly max: ScalerBound | undefined;
    readonly maxField: string;
    readonly floor: ScalerBound;
    /** The lowest minimum the API accepts. */
    readonly minAllowed: number;
}

function bound(spec: Props, field: string, fallback: number): ScalerBound;
function bound(spec: Props, field: string, fallback: number | undefined): ScalerBound | undefined;
function bound(spec: Props, field: string, fallback: number | undefined): ScalerBound | undefined {
    const value = spec[field];
    if (value !== undefined && value !== null) {
        return { value, field, declared: true };
    }
    return fallback === undefined ? undefined : { value: fallback, field, declared: false };
}

/** The bounds of an HPA or a ScaledObject (see SCALER_FIELDS), or undefined for other types. */
export function scalerBounds(scaler: { type: string; props: Props }): ScalerBounds | undefined {
    const fields = SCALER_FIELDS[scaler.type];
    if (fields === undefined) {
        return undefined;
    }
    const spec: Props = scaler.props.spec ?? {};
    const min = bound(spec, fields.minField, fields.minDefault);
    const idle = fields.idleField === undefined ? undefined : bound(spec, fields.idleField, undefined);
    return {
        min,
        max: bound(spec, fields.maxField, fields.maxDefault),
        maxField: fields.maxField,
        floor: idle !== undefined && idle.value < min.value ? idle : min,
        minAllowed: fields.minAllowed,
    };
}

/** What an autoscaler's scaleTargetRef names, with its API's defaults filled in, and the autoscaler's namespace. */
interface ScaleTarget {
    /** Undefined where an HPA leaves the apiVersion out: then the kind alone decides. */
    readonly apiVersion: string | undefined;
    readonly kind: unknown;
    readonly name: unknown;
    readonly namespace: string;
}

function scaleTargetOf(scaler: { type: string; props: Props }): ScaleTarget {
    const ref: Props = scaler.props.spec?.scaleTargetRef ?? {};
    const defaults = SCALER_FIELDS[scaler.type]?.targetDefaults;
    return {
        apiVersion: ref.apiVersion ?? defaults?.apiVersion,
        kind: ref.kind ?? defaults?.kind,
        name: ref.name,
        namespace: metadataNamespace(scaler.props),
    };
}

/** Whether an autoscaler targets the workload: same namespace, scaleTargetRef kind, name and (if given) apiVersion. */
export function scales(
    scaler: { type: string; props: Props },
    workload: { type: string; name: string | undefined; namespace: string },
): boolean {
    const target = scaleTargetOf(scaler);
    return (
        target.namespace === workload.namespace &&
        target.kind === kindOf(workload.type) &&
        target.name === workload.name &&
        (target.apiVersion === undefined || target.apiVersion === apiVersionOf(workload.type))
    );
}

function identity(w: PolicyResource): { type: string; name: string | undefined; namespace: string } {
    return { type: w.type, name: metadataName(w.props), namespace: metadataNamespace(w.props) };
}

/** The declared Deployments and StatefulSets an autoscaler's scaleTargetRef names (same namespace). */
export function targetsOf(scaler: PolicyResource, workloads: readonly PolicyResource[]): PolicyResource[] {
    return workloads.filter((w) => scales(scaler, identity(w)));
}

/** The replica count availability is judged on, and where it comes from (for messages). */
export interface ReplicaCount {
    readonly count: number;
    /**
     * `spec.replicas`, `spec.replicas not set`, `minReplicas of HorizontalPodAutoscaler "ns/name"`,
     * `minReplicaCount not set of ScaledObject "ns/name"` or `idleReplicaCount of ScaledObject "ns/name"`.
     */
    readonly source: string;
}

/**
 * The replicas a workload is guaranteed: the lowest floor among the autoscalers that scale it (they own the count
 * then), else spec.replicas, which the API server defaults to 1.
 */
export function effectiveReplicas(workload: PolicyResource, scalers: readonly PolicyResource[]): ReplicaCount {
    const floors = scalers.flatMap((scaler) => {
        const bounds = scalerBounds(scaler);
        return bounds === undefined ? [] : [{ scaler, floor: bounds.floor }];
    });
    if (floors.length > 0) {
        const [{ scaler, floor }] = floors.sort((a, b) => a.floor.value - b.floor.value);
        return {
            count: floor.value,
            source: `${floor.field}${floor.declared ? "" : " not set"} of ${describeResource(scaler)}`,
        };
    }
    const replicas = workload.props.spec?.replicas;
    return replicas === undefined
        ? { count: 1, source: "spec.replicas not set" }
        : { count: replicas, source: "spec.replicas" };
}

/** A Deployment or StatefulSet with the autoscalers (HPAs, ScaledObjects) that scale it and its guaranteed replicas. */
export interface ScaledWorkload {
    readonly resource: PolicyResource;
    readonly scalers: readonly PolicyResource[];
    readonly replicas: ReplicaCount;
}

/** Every declared Deployment and StatefulSet, matched to the HPAs and ScaledObjects that target it. */
export function scaledWorkloads(resources: readonly PolicyResource[]): ScaledWorkload[] {
    const workloads = resources.filter((r) => SCALABLE_TYPES.includes(r.type));
    const scalerList = resources.filter((r) => SCALER_TYPES.includes(r.type));
    // Workloads by kind, namespace and name, so each autoscaler looks at the few its scaleTargetRef can name
    // (testing every one against every workload is quadratic once tenants bring workloads); lists keep their order.
    const key = (kind: unknown, namespace: unknown, name: unknown) => `${kind}\u0000${namespace}\u0000${name}`;
    const named = new Map<string, PolicyResource[]>();
    for (const w of workloads) {
        append(named, key(kindOf(w.type), metadataNamespace(w.props), metadataName(w.props)), w);
    }
    const byTarget = new Map<PolicyResource, PolicyResource[]>();
    for (const scaler of scalerList) {
        const target = scaleTargetOf(scaler);
        for (const w of targetsOf(scaler, named.get(key(target.kind, target.namespace, target.name)) ?? [])) {
            append(byTarget, w, scaler);
        }
    }
    return workloads.map((resource) => {
        const scalers = byTarget.get(resource) ?? [];
        return { resource, scalers, replicas: effectiveReplicas(resource, scalers) };
    });
}

/** `3 replicas (spec.replicas)`, for messages. */
export function describeReplicas(replicas: ReplicaCount): string {
    return `${plural(replicas.count, "replica")} (${replicas.source})`;
}
