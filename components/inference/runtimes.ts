// How each serving runtime is run: image, command, ports, health endpoints and environment. The inference service
// is the same component for both; only this table differs.
import { INFERENCE_IMAGES } from "../../contract/images-inference";
import type { ImagePin } from "../../contract/pins";
import { SignalKind, type ContainerPortSpec, type Health } from "../workload";
import { MODELS_PATH } from "./model-loader";

export const RuntimeName = { triton: "triton", vllm: "vllm" } as const;
export type RuntimeName = (typeof RuntimeName)[keyof typeof RuntimeName];

/** Port names; the Service, the routes, the probes and the flows refer to them. */
export const PortName = { http: "http", grpc: "grpc", metrics: "metrics" } as const;

export interface RuntimeSpec {
    readonly image: ImagePin;
    /** Ports the container serves; `grpc` only where the runtime speaks it. */
    readonly ports: readonly ContainerPortSpec[];
    /** Where Prometheus scrapes the runtime's own metrics. */
    readonly metrics: { readonly port: number; readonly path: string };
    /** The most models one server loads; vLLM serves exactly one. */
    readonly maxModels: number;
    command(models: readonly string[]): string[];
    health(startupSeconds: number): Health;
    /** Never reach out: no model hub, no usage reports. */
    readonly env: Readonly<Record<string, string>>;
    /** The serving signal a scaler follows, read from the runtime's own metrics. */
    readonly signal: RuntimeSignal;
}

/** A runtime's scaling signal: the query over the service's series (`selector`), its kind and a default target. */
export interface RuntimeSignal {
    readonly kind: SignalKind;
    /** What the target means, for docs and messages. */
    readonly unit: string;
    readonly defaultTarget: number;
    query(selector: string): string;
}

const TRITON_PORTS: readonly ContainerPortSpec[] = [
    { name: PortName.http, port: 8000 },
    { name: PortName.grpc, port: 8001 },
    { name: PortName.metrics, port: 8002 },
];

/**
 * Triton Inference Server. Models load explicitly by name (`--model-control-mode=explicit`), so nothing else under
 * /models (the loaders' `.incoming`) is taken for a model; strict readiness keeps the pod out of the Service until
 * every listed model is ready; summary latencies make the p99 the alerts need (`nv_inference_request_summary_us`).
 */
const TRITON: RuntimeSpec = {
    image: INFERENCE_IMAGES.triton,
    ports: TRITON_PORTS,
    metrics: { port: 8002, path: "/metrics" },
    maxModels: 64,
    command: (models) => [
        "tritonserver",
        `--model-repository=${MODELS_PATH}`,
        "--model-control-mode=explicit",
        ...models.map((m) => `--load-model=${m}`),
        "--strict-readiness=true",
        "--exit-on-error=true",
        "--metrics-config=summary_latencies=true",
    ],
    health: (startupSeconds) => ({
        ready: { http: { path: "/v2/health/ready", port: PortName.http } },
        live: { http: { path: "/v2/health/live", port: PortName.http } },
        startupSeconds,
    }),
    env: {},
    // The average time a request waits for a model instance, over the service. The divisor's floor keeps an idle
    // service at 0 instead of NaN (0 / 0), which the scaler would take for a broken query.
    signal: {
        kind: SignalKind.average,
        unit: "seconds of average queue time",
        defaultTarget: 0.05,
        query: (sel) =>
            `sum(rate(nv_inference_queue_summary_us_sum{${sel}}[2m])) / ` +
            `clamp_min(sum(rate(nv_inference_queue_summary_us_count{${sel}}[2m])), 1e-9) / 1e6`,
    },
};

/**
 * vLLM's OpenAI-compatible server, offline: HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE stop every hub lookup, the
 * model is the loaded directory, served under its configured name; usage statistics are off. /health answers once
 * the engine is up, before that the startup probe waits.
 */
const VLLM: RuntimeSpec = {
    image: INFERENCE_IMAGES.vllm,
    ports: [{ name: PortName.http, port: 8000 }],
    metrics: { port: 8000, path: "/metrics" },
    maxModels: 1,
    command: ([model]) => [
        "vllm",
        "serve",
        `${MODELS_PATH}/${model}`,
        `--served-model-name=${model}`,
        "--host=0.0.0.0",
        "--port=8000",
    ],
    health: (startupSeconds) => ({
        ready: { http: { path: "/health", port: PortName.http } },
        live: { http: { path: "/health", port: PortName.http } },
        startupSeconds,
    }),
    env: {
        HF_HUB_OFFLINE: "1",
        TRANSFORMERS_OFFLINE: "1",
        HF_HOME: "/tmp/huggingface",
        VLLM_NO_USAGE_STATS: "1",
        DO_NOT_TRACK: "1",
        HOME: "/tmp",
    },
    // Requests the engine has accepted but not yet scheduled: a total the pods share.
    signal: {
        kind: SignalKind.total,
        unit: "waiting requests per pod",
        defaultTarget: 4,
        query: (sel) => `sum(vllm:num_requests_waiting{${sel}})`,
    },
};

export const RUNTIMES: Readonly<Record<RuntimeName, RuntimeSpec>> = { triton: TRITON, vllm: VLLM };
