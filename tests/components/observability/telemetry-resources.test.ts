import * as k8s from "@pulumi/kubernetes";
import * as dashboards from "../../../components/observability/dashboards";
import {
    telemetry,
    type AlertRule,
    type MetricsTarget,
    type Telemetry,
} from "../../../components/observability/telemetry";
import {
    dashboardConfigMap,
    platformTargets,
    podMonitorManifest,
    prometheusRuleManifest,
    telemetryProblems,
} from "../../../components/observability/telemetry-manifests";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { CrdCatalog } from "../../../tools/validate/crds";
import { validateObjects } from "../../../tools/validate/validate";
import { lines, namespace, upstreamCrds } from "../../conformance/fixtures";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";
import { promqlProblems } from "../../helpers/promql";

const COMPONENT = "platform:observability:TelemetryResources";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

const CACHE: MetricsTarget = {
    name: "cache-metrics",
    namespace: "web",
    podLabels: { "app.kubernetes.io/name": "valkey", "app.kubernetes.io/instance": "cache" },
    port: 9121,
    metrics: ["redis_up", "redis_memory_used_bytes"],
};
const SPEAKER: MetricsTarget = {
    name: "metallb-speaker",
    namespace: "metallb-system",
    podLabels: { "app.kubernetes.io/component": "speaker" },
    port: 7472,
    path: "/speaker-metrics",
    monitor: "platform",
    metrics: ["metallb_allocator_addresses_in_use_total"],
};
const DATABASE: MetricsTarget = {
    name: "mariadb",
    namespace: "web",
    podLabels: { "app.kubernetes.io/name": "exporter" },
    port: 9104,
    monitor: "operator",
    metrics: ["mysql_up"],
};
const KUBELET: MetricsTarget = {
    name: "kubelet",
    namespace: "kube-system",
    podLabels: {},
    port: 10250,
    monitor: "chart",
    metrics: ["kubelet_volume_stats_used_bytes"],
};
const CACHE_DOWN: AlertRule = {
    alert: "ValkeyDown",
    expr: "redis_up == 0",
    for: "5m",
    severity: "critical",
    summary: "Valkey {{ $labels.namespace }}/{{ $labels.pod }} is down",
    description: "The exporter cannot reach the server.",
    runbook: "valkey-down",
};
const POOL_FULL: AlertRule = {
    alert: "MetalLBPoolFull",
    expr: "metallb_allocator_addresses_in_use_total / metallb_allocator_addresses_total >= 1",
    for: "1h30m",
    severity: "warning",
    summary: "Pool {{ $labels.pool }} has no address left",
    description: "New LoadBalancer Services stay pending.",
    runbook: "metallb-pool-full",
};
const TELEMETRY: Telemetry = telemetry({
    targets: [CACHE, SPEAKER, DATABASE, KUBELET],
    groups: [
        { name: "data", rules: [CACHE_DOWN] },
        { name: "network", rules: [POOL_FULL] },
    ],
    dashboards: ["network.json", "data.json"],
});

