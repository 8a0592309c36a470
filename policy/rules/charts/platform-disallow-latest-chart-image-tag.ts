import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart, walkValues } from "../../lib/charts-helm";

/** Whether a values leaf asks for the mutable `latest` image: a `tag: latest`, or an `image: repo:latest`. */
function isLatest(key: string, value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    return (key === "tag" && value.trim() === "latest") || (key === "image" && /:latest$/.test(value.trim()));
}

export const platformDisallowLatestChartImageTag: PlatformResourcePolicy = {
    name: "platform-disallow-latest-chart-image-tag",
    description: "No Helm chart's values set an image tag of latest.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set the image tag in the chart values to the pinned version from the versions file, or leave it empty to use the chart's appVersion.",
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const label = chartLabel(args.type, args.props, args.name);
        for (const { path, key, value } of walkValues(args.props.values ?? {})) {
            if (isLatest(key, value)) {
                report(`${label} sets ${path} to "${value}"; pin an exact image tag`);
            }
        }
    },
};
