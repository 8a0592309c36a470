import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart } from "../../lib/charts-helm";

/** An exact semantic version, with Helm's tolerated leading `v` (cert-manager's charts use it). */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const platformMissingPinnedChartVersion: PlatformResourcePolicy = {
    name: "platform-missing-pinned-chart-version",
    description: "Every Helm chart and release pins an exact chart version.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set version to an exact x.y.z taken from the versions file; never leave it empty or use a range.",
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const label = chartLabel(args.type, args.props, args.name);
        const version: string | undefined = args.props.version;
        if (version === undefined || version.trim() === "") {
            report(`${label} pins no version; Helm would install the latest chart`);
        } else if (!EXACT_VERSION.test(version)) {
            report(`${label} version "${version}" is not an exact version x.y.z`);
        }
    },
};