describe("telemetry manifests", () => {
    it("monitor only the platform's targets, with a PodMonitor in the target's namespace", () => {
        expect(platformTargets(TELEMETRY)).toEqual([CACHE, SPEAKER]);
        expect(podMonitorManifest(CACHE)).toMatchObject({
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            metadata: { name: "cache-metrics", namespace: "web", labels: { "app.kubernetes.io/managed-by": "pulumi" } },
            spec: {
                selector: { matchLabels: CACHE.podLabels },
                podMetricsEndpoints: [{ portNumber: 9121, path: "/metrics", interval: "30s" }],
            },
        });
        expect((podMonitorManifest(SPEAKER).spec as any).podMetricsEndpoints[0].path).toBe("/speaker-metrics");
    });

    it("make a rule group one PrometheusRule, each alert routed on its severity with its runbook", () => {
        expect(prometheusRuleManifest({ name: "data", rules: [CACHE_DOWN] }, "monitoring")).toMatchObject({
            kind: "PrometheusRule",
            metadata: { name: "data", namespace: "monitoring" },
            spec: {
                groups: [
                    {
                        name: "data",
                        rules: [
                            {
                                alert: "ValkeyDown",
                                expr: "redis_up == 0",
                                for: "5m",
                                labels: { severity: "critical" },
                                annotations: {
                                    summary: CACHE_DOWN.summary,
                                    description: CACHE_DOWN.description,
                                    runbook_url: "docs/runbooks.md#valkey-down",
                                },
                            },
                        ],
                    },
                ],
            },
        });
    });

    it("ship a dashboard as a ConfigMap Grafana's sidecar loads, the JSON under the file's name", () => {
        expect(dashboardConfigMap("network.json", "{}", "monitoring")).toEqual({
            metadata: {
                name: "dashboard-network",
                namespace: "monitoring",
                labels: expect.objectContaining({ grafana_dashboard: "1" }),
            },
            data: { "network.json": "{}" },
        });
    });

    it("are accepted by the prometheus-operator 0.93.0 CRDs and the core schemas", () => {
        const crds = CrdCatalog.of(
            ["podmonitors", "prometheusrules"].flatMap((kind) =>
                upstreamCrds(`prometheus-operator/v0.93.0/monitoring.coreos.com_${kind}.yaml`),
            ),
        );
        const objects = [
            ...["web", "metallb-system", "monitoring"].map(namespace),
            ...platformTargets(TELEMETRY).map(podMonitorManifest),
            ...TELEMETRY.groups.map((g) => prometheusRuleManifest(g, "monitoring")),
            { apiVersion: "v1", kind: "ConfigMap", ...dashboardConfigMap("data.json", "{}", "monitoring") },
        ];
        const report = validateObjects(objects, crds);
        expect(lines(report)).toEqual([]);
        expect(report.objects).toMatchObject({ custom: 4, notChecked: 0 });
    });

    it("fail the CRD where a PodMonitor's port is out of range (the check telemetryProblems makes first)", () => {
        const crds = CrdCatalog.of(upstreamCrds("prometheus-operator/v0.93.0/monitoring.coreos.com_podmonitors.yaml"));
        const report = validateObjects([namespace("web"), podMonitorManifest({ ...CACHE, port: 70000 })], crds);
        expect(lines(report).join("\n")).toMatch(/portNumber/);
        expect(telemetryProblems(telemetry({ targets: [{ ...CACHE, port: 70000 }] }), [])).toEqual([
            'target "cache-metrics": port 70000 is not a port number (1 to 65535)',
        ]);
    });

    it("use alert expressions that parse (the fixtures are honest PromQL)", () => {
        expect([CACHE_DOWN, POOL_FULL].flatMap((r) => promqlProblems(r.expr))).toEqual([]);
    });
});

