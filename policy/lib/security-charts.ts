/** A password a chart ships as its default, applied unless the values set it or point at an existing Secret. */
export interface ChartDefaultPassword {
    readonly chart: string;
    readonly password: readonly string[];
    readonly value: string;
    /** Values that, when set, make the chart ignore the default. */
    readonly overriddenBy: readonly (readonly string[])[];
    /** A value that, when false, disables the sub-chart that carries the password. */
    readonly enabled?: readonly string[];
}

/** kube-prometheus-stack ships Grafana with admin password "prom-operator" (seed 003 logs in with it). */
export const CHART_DEFAULT_PASSWORDS: readonly ChartDefaultPassword[] = [
    {
        chart: "kube-prometheus-stack",
        password: ["grafana", "adminPassword"],
        value: "prom-operator",
        overriddenBy: [
            ["grafana", "admin", "existingSecret"],
            ["grafana", "env", "GF_SECURITY_ADMIN_PASSWORD"],
            ["grafana", "env", "GF_SECURITY_ADMIN_PASSWORD__FILE"],
        ],
        enabled: ["grafana", "enabled"],
    },
];

/**
 * The chart's name from a `chart` reference: `repo/name`, `oci://host/path/name` or a local
 * `./charts/name-1.2.3.tgz`.
 */
export function chartBaseName(chart: string): string {
    const base = chart.replace(/\/+$/, "").split("/").pop() ?? chart;
    return base.replace(/\.tgz$/, "").replace(/-v?\d+\.\d+\.\d+.*$/, "");
}
