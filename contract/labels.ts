// Labels and annotations the platform reads or writes; each has its one home here.

/** Labels every object the platform creates carries, so ownership is visible in kubectl. */
export const MANAGED_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "platform",
};

export function platformLabels(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...MANAGED_LABELS, ...extra };
}

/** The label Kubernetes sets on every namespace (since 1.22); selectors address namespaces by it. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** The pod label a flow's `namespace/app` endpoint and a Workload's selector use. */
export const APP_LABEL = "app.kubernetes.io/name";

/** Namespaces carrying this label (value "true") may attach routes to the shared Gateway's HTTPS listeners. */
export const GATEWAY_ACCESS_LABEL = "platform.io/gateway-access";

/**
 * A pod-template label (value "true") saying the pods need no network at all: the namespace's default deny is
 * their whole policy, and a NetworkPolicy that opens a flow to them is a mistake.
 */
export const NETWORK_ISOLATED_LABEL = "platform.io/network-isolated";

/** Annotation naming the flow a NetworkPolicy implements. */
export const FLOW_ANNOTATION = "platform.io/flow";

/**
 * The label that names a workload's availability class, on the workload or its pod template. Absent, a
 * Deployment is `stateless`, a StatefulSet `ha` (it holds replicated state, which needs a majority of 3) and a
 * StatefulSet labelled `app.kubernetes.io/component: database` is `quorum`.
 */
export const WORKLOAD_CLASS_LABEL = "platform.io/workload-class";

export const WorkloadClass = {
    stateless: "stateless",
    ha: "ha",
    quorum: "quorum",
} as const;
export type WorkloadClass = (typeof WorkloadClass)[keyof typeof WorkloadClass];
