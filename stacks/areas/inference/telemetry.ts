import { DCGM_EXPORTER_PORT, dcgmExporterPodLabels } from "../../../components/inference/gpu-operator-manifests";
import { RUNTIMES, type RuntimeName } from "../../../components/inference/runtimes";
import {
    Severity,
    telemetry,
    type AlertRule,
    type MetricsTarget,
    type Telemetry,
} from "../../../components/observability/telemetry";
import { GPU_OPERATOR_NAMESPACE } from "../../../contract/gpu";

/** One inference service as its telemetry sees it: where its pods are and the bounds its alerts hold. */
export interface InferenceServiceTelemetry {
    readonly name: string;
    readonly namespace: string;
    readonly runtime: RuntimeName;
    /** The labels of its pods (the workload's selector); the runtime's metrics port and path come from RUNTIMES. */
    readonly podLabels: Readonly<Record<string, string>>;
    /** p99 request latency above which InferenceHighLatency fires. */
    readonly latencyP99Seconds: number;
    /** Average queue time above which InferenceHighQueueTime fires. */
    readonly maxQueueSeconds: number;
}

/** What the inference area's telemetry is built from; the area maps its config to it. */
export interface InferenceTelemetryParams {
    /** The nodes cluster.nodes declares with GPUs, and how many each has: GpuMissing holds the count. */
    readonly gpuNodes: readonly { readonly name: string; readonly gpus: number }[];
    readonly services: readonly InferenceServiceTelemetry[];
}

/** The target (PodMonitor) of the GPU Operator's DCGM exporter, in GPU_OPERATOR_NAMESPACE. */
export const DCGM_TARGET = "dcgm-exporter";

/** Every service's target is `inference-<service>`: a prefix the dashboard's queries select on. */
export const SERVICE_TARGET_PREFIX = "inference-";

/** The target (PodMonitor) name of an inference service. */
export function serviceTargetName(service: string): string {
    return `${SERVICE_TARGET_PREFIX}${service}`;
}

/** The DCGM exporter's metrics the rules and dashboards/inference.json read (etc/dcp-metrics-included.csv). */
export const DCGM_METRICS: readonly string[] = [
    "DCGM_FI_DEV_GPU_UTIL",
    "DCGM_FI_DEV_FB_USED",
    "DCGM_FI_DEV_FB_FREE",
    "DCGM_FI_DEV_XID_ERRORS",
];

/**
 * The metrics each runtime's target declares. Triton's counters carry no `_total`; its latency summaries need
 * `--metrics-config=summary_latencies=true` (RUNTIMES.triton passes it), and `nv_inference_request_failure` has a
 * `reason`. vLLM's engine metrics (`vllm:`) count requests that reached the engine; `http_requests_total` (its API
 * server's prometheus-fastapi-instrumentator, `status` grouped as `2xx`…`5xx`) counts the ones that failed before.
 * The dashboard shows both runtimes, so it reads all of them whichever a stack runs.
 */
export const SERVING_METRICS: Readonly<Record<RuntimeName, readonly string[]>> = {
    triton: [
        "nv_inference_request_success",
        "nv_inference_request_failure",
        "nv_inference_request_summary_us",
        "nv_inference_queue_summary_us_sum",
        "nv_inference_queue_summary_us_count",
        "nv_inference_pending_request_count",
    ],
    vllm: [
        "vllm:request_success_total",
        "vllm:e2e_request_latency_seconds_bucket",
        "vllm:request_queue_time_seconds_sum",
        "vllm:request_queue_time_seconds_count",
        "vllm:num_requests_waiting",
        "http_requests_total",
    ],
};

/**
 * XIDs a faulting application raises rather than the GPU (13 graphics engine exception, 31 memory page fault, 43
 * stopped processing, 45 preemptive cleanup): the dashboard shows them; they do not page.
 */
export const APPLICATION_XIDS: readonly number[] = [13, 31, 43, 45];

/** The `job` label Prometheus gives a PodMonitor's series: `<namespace>/<name>`. */
function job(namespace: string, target: string): string {
    return `${namespace}/${target}`;
}

const DCGM_AT = `job="${job(GPU_OPERATOR_NAMESPACE, DCGM_TARGET)}"`;

/**
 * A DCGM expression with a `node` label copied from the exporter's node label. The exporter sets it from NODE_NAME
 * (the pod's `spec.nodeName`, which the operator passes), but renamed it from `Hostname` to `hostname` in May 2026
 * (dcgm-exporter #655): taking either keeps the rules right across the operator's exporter pins.
 */
function byNode(expr: string): string {
    const hostname = `label_replace(${expr}, "node", "$1", "Hostname", "(.+)")`;
    return `label_replace(${hostname}, "node", "$1", "hostname", "(.+)")`;
}