describe("telemetryProblems", () => {
    const FILES = ["data.json", "network.json"];

    it("finds nothing in good telemetry", () => {
        expect(telemetryProblems(TELEMETRY, FILES)).toEqual([]);
    });

    it("checks the dashboards against the files in dashboards/ unless told which there are", () => {
        expect(telemetryProblems(TELEMETRY)).toEqual([]);
        expect(telemetryProblems(telemetry({ dashboards: ["nope.json"] }))).toEqual([
            'dashboard "nope.json": there is no file dashboards/nope.json',
        ]);
    });

    it.each<[string, Partial<Telemetry>, string[]]>([
        [
            "duplicate target names, whoever monitors them",
            { targets: [CACHE, { ...DATABASE, name: "cache-metrics" }, CACHE] },
            ['target "cache-metrics" is declared 3 times'],
        ],
        [
            "duplicate group names",
            {
                groups: [
                    { name: "data", rules: [CACHE_DOWN] },
                    { name: "data", rules: [POOL_FULL] },
                ],
            },
            ['group "data" is declared 2 times'],
        ],
        [
            "duplicate alert names across groups",
            {
                groups: [
                    { name: "a", rules: [CACHE_DOWN] },
                    { name: "b", rules: [CACHE_DOWN] },
                ],
            },
            ['alert "ValkeyDown" is declared 2 times'],
        ],
        [
            "a `for` that is not a Prometheus duration",
            {
                groups: [
                    {
                        name: "data",
                        rules: [
                            { ...CACHE_DOWN, for: "5 minutes" },
                            { ...POOL_FULL, for: "" },
                        ],
                    },
                ],
            },
            [
                'group "data", alert "ValkeyDown": for "5 minutes" is not a Prometheus duration (e.g. 5m, 1h30m)',
                'group "data", alert "MetalLBPoolFull": for "" is not a Prometheus duration (e.g. 5m, 1h30m)',
            ],
        ],
        [
            "an empty expr",
            { groups: [{ name: "data", rules: [{ ...CACHE_DOWN, expr: "  " }] }] },
            ['group "data", alert "ValkeyDown": expr is empty'],
        ],
        [
            "a missing, misnamed or repeated dashboard file",
            { dashboards: ["network.json", "gone.json", "../secrets.json", "network.json"] },
            [
                'dashboard "network.json" is declared 2 times',
                'dashboard "gone.json": there is no file dashboards/gone.json',
                'dashboard "../secrets.json": the name must be a DNS label followed by .json (it names the ConfigMap)',
            ],
        ],
        [
            "a platform target that would select every pod, or has a bad name, namespace or path",
            {
                targets: [
                    { ...CACHE, podLabels: {} },
                    { ...SPEAKER, name: "Speaker", namespace: "metallb_system", path: "m" },
                ],
            },
            [
                'target "cache-metrics": podLabels is empty, so its PodMonitor would scrape every pod in the namespace',
                'target "Speaker": the name must be a DNS subdomain (it names the PodMonitor)',
                'target "Speaker": namespace "metallb_system" is not a DNS label',
                'target "Speaker": path "m" does not start with "/"',
            ],
        ],
        [
            "a group without rules, a badly named group or alert, and an empty runbook",
            {
                groups: [
                    { name: "empty", rules: [] },
                    { name: "Data", rules: [{ ...CACHE_DOWN, alert: "valkey_down", runbook: "" }] },
                ],
            },
            [
                'group "empty": has no rules',
                'group "Data": the name must be a DNS subdomain (it names the PrometheusRule)',
                'group "Data", alert "valkey_down": the alert name is not PascalCase',
                'group "Data", alert "valkey_down": runbook is empty (the anchor of its section in docs/runbooks.md)',
            ],
        ],
    ])("reports %s", (_what, parts, problems) => {
        expect(telemetryProblems(telemetry(parts), FILES)).toEqual(problems);
    });

    it("lets chart- and operator-declared targets go without pod labels", () => {
        expect(telemetryProblems(telemetry({ targets: [KUBELET] }), FILES)).toEqual([]);
    });
});

