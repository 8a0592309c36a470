import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart } from "../../lib/charts-helm";
import { chartImages } from "../../lib/images";

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
        // The mutable `latest` image: an image block's `tag: latest`, or an `image: repo:latest` reference.
        for (const { tag } of chartImages(args.props)) {
            if (tag?.name === "latest") {
                report(`${label} sets ${tag.path} to "${tag.written}"; pin an exact image tag`);
            }
        }
    },
};
