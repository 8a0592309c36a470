// What the collected telemetry becomes in the cluster, as pure functions: a PodMonitor per platform-declared metrics
// target, a PrometheusRule per rule group, a ConfigMap per dashboard file; and what in the telemetry is wrong.
import type * as k8s from "@pulumi/kubernetes";
import { platformLabels } from "../../contract/labels";
import { PROMETHEUS_OPERATOR_API } from "../workload/workload-manifests";
import { DASHBOARD_FILE, dashboardFiles } from "./dashboards";
import { runbookUrl, type MetricsTarget, type RuleGroup, type Telemetry } from "./telemetry";
import { GRAFANA_DASHBOARD_LABEL } from "./grafana";

type CustomResourceArgs = k8s.apiextensions.CustomResourceArgs;
type ConfigMapArgs = k8s.core.v1.ConfigMapArgs;

/** How often Prometheus scrapes a platform-declared target. */
export const SCRAPE_INTERVAL = "30s";

/** A Prometheus duration (`5m`, `1h30m`, `0`), as the PrometheusRule CRD's pattern for `for` has it. */
export const PROMETHEUS_DURATION =
    /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/** The targets the platform declares a monitor for (`monitor` unset or "platform"); operators and charts do the rest. */
export function platformTargets(t: Telemetry): MetricsTarget[] {
    return t.targets.filter((target) => (target.monitor ?? "platform") === "platform");
}

/** The PodMonitor `<target.name>` in the target's namespace, scraping its pods' port every SCRAPE_INTERVAL. */
export function podMonitorManifest(target: MetricsTarget): CustomResourceArgs {
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PodMonitor",
        metadata: { name: target.name, namespace: target.namespace, labels: platformLabels() },
        spec: {
            selector: { matchLabels: { ...target.podLabels } },
            podMetricsEndpoints: [
                { portNumber: target.port, path: target.path ?? "/metrics", interval: SCRAPE_INTERVAL },
            ],
        },
    };
}

/** The PrometheusRule named after the group, in `namespace`: one rule group, each alert with its runbook link. */
export function prometheusRuleManifest(group: RuleGroup, namespace: string): CustomResourceArgs {
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PrometheusRule",
        metadata: { name: group.name, namespace, labels: platformLabels() },
        spec: {
            groups: [
                {
                    name: group.name,
                    rules: group.rules.map((rule) => ({
                        alert: rule.alert,
                        expr: rule.expr,
                        for: rule.for,
                        labels: { severity: rule.severity },
                        annotations: {
                            summary: rule.summary,
                            description: rule.description,
                            runbook_url: runbookUrl(rule.runbook),
                        },
                    })),
                },
            ],
        },
    };
}

/** The ConfigMap shipping `dashboards/<file>`: `dashboard-<file without .json>`. */
export function dashboardConfigMapName(file: string): string {
    return `dashboard-${file.replace(/\.json$/, "")}`;
}

/** The ConfigMap Grafana's sidecar loads one dashboard from: labelled GRAFANA_DASHBOARD_LABEL, the JSON under `<file>`. */
export function dashboardConfigMap(file: string, text: string, namespace: string): ConfigMapArgs {
    return {
        metadata: {
            name: dashboardConfigMapName(file),
            namespace,
            labels: platformLabels(GRAFANA_DASHBOARD_LABEL),
        },
        data: { [file]: text },
    };
}

/** `"<name>" is declared <n> times` for every name that is, in order of first appearance. */
function duplicates(what: string, names: readonly string[]): string[] {
    const counts = new Map<string, number>();
    for (const name of names) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].filter(([, n]) => n > 1).map(([name, n]) => `${what} "${name}" is declared ${n} times`);
}

function targetProblems(target: MetricsTarget): string[] {
    const problems: string[] = [];
    const what = `target "${target.name}"`;
    if (!DNS_SUBDOMAIN.test(target.name) || target.name.length > 253) {
        problems.push(`${what}: the name must be a DNS subdomain (it names the PodMonitor)`);
    }
    if (!DNS_LABEL.test(target.namespace) || target.namespace.length > 63) {
        problems.push(`${what}: namespace "${target.namespace}" is not a DNS label`);
    }
    if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
        problems.push(`${what}: port ${target.port} is not a port number (1 to 65535)`);
    }
    if (target.path !== undefined && !target.path.startsWith("/")) {
        problems.push(`${what}: path "${target.path}" does not start with "/"`);
    }
    if ((target.monitor ?? "platform") === "platform" && Object.keys(target.podLabels).length === 0) {
        problems.push(`${what}: podLabels is empty, so its PodMonitor would scrape every pod in the namespace`);
    }
    return problems;
}

function groupProblems(group: RuleGroup): string[] {
    const problems: string[] = [];
    const what = `group "${group.name}"`;
    if (!DNS_SUBDOMAIN.test(group.name) || group.name.length > 253) {
        problems.push(`${what}: the name must be a DNS subdomain (it names the PrometheusRule)`);
    }
    if (group.rules.length === 0) {
        problems.push(`${what}: has no rules`);
    }
    for (const rule of group.rules) {
        const where = `${what}, alert "${rule.alert}"`;
        if (!PASCAL_CASE.test(rule.alert)) {
            problems.push(`${where}: the alert name is not PascalCase`);
        }
        if (rule.expr.trim() === "") {
            problems.push(`${where}: expr is empty`);
        }
        if (rule.for === "" || !PROMETHEUS_DURATION.test(rule.for)) {
            problems.push(`${where}: for "${rule.for}" is not a Prometheus duration (e.g. 5m, 1h30m)`);
        }
        if (rule.runbook.trim() === "") {
            problems.push(`${where}: runbook is empty (the anchor of its section in docs/runbooks.md)`);
        }
    }
    return problems;
}

function dashboardFileProblems(dashboards: readonly string[], available: readonly string[]): string[] {
    const problems = duplicates("dashboard", dashboards);
    for (const file of new Set(dashboards)) {
        if (!DASHBOARD_FILE.test(file)) {
            problems.push(
                `dashboard "${file}": the name must be a DNS label followed by .json (it names the ConfigMap)`,
            );
        } else if (!available.includes(file)) {
            problems.push(`dashboard "${file}": there is no file dashboards/${file}`);
        }
    }
    return problems;
}

/**
 * What in the telemetry cannot become monitors, rules and dashboards, in declaration order: duplicate target, group,
 * alert or dashboard names; a target that is no valid PodMonitor (name, namespace, port, path, empty podLabels); a
 * group without rules; an alert that is not PascalCase, has an empty expr or runbook, or a `for` that is not a
 * Prometheus duration; a dashboard that is not a file in `dashboards/`. `available` is the dashboard files there
 * (dashboardFiles(), which reads the directory, unless given).
 */
export function telemetryProblems(t: Telemetry, available: readonly string[] = dashboardFiles()): string[] {
    return [
        ...duplicates(
            "target",
            t.targets.map((target) => target.name),
        ),
        ...t.targets.flatMap(targetProblems),
        ...duplicates(
            "group",
            t.groups.map((group) => group.name),
        ),
        ...duplicates(
            "alert",
            t.groups.flatMap((group) => group.rules.map((rule) => rule.alert)),
        ),
        ...t.groups.flatMap(groupProblems),
        ...dashboardFileProblems(t.dashboards, available),
    ];
}