describe("TelemetryResources", () => {
    let resources: readonly CapturedResource[];
    let exposed: {
        podMonitors: readonly string[];
        prometheusRules: readonly string[];
        dashboardConfigMaps: readonly string[];
    };

    beforeAll(async () => {
        const { TelemetryResources } = await import("../../../components/observability/telemetry-resources");
        ({ resources } = await capture(() => {
            // Stands for the kube-prometheus-stack chart, which brings the CRDs.
            const chart = new k8s.core.v1.ConfigMap("kps-chart", {});
            const created = new TelemetryResources(
                "telemetry",
                { telemetry: TELEMETRY, dashboardsNamespace: "monitoring" },
                { dependsOn: [chart] },
            );
            exposed = {
                podMonitors: created.podMonitors,
                prometheusRules: created.prometheusRules,
                dashboardConfigMaps: created.dashboardConfigMaps,
            };
        }));
    });

    it("creates a PodMonitor per platform target, a PrometheusRule per group and a ConfigMap per dashboard", () => {
        findResource(resources, COMPONENT, "telemetry");
        const names = (type: string) =>
            ofType(resources, type)
                .map((r) => r.name)
                .sort();
        expect(names(POD_MONITOR)).toEqual(["telemetry-monitor-cache-metrics", "telemetry-monitor-metallb-speaker"]);
        expect(names(RULE)).toEqual(["telemetry-rules-data", "telemetry-rules-network"]);
        expect(names(CONFIG_MAP)).toEqual(["kps-chart", "telemetry-dashboard-data", "telemetry-dashboard-network"]);
        expect(exposed).toEqual({
            podMonitors: ["web/cache-metrics", "metallb-system/metallb-speaker"],
            prometheusRules: ["data", "network"],
            dashboardConfigMaps: ["dashboard-network", "dashboard-data"],
        });
    });

    it("puts each object where it belongs, with the manifests' content", () => {
        const monitor = findResource(resources, POD_MONITOR, "telemetry-monitor-metallb-speaker");
        expect(monitor.inputs).toMatchObject(podMonitorManifest(SPEAKER) as Record<string, unknown>);
        const rule = findResource(resources, RULE, "telemetry-rules-network");
        expect(rule.inputs).toMatchObject({ metadata: { name: "network", namespace: "monitoring" } });
        const map = findResource(resources, CONFIG_MAP, "telemetry-dashboard-network");
        expect(map.inputs).toMatchObject({
            metadata: { name: "dashboard-network", namespace: "monitoring", labels: { grafana_dashboard: "1" } },
            data: { "network.json": dashboards.readDashboard("network.json") },
        });
    });

    it("makes every child wait for the caller's dependsOn (the chart with the CRDs)", () => {
        const chart = findResource(resources, CONFIG_MAP, "kps-chart").urn;
        const component = findResource(resources, COMPONENT, "telemetry").urn;
        const children = resources.filter((r) => r.parent === component);
        expect(children).toHaveLength(6);
        expect(children.filter((r) => !r.dependencies.includes(chart))).toEqual([]);
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("TelemetryResources args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    afterEach(() => {
        jest.restoreAllMocks();
    });

    async function construct(t: Telemetry, dashboardsNamespace = "monitoring") {
        const { TelemetryResources } = await import("../../../components/observability/telemetry-resources");
        return () => new TelemetryResources("telemetry", { telemetry: t, dashboardsNamespace });
    }

    it("throws a ResourceError listing every problem of the telemetry", async () => {
        const build = await construct(
            telemetry({ targets: [CACHE, CACHE], groups: [{ name: "data", rules: [{ ...CACHE_DOWN, for: "soon" }] }] }),
        );
        expect(build).toThrow(
            'TelemetryResources telemetry: target "cache-metrics" is declared 2 times; group "data", alert "ValkeyDown": for "soon" is not a Prometheus duration (e.g. 5m, 1h30m)',
        );
    });

    it("rejects a dashboards namespace that is no namespace name", async () => {
        expect(await construct(telemetry({}), "Monitoring")).toThrow(
            /^TelemetryResources telemetry: args\.dashboardsNamespace "Monitoring" is not a DNS label$/,
        );
    });

    it("throws naming the file when a dashboard has problems", async () => {
        jest.spyOn(dashboards, "dashboardFiles").mockReturnValue(["wrapped.json", "network.json"]);
        jest.spyOn(dashboards, "readDashboard").mockImplementation((file) =>
            file === "wrapped.json" ? '{"dashboard": {"title": "x", "uid": "x"}}' : '{"uid": "ok"}',
        );
        const build = await construct(telemetry({ dashboards: ["wrapped.json", "network.json"] }));
        expect(build).toThrow(/^TelemetryResources telemetry: dashboards\/wrapped\.json: is wrapped as \{"dashboard"/);
        expect(build).toThrow(/; dashboards\/network\.json: has no top-level string "title"$/);
    });
});
