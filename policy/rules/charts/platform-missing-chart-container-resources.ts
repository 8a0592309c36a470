import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart } from "../../lib/charts-helm";
import { chartBaseName } from "../../lib/security-charts";
import { valueAt } from "../../../contract/json";
import { parseQuantity } from "../../../contract/quantity";
import { enabledIn, type ChartContainer, type ChartPin } from "../../../contract/versions";
import { chartPinOf } from "../../lib/images";

/** What every declared container must name in its resources block: a chart default is not a declared footprint. */
const REQUIRED = ["requests.cpu", "requests.memory", "limits.memory"] as const;

/** Containers a chart runs with these values: one whose `enabledBy` value is false is off, unset means on. */
function running(pin: ChartPin, values: unknown): readonly ChartContainer[] {
    return pin.containers.filter((c) => enabledIn(values, c));
}

/** Problems with one required field: unset (or empty), or not a quantity the API server would accept. */
function fieldProblem(block: unknown, field: string): { missing: string } | { invalid: string } | undefined {
    const value = valueAt(block, field);
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        return { missing: field };
    }
    return (typeof value === "string" || typeof value === "number") && parseQuantity(value) !== undefined
        ? undefined
        : { invalid: `${field} is ${JSON.stringify(value)}, not a quantity` };
}

export const platformMissingChartContainerResources: PlatformResourcePolicy = {
    name: "platform-missing-chart-container-resources",
    description:
        "Every Helm chart sets cpu and memory requests and a memory limit in its values for each container its pin declares.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set requests.cpu, requests.memory and limits.memory at the container's resources path in the chart values; for a new chart, declare its containers (resources path, replicas, enabledBy) beside its pin in contract/versions.ts.",
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const label = chartLabel(args.type, args.props, args.name);
        const pin = chartPinOf(args.props);
        if (pin === undefined) {
            const chart: unknown = args.props.chart;
            const name = typeof chart === "string" ? chartBaseName(chart) : "";
            report(
                `${label} installs chart "${name}", which has no pin declaring its containers; declare its containers beside its pin in contract/versions.ts`,
            );
            return;
        }
        const values: unknown = args.props.values ?? {};
        for (const container of running(pin, values)) {
            const block = valueAt(values, container.resources);
            const problems = REQUIRED.map((field) => fieldProblem(block, field)).filter((p) => p !== undefined);
            const missing = problems.flatMap((p) => ("missing" in p ? [p.missing] : []));
            const invalid = problems.flatMap((p) => ("invalid" in p ? [p.invalid] : []));
            const at = `values.${container.resources}`;
            if (missing.length > 0) {
                report(`${label} container "${container.name}" sets no ${missing.join(", ")} at ${at}`);
            }
            for (const problem of invalid) {
                report(`${label} container "${container.name}": ${at}.${problem}`);
            }
        }
    },
};