/** GPU rules: saturation, framebuffer memory, XIDs, and (with declared GPU nodes) a GPU the exporter does not see. */
function gpuRules(gpuNodes: InferenceTelemetryParams["gpuNodes"]): AlertRule[] {
    const used = `DCGM_FI_DEV_FB_USED{${DCGM_AT}}`;
    const rules: AlertRule[] = [
        {
            alert: "GpuSaturated",
            expr: byNode(`avg_over_time(DCGM_FI_DEV_GPU_UTIL{${DCGM_AT}}[10m]) > 95`),
            for: "20m",
            severity: Severity.warning,
            summary: "GPU {{ $labels.gpu }} on {{ $labels.node }} has been over 95 % busy for 30 minutes",
            description:
                "Its average utilisation over 10 minutes is {{ $value }} %: requests queue behind it and latency grows.",
            runbook: "gpu-saturated",
        },
        {
            alert: "GpuMemoryNearlyFull",
            expr: byNode(`${used} / (${used} + DCGM_FI_DEV_FB_FREE{${DCGM_AT}}) > 0.95`),
            for: "15m",
            severity: Severity.warning,
            summary: "GPU {{ $labels.gpu }} on {{ $labels.node }} has less than 5 % of its memory free",
            description:
                "{{ $value | humanizePercentage }} of its framebuffer is used, more than a runtime takes up front (vLLM 90 %): the next model or batch fails with out-of-memory.",
            runbook: "gpu-memory-nearly-full",
        },
        {
            alert: "GpuXidError",
            expr: byNode(`DCGM_FI_DEV_XID_ERRORS{${DCGM_AT}, err_code!~"${APPLICATION_XIDS.join("|")}"} > 0`),
            for: "1m",
            severity: Severity.critical,
            summary: "GPU {{ $labels.gpu }} on {{ $labels.node }} reported XID {{ $labels.err_code }}",
            description:
                'The driver reported "{{ $labels.err_msg }}": a hardware, driver or bus fault, not an application\'s. It stays reported until the GPU is reset.',
            runbook: "gpu-xid-error",
        },
    ];
    if (gpuNodes.length > 0) {
        // One series per declared node with its GPU count; nodes without any exporter series count as 0.
        const declared = gpuNodes
            .map((n) => `label_replace(vector(${n.gpus}), "node", "${n.name}", "", "")`)
            .join(" or ");
        const seen = `count by (node) (${byNode(`DCGM_FI_DEV_GPU_UTIL{${DCGM_AT}}`)})`;
        rules.push({
            alert: "GpuMissing",
            expr: `(${declared}) - on (node) (${seen} or (${declared}) * 0) > 0`,
            for: "10m",
            severity: Severity.critical,
            summary: "{{ $labels.node }} shows {{ $value }} fewer GPUs than cluster.nodes declares",
            description: `The DCGM exporter reports fewer GPUs on the node than declared (${gpuNodes
                .map((n) => `${n.name}: ${n.gpus}`)
                .join(", ")}): a GPU fell off the bus or lost its driver, or the exporter does not run there.`,
            runbook: "gpu-missing",
        });
    }
    return rules;
}

/** A service's series: its namespace and its target's job (the rules' and the scaler's selector). */
export function servingSeries(namespace: string, service: string): string {
    return `namespace="${namespace}", job="${job(namespace, serviceTargetName(service))}"`;
}

function at(service: InferenceServiceTelemetry): string {
    return servingSeries(service.namespace, service.name);
}

/** One rule's condition per runtime, given the service's selector and bound. */
type Condition = (sel: string, bound: number) => string;

const P99: Record<RuntimeName, Condition> = {
    // A summary's quantiles cannot be merged across pods: the worst pod's stands for the service.
    triton: (sel, bound) =>
        `max by (namespace, model) (nv_inference_request_summary_us{${sel}, quantile="0.99"}) / 1e6 > ${bound}`,
    vllm: (sel, bound) =>
        `histogram_quantile(0.99, sum by (namespace, le) (rate(vllm:e2e_request_latency_seconds_bucket{${sel}}[5m]))) > ${bound}`,
};

const ERROR_RATIO: Record<RuntimeName, Condition> = {
    // Requests the client cancelled are not the server's failures.
    triton: (sel, bound) =>
        `sum by (namespace) (rate(nv_inference_request_failure{${sel}, reason!="CANCELED"}[5m])) / ` +
        `(sum by (namespace) (rate(nv_inference_request_success{${sel}}[5m])) + ` +
        `sum by (namespace) (rate(nv_inference_request_failure{${sel}}[5m]))) > ${bound}`,
    vllm: (sel, bound) =>
        `sum by (namespace) (rate(http_requests_total{${sel}, status="5xx"}[5m])) / ` +
        `sum by (namespace) (rate(http_requests_total{${sel}}[5m])) > ${bound}`,
};

