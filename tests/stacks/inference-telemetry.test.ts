// The inference area's telemetry for a stage-like (one GPU node, Triton) and a prod-like (two GPU nodes, Triton and
// vLLM) platform: its targets, its rules' queries (they parse, read only declared metrics, select only declared
// targets' jobs), their runbook sections, and dashboards/inference.json.
import * as fs from "node:fs";
import { dashboardProblems, readDashboard } from "../../components/observability/dashboards";
import { Severity, type AlertRule, type Telemetry } from "../../components/observability/telemetry";
import { telemetryProblems } from "../../components/observability/telemetry-manifests";
import {
    APPLICATION_XIDS,
    inferenceTelemetry,
    SERVING_METRICS,
    type InferenceServiceTelemetry,
    type InferenceTelemetryParams,
} from "../../stacks/areas/inference/telemetry";
import { metricNames, promqlProblems } from "../helpers/promql";

const TRITON: InferenceServiceTelemetry = {
    name: "triton",
    namespace: "ml",
    runtime: "triton",
    podLabels: { "app.kubernetes.io/name": "triton" },
    latencyP99Seconds: 1,
    maxQueueSeconds: 0.1,
};
const CHAT: InferenceServiceTelemetry = {
    name: "chat",
    namespace: "ml",
    runtime: "vllm",
    podLabels: { "app.kubernetes.io/name": "chat" },
    latencyP99Seconds: 2.5,
    maxQueueSeconds: 0.5,
};

const STAGE: InferenceTelemetryParams = { gpuNodes: [{ name: "gpu1", gpus: 1 }], services: [TRITON] };
const PROD: InferenceTelemetryParams = {
    gpuNodes: [
        { name: "gpu1", gpus: 1 },
        { name: "gpu2", gpus: 2 },
    ],
    services: [TRITON, CHAT],
};

const DCGM_JOB = 'job="gpu-operator/dcgm-exporter"';
/** `label_replace` twice: the exporter's node label is `Hostname` before dcgm-exporter #655 and `hostname` after. */
const byNode = (expr: string) =>
    `label_replace(label_replace(${expr}, "node", "$1", "Hostname", "(.+)"), "node", "$1", "hostname", "(.+)")`;

function rules(t: Telemetry): AlertRule[] {
    return t.groups.flatMap((g) => g.rules);
}

function rule(t: Telemetry, alert: string): AlertRule {
    const found = rules(t).find((r) => r.alert === alert);
    if (found === undefined) {
        throw new Error(`no rule ${alert}`);
    }
    return found;
}

/** Every `job` a query selects: the value of each `job="…"` and `job=~"…"` matcher. */
function jobMatchers(expr: string): { op: string; value: string }[] {
    return [...expr.matchAll(/\bjob\s*(=~|=)\s*"([^"]*)"/g)].map((m) => ({ op: m[1], value: m[2] }));
}

/** The jobs Prometheus gives the targets' series: a PodMonitor's `<namespace>/<name>`. */
function jobs(t: Telemetry): string[] {
    return t.targets.map((target) => `${target.namespace}/${target.name}`);
}

function selectsAJob(matcher: { op: string; value: string }, all: readonly string[]): boolean {
    return matcher.op === "="
        ? all.includes(matcher.value)
        : all.some((j) => new RegExp(`^(?:${matcher.value})$`).test(j));
}

