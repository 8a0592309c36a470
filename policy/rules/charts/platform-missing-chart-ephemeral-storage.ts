import { valueAt } from "../../../contract/json";
import { enabledIn } from "../../../contract/versions";
import { chartLabel, isChart } from "../../lib/charts-helm";
import { ephemeralStorageProblems } from "../../lib/ephemeral-storage";
import { chartPinOf } from "../../lib/images";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";

// A rule of its own beside platform-missing-chart-container-resources, so a profile can phase it in and an
// exemption for one chart's disk use does not silence its cpu and memory. Containers whose pin says the chart
// cannot carry ephemeral-storage (`ephemeralStorage: "limitRange"`) take the namespace LimitRange's defaults. A chart
// without a pin is reported by the resources rule.
export const platformMissingChartEphemeralStorage: PlatformResourcePolicy = {
    name: "platform-missing-chart-ephemeral-storage",
    description:
        "Every Helm chart sets an ephemeral-storage request and a limit no lower than it in its values for each container its pin declares.",
    severity: "medium",
    tags: [Topic.charts],
    remediationSteps:
        'Set requests.ephemeral-storage and limits.ephemeral-storage at the container\'s resources path in the chart values (withEphemeralStorage from contract/ephemeral-storage.ts); where the chart cannot pass them on, mark the container `ephemeralStorage: "limitRange"` beside its pin and say why.',
    validateResource: (args, report) => {
        const pin = isChart(args.type) ? chartPinOf(args.props) : undefined;
        if (pin === undefined) {
            return;
        }
        const label = chartLabel(args.type, args.props, args.name);
        const values: unknown = args.props.values ?? {};
        const running = pin.containers.filter((c) => enabledIn(values, c) && c.ephemeralStorage !== "limitRange");
        for (const container of running) {
            for (const problem of ephemeralStorageProblems(valueAt(values, container.resources) ?? {})) {
                report(`${label} container "${container.name}" ${problem} at values.${container.resources}`);
            }
        }
    },
};
