import {
    DASHBOARD_FILE,
    dashboardFiles,
    dashboardProblems,
    readDashboard,
} from "../../../components/observability/dashboards";
import { metricNames, promqlProblems } from "../../helpers/promql";

type Json = Record<string, any>;

/** Every panel, those inside collapsed rows too. */
function panels(dashboard: Json): Json[] {
    return (dashboard.panels ?? []).flatMap((p: Json) => [p, ...(p.panels ?? [])]);
}

/** Each Prometheus query of the dashboard: the targets' `expr` on a Prometheus datasource (Loki's are LogQL). */
function prometheusQueries(dashboard: Json): { panel: string; expr: string }[] {
    return panels(dashboard).flatMap((panel) =>
        (panel.targets ?? [])
            .filter((t: Json) => (t.datasource?.uid ?? panel.datasource?.uid ?? "prometheus") === "prometheus")
            .map((t: Json) => ({ panel: panel.title as string, expr: t.expr as string })),
    );
}

/** A copy of the model without one top-level key. */
function without(model: Json, key: string): Json {
    return Object.fromEntries(Object.entries(model).filter(([k]) => k !== key));
}

const FILES = dashboardFiles();
const valid = JSON.parse(readDashboard("network.json")) as Json;

describe("the dashboards in dashboards/", () => {
    it("are the network, storage, data and inference dashboards, each named as its ConfigMap needs", () => {
        expect(FILES).toEqual(["data.json", "inference.json", "network.json", "storage.json"]);
        expect(FILES.filter((f) => !DASHBOARD_FILE.test(f))).toEqual([]);
    });

    it.each(FILES)("%s passes dashboardProblems", (file) => {
        expect(dashboardProblems(file, readDashboard(file))).toEqual([]);
    });

    it.each(FILES)("%s has 4 to 8 panels, each with a query, at a recent schema version", (file) => {
        const dashboard = JSON.parse(readDashboard(file)) as Json;
        expect(panels(dashboard).length).toBeGreaterThanOrEqual(4);
        expect(panels(dashboard).length).toBeLessThanOrEqual(8);
        expect(panels(dashboard).filter((p) => (p.targets ?? []).length === 0)).toEqual([]);
        expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    });

    it.each(FILES)("every PromQL query of %s parses and reads at least one metric", (file) => {
        const queries = prometheusQueries(JSON.parse(readDashboard(file)) as Json);
        expect(queries.length).toBeGreaterThan(0);
        const bad = queries
            .map(({ panel, expr }) => ({ panel, expr, problems: promqlProblems(expr), metrics: metricNames(expr) }))
            .filter((q) => q.problems.length > 0 || q.metrics.length === 0);
        expect(bad).toEqual([]);
    });

    it("have distinct uids and titles", () => {
        const models = FILES.map((f) => JSON.parse(readDashboard(f)) as Json);
        expect(new Set(models.map((m) => m.uid)).size).toBe(FILES.length);
        expect(new Set(models.map((m) => m.title)).size).toBe(FILES.length);
    });

    it("read the metrics each area's exporters export, by their real names", () => {
        const metrics = (file: string) =>
            new Set(prometheusQueries(JSON.parse(readDashboard(file)) as Json).flatMap((q) => metricNames(q.expr)));
        expect([...metrics("network.json")].sort()).toEqual([
            "certmanager_certificate_expiration_timestamp_seconds",
            "certmanager_certificate_ready_status",
            "envoy_cluster_upstream_rq_xx",
            "kube_service_spec_type",
            "kube_service_status_load_balancer_ingress",
        ]);
        expect([...metrics("storage.json")].sort()).toEqual([
            "csi_operations_seconds_count",
            "kubelet_volume_stats_capacity_bytes",
            "kubelet_volume_stats_used_bytes",
            "longhorn_volume_actual_size_bytes",
            "longhorn_volume_capacity_bytes",
            "longhorn_volume_robustness",
        ]);
        expect([...metrics("data.json")].sort()).toEqual([
            "kube_cronjob_status_last_successful_time",
            "mysql_global_status_threads_connected",
            "mysql_slave_status_seconds_behind_master",
            "mysql_up",
            "redis_connected_clients",
            "redis_memory_used_bytes",
            "redis_up",
        ]);
        expect([...metrics("inference.json")].sort()).toEqual([
            "DCGM_FI_DEV_FB_FREE",
            "DCGM_FI_DEV_FB_USED",
            "DCGM_FI_DEV_GPU_UTIL",
            "DCGM_FI_DEV_XID_ERRORS",
            "http_requests_total",
            "nv_inference_pending_request_count",
            "nv_inference_queue_summary_us_count",
            "nv_inference_queue_summary_us_sum",
            "nv_inference_request_failure",
            "nv_inference_request_success",
            "nv_inference_request_summary_us",
            "vllm:e2e_request_latency_seconds_bucket",
            "vllm:num_requests_waiting",
            "vllm:request_queue_time_seconds_count",
            "vllm:request_queue_time_seconds_sum",
            "vllm:request_success_total",
        ]);
    });
});

