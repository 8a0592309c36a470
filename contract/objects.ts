// What a declared resource really is, decided by the Kubernetes object it sends (apiVersion/kind), not by the
// Pulumi type token alone: the provider can declare the same object several ways, and every rule, the footprint and
// the render must judge them the same.
import { K8sType } from "./k8s-types";
import { field, valueAt } from "./json";

const PROVIDER = "kubernetes:";

/**
 * The type token of the object a resource declares: `kubernetes:<group or core>/<version>:<Kind>` from its
 * apiVersion and kind when it sends them, else its own token with a `Patch` suffix removed. So
 * `apiextensions.CustomResource` with `apiVersion: v1, kind: Pod` (token `kubernetes:v1:Pod`) and `core.v1.PodPatch`
 * are both `kubernetes:core/v1:Pod`. Tokens outside the Kubernetes provider, and the provider's own components
 * (Helm charts, YAML groups, which send no kind), are returned unchanged.
 */
export function objectType(type: string, props: unknown): string {
    if (!type.startsWith(PROVIDER)) {
        return type;
    }
    const apiVersion = field(props, "apiVersion");
    const kind = field(props, "kind");
    if (typeof apiVersion === "string" && typeof kind === "string" && apiVersion !== "" && kind !== "") {
        return `${PROVIDER}${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
    }
    return type.endsWith("Patch") ? type.slice(0, -"Patch".length) : type;
}

/** The kind in a type token: `kubernetes:apps/v1:Deployment` → `Deployment`. */
export function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/** Whether the resource is a server-side-apply Patch: it sets only some fields of an object declared elsewhere. */
export function isPatch(type: string): boolean {
    return type.startsWith(PROVIDER) && type.endsWith("Patch");
}

/** Where each pod-bearing kind keeps its pod spec, by object type (see objectType). */
export const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
    [K8sType.pod]: "spec",
    [K8sType.deployment]: "spec.template.spec",
    [K8sType.statefulSet]: "spec.template.spec",
    [K8sType.daemonSet]: "spec.template.spec",
    [K8sType.replicaSet]: "spec.template.spec",
    [K8sType.replicationController]: "spec.template.spec",
    [K8sType.job]: "spec.template.spec",
    [K8sType.cronJob]: "spec.jobTemplate.spec.template.spec",
};

/** The object types that run pods. */
export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** Kinds whose pod count is spec.replicas (or an HPA's bounds). */
export const REPLICATED_TYPES: readonly string[] = [
    K8sType.deployment,
    K8sType.statefulSet,
    K8sType.replicaSet,
    K8sType.replicationController,
];

/** The pod spec of an object of `type` (an object type), or undefined for other kinds or a spec not declared. */
export function podSpecAt(type: string, props: unknown): unknown {
    const path = POD_SPEC_PATHS[type];
    return path === undefined ? undefined : valueAt(props, path);
}