const QUEUE: Record<RuntimeName, Condition> = {
    triton: (sel, bound) =>
        `sum by (namespace, model) (rate(nv_inference_queue_summary_us_sum{${sel}}[5m])) / ` +
        `sum by (namespace, model) (rate(nv_inference_queue_summary_us_count{${sel}}[5m])) / 1e6 > ${bound}`,
    vllm: (sel, bound) =>
        `sum by (namespace) (rate(vllm:request_queue_time_seconds_sum{${sel}}[5m])) / ` +
        `sum by (namespace) (rate(vllm:request_queue_time_seconds_count{${sel}}[5m])) > ${bound}`,
};

/** The services' conditions as one expression, each branch labelled `service` (so `or` keeps them all). */
function perService(
    services: readonly InferenceServiceTelemetry[],
    condition: Record<RuntimeName, Condition>,
    bound: (s: InferenceServiceTelemetry) => number,
): string {
    return services
        .map((s) => `label_replace(${condition[s.runtime](at(s), bound(s))}, "service", "${s.name}", "", "")`)
        .join(" or ");
}

/** `triton 1 s, chat 2 s`: each service's bound, for a description. */
function bounds(services: readonly InferenceServiceTelemetry[], bound: (s: InferenceServiceTelemetry) => number) {
    return services.map((s) => `${s.name} ${bound(s)} s`).join(", ");
}

/** Service rules: p99 latency and average queue time above each service's bound, more than 5 % of requests failing. */
function serviceRules(services: readonly InferenceServiceTelemetry[]): AlertRule[] {
    if (services.length === 0) {
        return [];
    }
    const latency = (s: InferenceServiceTelemetry) => s.latencyP99Seconds;
    const queue = (s: InferenceServiceTelemetry) => s.maxQueueSeconds;
    const where = "{{ $labels.namespace }}/{{ $labels.service }}{{ if $labels.model }} ({{ $labels.model }}){{ end }}";
    return [
        {
            alert: "InferenceHighLatency",
            expr: perService(services, P99, latency),
            for: "10m",
            severity: Severity.warning,
            summary: `The p99 latency of ${where} is {{ $value | humanizeDuration }}, above its bound`,
            description: `Its bounds (inference.services[].latencyP99Seconds): ${bounds(services, latency)}.`,
            runbook: "inference-high-latency",
        },
        {
            alert: "InferenceHighErrorRatio",
            expr: perService(services, ERROR_RATIO, () => 0.05),
            for: "10m",
            severity: Severity.critical,
            summary: "More than 5 % of the requests to {{ $labels.namespace }}/{{ $labels.service }} fail",
            description: "{{ $value | humanizePercentage }} of its requests failed over 5 minutes.",
            runbook: "inference-high-error-ratio",
        },
        {
            alert: "InferenceHighQueueTime",
            expr: perService(services, QUEUE, queue),
            for: "10m",
            severity: Severity.warning,
            summary: `Requests to ${where} wait {{ $value | humanizeDuration }} in its queue on average`,
            description: `Above its bound (inference.services[].maxQueueSeconds: ${bounds(services, queue)}): it needs more replicas or GPUs.`,
            runbook: "inference-high-queue-time",
        },
    ];
}

/** The DCGM exporter's target: the operator's pods on every GPU node (its own ServiceMonitor is off). */
function dcgmTarget(): MetricsTarget {
    return {
        name: DCGM_TARGET,
        namespace: GPU_OPERATOR_NAMESPACE,
        podLabels: dcgmExporterPodLabels(),
        port: DCGM_EXPORTER_PORT,
        metrics: DCGM_METRICS,
    };
}

function serviceTarget(service: InferenceServiceTelemetry): MetricsTarget {
    const { port, path } = RUNTIMES[service.runtime].metrics;
    return {
        name: serviceTargetName(service.name),
        namespace: service.namespace,
        podLabels: service.podLabels,
        port,
        path,
        metrics: SERVING_METRICS[service.runtime],
    };
}

/**
 * The inference area's metrics and alerts: the GPUs through the GPU Operator's DCGM exporter (saturation, memory,
 * XIDs, a declared GPU gone) and each inference service through its runtime's own metrics (p99 latency, error
 * ratio, queue time, each against the service's bounds), with dashboards/inference.json.
 */
export function inferenceTelemetry(params: InferenceTelemetryParams): Telemetry {
    return telemetry({
        targets: [dcgmTarget(), ...params.services.map(serviceTarget)],
        groups: [{ name: "inference", rules: [...gpuRules(params.gpuNodes), ...serviceRules(params.services)] }],
        dashboards: ["inference.json"],
    });
}