describe("dashboardProblems", () => {
    const text = (model: unknown) => JSON.stringify(model);

    it("rejects a dashboard wrapped in the HTTP API's envelope (seed 003), saying so", () => {
        expect(dashboardProblems("wrapped.json", text({ dashboard: valid, overwrite: true }))).toEqual([
            'dashboards/wrapped.json: is wrapped as {"dashboard": {…}} (the HTTP API\'s envelope); the file must be the dashboard model itself',
        ]);
    });

    it("rejects a dashboard without a title", () => {
        expect(dashboardProblems("untitled.json", text(without(valid, "title")))).toEqual([
            'dashboards/untitled.json: has no top-level string "title"',
        ]);
        expect(dashboardProblems("untitled.json", text({ ...valid, title: 7 }))).toEqual([
            'dashboards/untitled.json: has no top-level string "title"',
        ]);
    });

    it("rejects a datasource uid Grafana is not provisioned with, naming where it is", () => {
        const model = structuredClone(valid);
        model.panels[1].targets[0].datasource = { type: "prometheus", uid: "$datasource" };
        model.panels[2].datasource = "Prometheus";
        expect(dashboardProblems("foreign.json", text(model))).toEqual([
            'dashboards/foreign.json: panels[1].targets[0].datasource names datasource uid "$datasource", not one of the provisioned prometheus, loki',
            'dashboards/foreign.json: panels[2].datasource names datasource uid "Prometheus", not one of the provisioned prometheus, loki',
        ]);
    });

    it("accepts Loki and the default datasource, and looks into template variables and rows (in document order)", () => {
        const model = structuredClone(valid);
        model.panels[0].datasource = { type: "loki", uid: "loki" };
        model.panels[1].datasource = null;
        model.panels.push({ type: "row", title: "more", panels: [{ datasource: { type: "prometheus" } }] });
        model.templating = { list: [{ name: "ns", datasource: { uid: "mysql" } }] };
        expect(dashboardProblems("more.json", text(model))).toEqual([
            'dashboards/more.json: templating.list[0].datasource names datasource uid "mysql", not one of the provisioned prometheus, loki',
            `dashboards/more.json: panels[${model.panels.length - 1}].panels[0].datasource names no datasource uid (use { "type": …, "uid": "prometheus" })`,
        ]);
    });

    it("rejects text that is no JSON object, and a missing or malformed uid", () => {
        expect(dashboardProblems("broken.json", "{")[0]).toMatch(/^dashboards\/broken\.json: is not JSON \(/);
        expect(dashboardProblems("list.json", "[]")).toEqual(["dashboards/list.json: is not a JSON object"]);
        const uidProblem = 'has no "uid" of 1 to 40 letters, digits, "-" and "_"';
        expect(dashboardProblems("n.json", text(without(valid, "uid")))).toEqual([`dashboards/n.json: ${uidProblem}`]);
        expect(dashboardProblems("n.json", text({ ...valid, uid: "a/b" }))).toEqual([
            `dashboards/n.json: ${uidProblem}`,
        ]);
        expect(dashboardProblems("n.json", text({ ...valid, panels: {} }))).toEqual([
            'dashboards/n.json: "panels" is not a list',
        ]);
    });
});

describe("readDashboard", () => {
    it("reads only DNS-label .json names, so nothing outside dashboards/ is read", () => {
        expect(() => readDashboard("../package.json")).toThrow(/is not a DNS label followed by \.json/);
        expect(readDashboard("data.json")).toContain('"uid": "platform-data"');
    });
});
