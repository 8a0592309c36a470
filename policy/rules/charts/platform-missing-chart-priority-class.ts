import { valueAt } from "../../../contract/json";
import { enabledIn } from "../../../contract/versions";
import { chartLabel, isChart } from "../../lib/charts-helm";
import { chartPinOf } from "../../lib/images";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { knownPriorityClasses, priorityClassProblem } from "../../lib/priority-classes";

// A chart default is not a declared class (as for resources): most default to none, and a built-in default may
// change with a bump. A chart without a pin is left to platform-missing-chart-container-resources, which reports it.
export const platformMissingChartPriorityClass: PlatformStackPolicy = {
    name: "platform-missing-chart-priority-class",
    description:
        "Every Helm chart sets each priority-class values path its pin declares to a PriorityClass declared in the stack or a built-in system class.",
    severity: "medium",
    tags: [Topic.charts, "scheduling"],
    remediationSteps:
        "Set each path of the pin's priorityClasses (contract/versions.ts) in the chart values with withPriorityClass, to the platform class from contract/priority-classes.ts; for a new chart, declare the paths from its values.yaml beside its pin.",
    validateStack: (args, report) => {
        const known = knownPriorityClasses(args.resources);
        for (const resource of args.resources) {
            const pin = isChart(resource.type) ? chartPinOf(resource.props) : undefined;
            if (pin === undefined) {
                continue;
            }
            const label = chartLabel(resource.type, resource.props, resource.name);
            const values: unknown = resource.props.values ?? {};
            for (const entry of pin.priorityClasses.filter((e) => enabledIn(values, e))) {
                const problem = priorityClassProblem(valueAt(values, entry.path), known);
                if (problem !== undefined) {
                    report(`${label} values.${entry.path} ${problem}`, resource.urn);
                }
            }
        }
    },
};
