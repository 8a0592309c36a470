// Every area's telemetry, as both stacks declare it: each enabled component has a monitor and an alert rule in the
// render, every rule's query parses, names only metrics its targets export, and has a runbook section.
import * as fs from "node:fs";
import { dashboardFiles, readDashboard } from "../../components/observability/dashboards";
import { Severity, type Telemetry } from "../../components/observability/telemetry";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { platformTelemetry } from "../../stacks/platform";
import { renderStack } from "../../tools/render/render";
import type { CapturedResource } from "../../tools/runtime/capture";
import { SERVING_METRICS } from "../../stacks/areas/inference/telemetry";
import { stackSections } from "../config/cases";
import { metricNames, promqlProblems } from "../helpers/promql";
import { ofType } from "../helpers/capture";

const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
/** Series Prometheus records for every target itself, not an exporter. */
const SYNTHETIC = ["up"];

/**
 * Each component the platform installs, the component type that shows it is in the render, and its coverage: the
 * targets that scrape it (by name) and one alert on it. A component without metrics of its own is watched through
 * kube-state-metrics, which the test names as its target.
 */
const COVERAGE: readonly { type: string; name?: string; targets: string[]; alert: string }[] = [
    { type: "platform:network:MetalLb", targets: ["kube-state-metrics"], alert: "LoadBalancerWithoutAddress" },
    { type: "platform:network:CertManager", targets: ["cert-manager"], alert: "CertificateExpiringSoon" },
    {
        type: "platform:network:SharedGateway",
        targets: ["gateway-proxy", "envoy-gateway"],
        alert: "GatewayHighErrorRatio",
    },
    {
        type: "platform:storage:CsiDriverNfs",
        targets: ["kube-state-metrics", "kubelet"],
        alert: "NfsProvisionerUnavailable",
    },
    {
        type: "platform:storage:LocalPathProvisioner",
        targets: ["kube-state-metrics"],
        alert: "LocalPathProvisionerUnavailable",
    },
    { type: "platform:storage:Longhorn", targets: ["longhorn-manager"], alert: "LonghornVolumeFaulted" },
    { type: "platform:data:MariaDbCluster", targets: ["mariadb-metrics"], alert: "MariaDBDown" },
    { type: "platform:data:ValkeyCache", targets: ["valkey-metrics"], alert: "ValkeyWithoutPrimary" },
    { type: "platform:observability:Loki", targets: ["loki"], alert: "LokiIngestionErrors" },
    { type: "platform:inference:GpuOperator", targets: ["dcgm-exporter"], alert: "GpuMissing" },
    { type: "platform:inference:InferenceService", targets: ["inference-triton"], alert: "InferenceHighErrorRatio" },
    { type: "platform:observability:Alloy", targets: ["alloy"], alert: "LogShipperDown" },
    { type: "platform:observability:PrometheusStack", targets: ["prometheus"], alert: "PrometheusRuleFailures" },
];

/** The anchors of docs/runbooks.md: its `## <anchor>` headings. */
const RUNBOOKS = new Set(
    [...fs.readFileSync("docs/runbooks.md", "utf8").matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]),
);

describe.each(["stage", "prod"])("the %s stack's telemetry", (stack) => {
    let resources: readonly CapturedResource[];
    let telemetry: Telemetry;

    beforeAll(async () => {
        resources = (await renderStack({ stack })).resources;
        telemetry = platformTelemetry(parsePlatformConfig(stackSections(stack)));
    });

    it("gives every installed component a monitor and an alert rule, as objects in the render", () => {
        const monitors = ofType(resources, POD_MONITOR).map((r) => (r.inputs as any).metadata.name as string);
        const alerts = ofType(resources, RULE).flatMap((r) =>
            (r.inputs as any).spec.groups.flatMap((g: any) => g.rules.map((rule: any) => rule.alert as string)),
        );
        const installed = COVERAGE.filter((c) => resources.some((r) => r.type === c.type));
        expect(installed.length).toBeGreaterThanOrEqual(stack === "prod" ? 13 : 12);
        for (const component of installed) {
            for (const name of component.targets) {
                const target = telemetry.targets.find((t) => t.name === name);
                expect([component.type, name, target !== undefined]).toEqual([component.type, name, true]);
                if ((target!.monitor ?? "platform") === "platform") {
                    expect([component.type, monitors.includes(name)]).toEqual([component.type, true]);
                }
            }
            expect([component.type, alerts.includes(component.alert)]).toEqual([component.type, true]);
        }
    });

    it("has rules whose queries parse and name only metrics their targets export", () => {
        const exported = new Set([...SYNTHETIC, ...telemetry.targets.flatMap((t) => t.metrics)]);
        const rules = telemetry.groups.flatMap((g) => g.rules);
        expect(rules.length).toBeGreaterThan(15);
        for (const rule of rules) {
            expect([rule.alert, promqlProblems(rule.expr)]).toEqual([rule.alert, []]);
            const unknown = metricNames(rule.expr).filter((m) => !exported.has(m));
            expect([rule.alert, unknown]).toEqual([rule.alert, []]);
        }
    });

    it("has dashboards whose queries name only metrics some stack's targets export", () => {
        // One dashboard serves every stack: a panel on a component this stack lacks (Longhorn on stage) shows no data,
        // and the inference dashboard shows both runtimes, which no stack runs together.
        const everywhere = ["stage", "prod"].map((s) => platformTelemetry(parsePlatformConfig(stackSections(s))));
        const exported = new Set([
            ...SYNTHETIC,
            ...everywhere.flatMap((t) => t.targets.flatMap((x) => x.metrics)),
            ...Object.values(SERVING_METRICS).flat(),
        ]);
        for (const file of telemetry.dashboards) {
            expect(dashboardFiles()).toContain(file);
            const exprs = [...readDashboard(file).matchAll(/"expr":\s*("(?:[^"\\]|\\.)*")/g)].map(
                (m) => JSON.parse(m[1]) as string,
            );
            expect(exprs.length).toBeGreaterThan(0);
            const unknown = exprs.flatMap((e) => metricNames(e)).filter((m) => !exported.has(m));
            expect([file, [...new Set(unknown)]]).toEqual([file, []]);
        }
    });

    it("gives every rule a severity the Alertmanager routes on and a runbook section", () => {
        for (const rule of telemetry.groups.flatMap((g) => g.rules)) {
            expect([rule.alert, Object.values(Severity).includes(rule.severity)]).toEqual([rule.alert, true]);
            expect([rule.alert, RUNBOOKS.has(rule.runbook)]).toEqual([rule.alert, true]);
        }
    });
});