/** The anchors of docs/runbooks.md (its `## <anchor>` headings) and each section's text. */
const RUNBOOKS = new Map(
    fs
        .readFileSync("docs/runbooks.md", "utf8")
        .split(/^## /m)
        .slice(1)
        .map((section) => [section.slice(0, section.indexOf("\n")), section] as const),
);

type Json = Record<string, any>;
const DASHBOARD = JSON.parse(readDashboard("inference.json")) as Json;
const DASHBOARD_EXPRS: string[] = DASHBOARD.panels.flatMap((p: Json) => p.targets.map((t: Json) => t.expr as string));

describe.each([
    ["stage-like", STAGE],
    ["prod-like", PROD],
])("the inference telemetry of a %s platform", (_name, params) => {
    const t = inferenceTelemetry(params);

    it("is valid telemetry: names, namespaces, ports, durations and its dashboard file", () => {
        expect(telemetryProblems(t)).toEqual([]);
        expect(t.dashboards).toEqual(["inference.json"]);
        expect(t.groups.map((g) => g.name)).toEqual(["inference"]);
    });

    it("scrapes the DCGM exporter and every service on its runtime's metrics port", () => {
        expect(t.targets[0]).toEqual({
            name: "dcgm-exporter",
            namespace: "gpu-operator",
            podLabels: { app: "nvidia-dcgm-exporter" },
            port: 9400,
            metrics: ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_XID_ERRORS"],
        });
        expect(
            t.targets
                .slice(1)
                .map(({ name, namespace, podLabels, port, path }) => ({ name, namespace, podLabels, port, path })),
        ).toEqual(
            params.services.map((s) => ({
                name: `inference-${s.name}`,
                namespace: "ml",
                podLabels: { "app.kubernetes.io/name": s.name },
                port: s.runtime === "triton" ? 8002 : 8000,
                path: "/metrics",
            })),
        );
        expect(t.targets.slice(1).map((target) => target.metrics)).toEqual(
            params.services.map((s) => SERVING_METRICS[s.runtime]),
        );
    });

    it("alerts on the GPUs and on every service, each with a severity Alertmanager routes on", () => {
        expect(rules(t).map((r) => [r.alert, r.severity, r.for])).toEqual([
            ["GpuSaturated", Severity.warning, "20m"],
            ["GpuMemoryNearlyFull", Severity.warning, "15m"],
            ["GpuXidError", Severity.critical, "1m"],
            ["GpuMissing", Severity.critical, "10m"],
            ["InferenceHighLatency", Severity.warning, "10m"],
            ["InferenceHighErrorRatio", Severity.critical, "10m"],
            ["InferenceHighQueueTime", Severity.warning, "10m"],
        ]);
    });

    it("has rules whose queries parse", () => {
        for (const r of rules(t)) {
            expect([r.alert, promqlProblems(r.expr)]).toEqual([r.alert, []]);
        }
    });

    it("has rules that read only metrics its targets declare, from those targets' jobs", () => {
        const declared = new Set(t.targets.flatMap((target) => target.metrics));
        for (const r of rules(t)) {
            expect([r.alert, metricNames(r.expr).filter((m) => !declared.has(m))]).toEqual([r.alert, []]);
            const matchers = jobMatchers(r.expr);
            expect([r.alert, matchers.length > 0]).toEqual([r.alert, true]);
            expect([r.alert, matchers.filter((m) => !selectsAJob(m, jobs(t)))]).toEqual([r.alert, []]);
        }
    });

    it("gives every rule a runbook section in docs/runbooks.md that names its alert", () => {
        for (const r of rules(t)) {
            expect([r.alert, RUNBOOKS.has(r.runbook)]).toEqual([r.alert, true]);
            expect([r.alert, RUNBOOKS.get(r.runbook)!.includes(`**${r.alert}** (${r.severity}, inference)`)]).toEqual([
                r.alert,
                true,
            ]);
        }
    });

    it("lets its dashboard read only metrics its runtimes' targets declare, from their jobs", () => {
        const declared = new Set([...t.targets[0].metrics, ...Object.values(SERVING_METRICS).flatMap((m) => [...m])]);
        const unknown = DASHBOARD_EXPRS.flatMap((e) => metricNames(e)).filter((m) => !declared.has(m));
        expect([...new Set(unknown)]).toEqual([]);
        for (const expr of DASHBOARD_EXPRS) {
            const matchers = jobMatchers(expr);
            expect([expr, matchers.length > 0, matchers.filter((m) => !selectsAJob(m, jobs(t)))]).toEqual([
                expr,
                true,
                [],
            ]);
        }
    });
});

describe("the inference rules' queries", () => {
    it("count each declared GPU node's GPUs against its declared count, a node without series as none", () => {
        const seen = `count by (node) (${byNode(`DCGM_FI_DEV_GPU_UTIL{${DCGM_JOB}}`)})`;
        const stage = 'label_replace(vector(1), "node", "gpu1", "", "")';
        expect(rule(inferenceTelemetry(STAGE), "GpuMissing").expr).toBe(
            `(${stage}) - on (node) (${seen} or (${stage}) * 0) > 0`,
        );
        const prod = `${stage} or label_replace(vector(2), "node", "gpu2", "", "")`;
        expect(rule(inferenceTelemetry(PROD), "GpuMissing").expr).toBe(
            `(${prod}) - on (node) (${seen} or (${prod}) * 0) > 0`,
        );
        expect(rule(inferenceTelemetry(PROD), "GpuMissing").description).toContain("(gpu1: 1, gpu2: 2)");
    });

    it("hold each service's own latency and queue bounds, one labelled branch per service", () => {
        const t = inferenceTelemetry(PROD);
        const triton = 'namespace="ml", job="ml/inference-triton"';
        const chat = 'namespace="ml", job="ml/inference-chat"';
        expect(rule(t, "InferenceHighLatency").expr).toBe(
            `label_replace(max by (namespace, model) (nv_inference_request_summary_us{${triton}, quantile="0.99"}) / 1e6 > 1, "service", "triton", "", "") or ` +
                `label_replace(histogram_quantile(0.99, sum by (namespace, le) (rate(vllm:e2e_request_latency_seconds_bucket{${chat}}[5m]))) > 2.5, "service", "chat", "", "")`,
        );
        expect(rule(t, "InferenceHighLatency").description).toContain("triton 1 s, chat 2.5 s");
        expect(rule(t, "InferenceHighQueueTime").expr).toBe(
            `label_replace(sum by (namespace, model) (rate(nv_inference_queue_summary_us_sum{${triton}}[5m])) / sum by (namespace, model) (rate(nv_inference_queue_summary_us_count{${triton}}[5m])) / 1e6 > 0.1, "service", "triton", "", "") or ` +
                `label_replace(sum by (namespace) (rate(vllm:request_queue_time_seconds_sum{${chat}}[5m])) / sum by (namespace) (rate(vllm:request_queue_time_seconds_count{${chat}}[5m])) > 0.5, "service", "chat", "", "")`,
        );
    });

    it("count Triton's failures except client cancellations, and vLLM's 5xx answers", () => {
        const expr = rule(inferenceTelemetry(PROD), "InferenceHighErrorRatio").expr;
        expect(expr).toContain(
            'nv_inference_request_failure{namespace="ml", job="ml/inference-triton", reason!="CANCELED"}',
        );
        expect(expr).toContain('http_requests_total{namespace="ml", job="ml/inference-chat", status="5xx"}');
        expect(expr).toContain('"service", "triton"');
        expect(expr).toContain('"service", "chat"');
    });

    it("page on XIDs of the GPU, not on those a faulting application raises", () => {
        expect(APPLICATION_XIDS).toEqual([13, 31, 43, 45]);
        expect(rule(inferenceTelemetry(STAGE), "GpuXidError").expr).toBe(
            byNode(`DCGM_FI_DEV_XID_ERRORS{${DCGM_JOB}, err_code!~"13|31|43|45"} > 0`),
        );
    });

    it("leave out the service rules without services and GpuMissing without declared GPU nodes", () => {
        const gpuOnly = inferenceTelemetry({ gpuNodes: [], services: [] });
        expect(rules(gpuOnly).map((r) => r.alert)).toEqual(["GpuSaturated", "GpuMemoryNearlyFull", "GpuXidError"]);
        expect(gpuOnly.targets.map((target) => target.name)).toEqual(["dcgm-exporter"]);
    });
});

describe("dashboards/inference.json", () => {
    it("passes dashboardProblems", () => {
        expect(dashboardProblems("inference.json", readDashboard("inference.json"))).toEqual([]);
        expect([DASHBOARD.uid, DASHBOARD.title]).toEqual(["platform-inference", "Platform / Inference"]);
    });

    it("shows GPUs per node and GPU, XIDs, and each service's rate, p99, queue, waiting requests and errors", () => {
        expect(DASHBOARD.panels.map((p: Json) => p.title)).toEqual([
            "GPU utilisation",
            "GPU memory used",
            "GPU XID errors",
            "Requests per second, by service",
            "p99 request latency, by service",
            "Average queue time, by service",
            "Requests waiting, by service",
            "Error ratio, by service",
        ]);
        // Both spellings of the exporter's node label, so the legend names the node before and after #655.
        expect(DASHBOARD.panels[0].targets[0].legendFormat).toBe("{{hostname}}{{Hostname}} GPU {{gpu}}");
    });

    it("has queries that parse and read every metric the targets declare", () => {
        expect(DASHBOARD_EXPRS.flatMap((e) => promqlProblems(e))).toEqual([]);
        const read = new Set(DASHBOARD_EXPRS.flatMap((e) => metricNames(e)));
        const declared = [...inferenceTelemetry(PROD).targets[0].metrics, ...Object.values(SERVING_METRICS).flat()];
        expect(declared.filter((m) => !read.has(m))).toEqual([]);
    });

    it("selects the services by their targets' job prefix, not other pods in their namespace", () => {
        const services = DASHBOARD_EXPRS.flatMap(jobMatchers).filter((m) => m.op === "=~");
        expect(new Set(services.map((m) => m.value))).toEqual(new Set([".+/inference-.+"]));
        expect(selectsAJob(services[0], ["ml/triton", "web/wordpress"])).toBe(false);
    });
});
