// KEDA facts the inference area, the workload building block and the policy pack share (the operator's pin is in
// contract/charts-inference.ts).

/** Where the KEDA operator, its metrics API server and its admission webhooks run. */
export const KEDA_NAMESPACE = "keda";

/** The group and version of KEDA's ScaledObject and TriggerAuthentication (schemas in ../shared/crds/keda). */
export const KEDA_API_VERSION = "keda.sh/v1alpha1";
