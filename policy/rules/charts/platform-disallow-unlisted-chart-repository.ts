import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart, repositoryOf, underPrefix } from "../../lib/charts-helm";

/** The upstream repositories of the charts the platform installs (design §5). */
export const UPSTREAM_CHART_REPOSITORIES: readonly string[] = [
    "https://metallb.github.io/metallb",
    "oci://docker.io/envoyproxy",
    "https://charts.jetstack.io",
    "https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner",
    "https://charts.longhorn.io",
    "https://helm.mariadb.com/mariadb-operator",
    "https://prometheus-community.github.io/helm-charts",
    "https://grafana.github.io/helm-charts",
    "https://fluent.github.io/helm-charts",
    "https://helm.ngc.nvidia.com/nvidia",
    "https://nvidia.github.io/k8s-device-plugin",
];

const DEFAULTS = { allowedRepositories: [...UPSTREAM_CHART_REPOSITORIES], offlineMirror: "" };

export const platformDisallowUnlistedChartRepository: PlatformResourcePolicy = {
    name: "platform-disallow-unlisted-chart-repository",
    description: "Every Helm chart comes from an allowed repository, or only from the mirror when offline.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set repositoryOpts.repo (or an oci:// chart reference) to an allowed repository; offline, pull through the mirror.",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string" },
                description: "Repository prefixes charts may come from (scheme-insensitive, path-boundary match).",
                default: DEFAULTS.allowedRepositories,
            },
            offlineMirror: {
                type: "string",
                description: "When set, the only repository prefix allowed (air-gapped clusters).",
                default: DEFAULTS.offlineMirror,
            },
        },
    },
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const { allowedRepositories, offlineMirror } = withDefaults(DEFAULTS, args.getConfig);
        const label = chartLabel(args.type, args.props, args.name);
        const repository = repositoryOf(args.props);
        if (repository === undefined) {
            report(`${label} names no repository; set repositoryOpts.repo or an oci:// chart reference`);
        } else if (offlineMirror !== "") {
            if (!underPrefix(repository, offlineMirror)) {
                report(`${label} pulls from ${repository}, not the offline mirror ${offlineMirror}`);
            }
        } else if (!allowedRepositories.some((prefix) => underPrefix(repository, prefix))) {
            report(`${label} pulls from ${repository}, which is not in allowedRepositories`);
        }
    },
};
