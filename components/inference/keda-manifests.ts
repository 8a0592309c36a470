import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { KEDA_NAMESPACE } from "../../contract/keda";
import { PriorityClassName } from "../../contract/priority-classes";
import { CHARTS, withMirroredRegistries, withPriorityClass } from "../../contract/versions";
import { containerSecurityContext, podSecurityContext } from "../lib/security";
import type { Endpoint, Flow } from "../network/flows";
import { apiServerFlow, nodesEndpoint, podsEndpoint, tcpPorts, type ClusterAddresses } from "../network/system-flows";
import { PROMETHEUS_SERVICE } from "../observability/prometheus-stack-values";
import {
    containerResources,
    podsQuota,
    type BudgetPod,
    type ContainerResources,
    type SystemBudget,
} from "../tenancy/manifests";

/** The Helm release (the chart names its objects after `operator.name` and `webhooks.name`, not the release). */
export const KEDA_RELEASE = "keda";

/**
 * Replicas of each of the three Deployments. The operator elects a leader (Lease `operator.keda.sh`): one replica
 * reconciles and polls the scalers while the other waits, and takes the Lease within its duration when the
 * leader's node goes, instead of the minutes a reschedule and image pull take; more replicas add no throughput
 * (the chart's own note). Of the metrics API servers one serves at a time (the chart's note), so the second only
 * shortens the gap in external metrics, during which the HPAs KEDA created hold their replicas. Both webhooks serve,
 * and with the chart's failurePolicy Ignore a gap only skips validation. Two is also what a real preview holds the
 * chart's Deployments to in prod (the stateless minimum, a budget, node spread); stage's profile would allow one,
 * and the second replicas ask for 110m and 224Mi in all.
 */
export const KEDA_REPLICAS = 2;

/** The pod labels each Deployment selects on (`app: <operator.name>`, `-metrics-apiserver`, `<webhooks.name>`). */
export const KEDA_POD_LABELS = {
    operator: { app: "keda-operator" },
    metricsApiServer: { app: "keda-operator-metrics-apiserver" },
    webhooks: { app: "keda-admission-webhooks" },
} as const;

type Role = keyof typeof KEDA_POD_LABELS;

/** Where the metrics API server listens (`service.portHttpsTarget`; its Service and the APIService use 443). */
export const KEDA_METRICS_APISERVER_PORT = 6443;

/** Where the admission webhooks listen (`webhooks.port`, the chart's 9443 when empty; the Service maps 443). */
export const KEDA_WEBHOOK_PORT = 9443;

/**
 * The operator's gRPC metrics service, which the metrics API server reads every metric from (the `keda-operator`
 * Service's `metricsservice` port; the chart has no value for it).
 */
export const KEDA_OPERATOR_GRPC_PORT = 9666;

/** Services the chart declares: the operator's (gRPC), the metrics API server's and the webhooks'. */
export const KEDA_SERVICES = 3;

const r = containerResources;

/**
 * Requests and limits of the three containers (the chart's 100m/100Mi requests and 1 CPU/1000Mi limits are sized
 * for clusters with thousands of ScaledObjects). The operator caches the ScaledObjects, their targets and HPAs and
 * polls Prometheus for each; the metrics API server is an aggregated API server that holds the OpenAPI spec and
 * relays metrics; the webhooks validate ScaledObjects against a cache of the same. The memory limits leave room for
 * informer resyncs; every cpu limit is named, which the quota's limits.cpu needs.
 */
export const KEDA_RESOURCES = {
    operator: r("50m", "128Mi", "500m", "512Mi"),
    metricsApiServer: r("50m", "64Mi", "500m", "512Mi"),
    webhooks: r("10m", "32Mi", "200m", "256Mi"),
} as const satisfies Record<Role, ContainerResources>;

/**
 * Spreads a Deployment's pods over the nodes, softly: a hard rule would stall a rollout's surge pod on a cluster
 * with as many nodes as replicas, and two copies on one node are only a while less available.
 */
function spreadAcrossNodes(role: Role): Record<string, unknown>[] {
    return [
        {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { ...KEDA_POD_LABELS[role] } },
        },
    ];
}

/**
 * Each component's key in the values' per-component blocks: `metricServer` in resources, the security contexts and
 * the budgets, but `metricsServer` in topologySpreadConstraints.
 */
const KEYS = {
    operator: { block: "operator", spread: "operator" },
    metricsApiServer: { block: "metricServer", spread: "metricsServer" },
    webhooks: { block: "webhooks", spread: "webhooks" },
} as const satisfies Record<Role, { block: string; spread: string }>;

const ROLES = Object.keys(KEYS) as Role[];

/** One per-component block: `{ operator: make("operator"), metricServer: make("metricsApiServer"), ... }`. */
function perComponent(key: "block" | "spread", make: (role: Role) => unknown): Record<string, unknown> {
    return Object.fromEntries(ROLES.map((role) => [KEYS[role][key], make(role)]));
}

