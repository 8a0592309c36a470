// What an area hands the observability area about its components: the metrics endpoints to scrape, the alert rules
// on what they export, and the dashboards that show them. Areas declare these beside their components with
// `telemetry()`; the observability area only collects them and creates the monitors, rules and dashboards.

/** A metrics endpoint of a component's pods. */
export interface MetricsTarget {
    /** Unique across the platform; a platform-declared monitor is the PodMonitor `<name>` in `namespace`. */
    readonly name: string;
    readonly namespace: string;
    /** Labels of the pods to scrape; the flow from Prometheus to the port selects the same pods. */
    readonly podLabels: Readonly<Record<string, string>>;
    /** The container port the metrics are served on; the pod spec must declare it. */
    readonly port: number;
    /** @default "/metrics" */
    readonly path?: string;
    /**
     * Who declares the monitor: the platform (a PodMonitor), the operator that runs the pods (e.g. mariadb-operator's
     * ServiceMonitor from `spec.metrics`), or the chart that installs Prometheus (kube-state-metrics, the kubelet,
     * node-exporter). Prometheus may reach the port in every case. @default "platform"
     */
    readonly monitor?: "platform" | "operator" | "chart";
    /** The metrics it exports that rules and dashboards use: naming any other metric fails the tests. */
    readonly metrics: readonly string[];
}

export const Severity = { critical: "critical", warning: "warning" } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One alert: a PromQL condition held for `for`, routed on its severity, with its runbook section. */
export interface AlertRule {
    /** PascalCase, unique across the platform. */
    readonly alert: string;
    readonly expr: string;
    /** A Prometheus duration, e.g. `5m`. */
    readonly for: string;
    readonly severity: Severity;
    /** One line; may use `{{ $labels.<name> }}`. */
    readonly summary: string;
    readonly description: string;
    /** The anchor of its section in docs/runbooks.md, e.g. `node-not-ready`. */
    readonly runbook: string;
}

export interface RuleGroup {
    /** Unique across the platform; names the PrometheusRule. */
    readonly name: string;
    readonly rules: readonly AlertRule[];
}

/** What an area hands the observability area. */
export interface Telemetry {
    readonly targets: readonly MetricsTarget[];
    readonly groups: readonly RuleGroup[];
    /** Dashboard files under `dashboards/` (e.g. `network.json`), each shipped as a ConfigMap. */
    readonly dashboards: readonly string[];
}

/** The one helper areas declare their telemetry with; what they leave out is empty. */
export function telemetry(parts: Partial<Telemetry>): Telemetry {
    return { targets: parts.targets ?? [], groups: parts.groups ?? [], dashboards: parts.dashboards ?? [] };
}

/** The telemetry of several components (or areas) as one. */
export function mergeTelemetry(parts: readonly Telemetry[]): Telemetry {
    return {
        targets: parts.flatMap((p) => p.targets),
        groups: parts.flatMap((p) => p.groups),
        dashboards: parts.flatMap((p) => p.dashboards),
    };
}

/** Where a rule's runbook is: its section in docs/runbooks.md (the annotation Alertmanager shows). */
export function runbookUrl(anchor: string): string {
    return `docs/runbooks.md#${anchor}`;
}
