import type { PolicyResource } from "@pulumi/policy";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { K8sType } from "../../contract/k8s-types";
import { WORKLOAD_CLASS_LABEL, WorkloadClass } from "../../contract/labels";
import { append } from "../../contract/group";
import { kindOf } from "../../contract/objects";

/** Every HPA version the SDK can declare: the controller acts on all of them, so all of them scale a target. */
export const HPA_TYPES: readonly string[] = [K8sType.hpa, K8sType.hpaV1, K8sType.hpaV2beta2, K8sType.hpaV2beta1];

/** The kinds whose replica count an HPA or the profile minimum governs (DaemonSets, Jobs, CronJobs are not). */
export const SCALABLE_TYPES: readonly string[] = [K8sType.deployment, K8sType.statefulSet];

const TYPE_OF_KIND: Readonly<Record<string, string>> = {
    Deployment: K8sType.deployment,
    StatefulSet: K8sType.statefulSet,
};

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

/** The declared Deployments and StatefulSets an HPA's scaleTargetRef names (same namespace). */
export function targetsOf(hpa: PolicyResource, workloads: readonly PolicyResource[]): PolicyResource[] {
    const ref: Props = hpa.props.spec?.scaleTargetRef ?? {};
    const type = TYPE_OF_KIND[ref.kind];
    const namespace = metadataNamespace(hpa.props);
    return workloads.filter(
        (w) => w.type === type && metadataName(w.props) === ref.name && metadataNamespace(w.props) === namespace,
    );
}

/** An HPA's effective minReplicas: the API server defaults an absent one to 1. */
export function hpaMinReplicas(hpa: { props: Props }): number {
    return hpa.props.spec?.minReplicas ?? 1;
}

/** The replica count availability is judged on, and where it comes from (for messages). */
export interface ReplicaCount {
    readonly count: number;
    /** `spec.replicas`, `spec.replicas not set`, or `minReplicas of HorizontalPodAutoscaler "ns/name"`. */
    readonly source: string;
}

/**
 * The replicas a workload is guaranteed: the smallest minReplicas among the HPAs that scale it (the HPA owns
 * the count then), else spec.replicas, which the API server defaults to 1.
 */
export function effectiveReplicas(workload: PolicyResource, hpas: readonly PolicyResource[]): ReplicaCount {
    if (hpas.length > 0) {
        const [lowest] = [...hpas].sort((a, b) => hpaMinReplicas(a) - hpaMinReplicas(b));
        const declared = lowest.props.spec?.minReplicas !== undefined;
        return {
            count: hpaMinReplicas(lowest),
            source: `minReplicas${declared ? "" : " not set"} of ${describeResource(lowest)}`,
        };
    }
    const replicas = workload.props.spec?.replicas;
    return replicas === undefined
        ? { count: 1, source: "spec.replicas not set" }
        : { count: replicas, source: "spec.replicas" };
}

/** A Deployment or StatefulSet with the HPAs that scale it and the replicas it is guaranteed. */
export interface ScaledWorkload {
    readonly resource: PolicyResource;
    readonly hpas: readonly PolicyResource[];
    readonly replicas: ReplicaCount;
}

/** Every declared Deployment and StatefulSet, matched to the HPAs that target it. */
export function scaledWorkloads(resources: readonly PolicyResource[]): ScaledWorkload[] {
    const workloads = resources.filter((r) => SCALABLE_TYPES.includes(r.type));
    const hpas = resources.filter((r) => HPA_TYPES.includes(r.type));
    // Workloads by type, namespace and name, so each HPA looks at the few its scaleTargetRef can name (testing
    // every HPA against every workload is quadratic once tenants bring workloads); lists keep HPA order.
    const key = (type: unknown, namespace: unknown, name: unknown) => `${type}\u0000${namespace}\u0000${name}`;
    const named = new Map<string, PolicyResource[]>();
    for (const w of workloads) {
        const k = key(w.type, metadataNamespace(w.props), metadataName(w.props));
        append(named, k, w);
    }
    const scalers = new Map<PolicyResource, PolicyResource[]>();
    for (const hpa of hpas) {
        const ref: Props = hpa.props.spec?.scaleTargetRef ?? {};
        const candidates = named.get(key(TYPE_OF_KIND[ref.kind], metadataNamespace(hpa.props), ref.name)) ?? [];
        for (const target of targetsOf(hpa, candidates)) {
            append(scalers, target, hpa);
        }
    }
    return workloads.map((resource) => {
        const scaling = scalers.get(resource) ?? [];
        return { resource, hpas: scaling, replicas: effectiveReplicas(resource, scaling) };
    });
}

/** `3 replicas (spec.replicas)`, for messages. */
export function describeReplicas(replicas: ReplicaCount): string {
    return `${plural(replicas.count, "replica")} (${replicas.source})`;
}