/**
 * Helm values for KEDA: its CRDs installed with the chart, every namespace watched, and each of the three
 * Deployments at KEDA_REPLICAS behind a budget that lets a drain stop one at a time, spread over the nodes, with
 * explicit resources and ephemeral storage. Every pod runs as the images' distroless nonroot user (65532) on a
 * read-only root filesystem with no capabilities and the runtime's seccomp profile, so the namespace enforces the
 * restricted level. Narrowed RBAC: the operator and metrics API server read Secrets only in their own namespace
 * (the Prometheus trigger needs no TriggerAuthentication), and scale targets are only Deployments and StatefulSets,
 * so the chart grants no `*` on `*\/scale`. Images through the mirror when set (tags stay the chart's appVersion);
 * pinned tags are pulled only when missing, so a restart does not need the registry.
 */
export function kedaValues(settings: { readonly registryMirror?: string }): Record<string, unknown> {
    const values: Record<string, unknown> = {
        crds: { install: true },
        watchNamespace: "",
        image: { pullPolicy: "IfNotPresent" },
        operator: { replicaCount: KEDA_REPLICAS },
        metricsServer: { enabled: true, replicaCount: KEDA_REPLICAS },
        webhooks: { enabled: true, replicaCount: KEDA_REPLICAS, port: KEDA_WEBHOOK_PORT },
        service: { portHttpsTarget: KEDA_METRICS_APISERVER_PORT },
        resources: perComponent("block", (role) => withEphemeralStorage(KEDA_RESOURCES[role])),
        podSecurityContext: perComponent("block", () => podSecurityContext()),
        securityContext: perComponent("block", () => containerSecurityContext()),
        podDisruptionBudget: perComponent("block", () => ({ maxUnavailable: 1 })),
        topologySpreadConstraints: perComponent("spread", spreadAcrossNodes),
        rbac: { aggregateToDefaultRoles: false, enabledCustomScaledRefKinds: false },
        permissions: {
            operator: { restrict: { secret: true } },
            metricServer: { restrict: { secret: true } },
        },
        enableServiceLinks: false,
    };
    const classed = withPriorityClass(values, CHARTS.keda, PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredRegistries(classed, CHARTS.keda, settings.registryMirror);
}

/** The pods KEDA runs: each Deployment's replicas and a rollout's surge pod (25% rounds up to one). */
export function kedaPods(): BudgetPod[] {
    return ROLES.map((role) => ({ containers: [KEDA_RESOURCES[role]], copies: KEDA_REPLICAS + 1 }));
}

/**
 * KEDA's quota and limits: kedaPods summed, so the quota holds a rollout, and its three Services. Every container
 * is declared, so the LimitRange's defaults apply to nothing the chart runs; its maximum is the largest limit.
 */
export function kedaBudget(): SystemBudget {
    return {
        quota: podsQuota(kedaPods(), KEDA_SERVICES),
        limits: {
            max: { cpu: "500m", memory: "512Mi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "100m", memory: "128Mi" },
            defaultRequest: { cpu: "10m", memory: "32Mi" },
        },
    };
}

/**
 * What KEDA needs on top of default deny: every pod to the API server (the operator reconciles and creates HPAs,
 * the metrics API server delegates authentication, the webhooks read what they validate against), the API server
 * to the metrics API server (the aggregated external metrics API) and to the webhooks, the operator to Prometheus
 * (the scalers' queries), and the metrics API server to the operator's gRPC metrics service.
 */
export function kedaFlows(addresses: ClusterAddresses, prometheus: Endpoint): Flow[] {
    const at = (role: Role) =>
        podsEndpoint(KEDA_NAMESPACE, { ...KEDA_POD_LABELS[role] }, `${KEDA_NAMESPACE}/${KEDA_POD_LABELS[role].app}`);
    const nodes = nodesEndpoint(addresses);
    return [
        apiServerFlow(KEDA_NAMESPACE, addresses),
        {
            name: "nodes-to-keda-metrics-apiserver",
            from: nodes,
            to: at("metricsApiServer"),
            ports: tcpPorts(KEDA_METRICS_APISERVER_PORT),
        },
        {
            name: "nodes-to-keda-admission-webhooks",
            from: nodes,
            to: at("webhooks"),
            ports: tcpPorts(KEDA_WEBHOOK_PORT),
        },
        {
            name: "keda-operator-to-prometheus",
            from: at("operator"),
            to: prometheus,
            ports: tcpPorts(PROMETHEUS_SERVICE.targetPort),
        },
        {
            name: "keda-metrics-apiserver-to-keda-operator",
            from: at("metricsApiServer"),
            to: at("operator"),
            ports: tcpPorts(KEDA_OPERATOR_GRPC_PORT),
        },
    ];
}
