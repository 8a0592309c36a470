import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { chartLabel, isChart, repositoryOf, underPrefix } from "../../lib/charts-helm";
import { findInventory } from "../../lib/quotas-inventory";
import { mirrorChartRepository, UPSTREAM_CHART_REPOSITORIES } from "../../../contract/versions";

const DEFAULTS = { allowedRepositories: [...UPSTREAM_CHART_REPOSITORIES] };

// The mirror's charts are allowed in addition to the upstream repositories, not instead: the stack pulls charts
// through the mirror only when registry.offline is set, which the inventory does not publish.
// A stack policy, not a resource policy: the mirror is published in the cluster inventory ConfigMap, which only a
// stack policy sees next to the charts (in `pulumi preview` too).
export const platformDisallowUnlistedChartRepository: PlatformStackPolicy = {
    name: "platform-disallow-unlisted-chart-repository",
    description:
        "Every Helm chart comes from an allowed repository or from the charts of the registry mirror the cluster inventory declares.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set repositoryOpts.repo (or an oci:// chart reference) to an allowed repository, or pull the chart through the registry mirror, which republishes every chart under its charts/ path.",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string" },
                description:
                    "Repository prefixes charts may come from (scheme-insensitive, path-boundary match); by default the repositories of the chart pins.",
                default: DEFAULTS.allowedRepositories,
            },
        },
    },
    validateStack: (args, report) => {
        const { allowedRepositories } = withDefaults(DEFAULTS, args.getConfig);
        const mirror = findInventory(args.resources)?.registryMirror;
        const allowed =
            mirror === undefined ? allowedRepositories : [...allowedRepositories, mirrorChartRepository(mirror)];
        const unlisted =
            mirror === undefined
                ? "is not in allowedRepositories"
                : `is neither in allowedRepositories nor under ${mirrorChartRepository(mirror)}, the charts of the registry mirror the cluster inventory declares`;
        for (const resource of args.resources) {
            if (!isChart(resource.type)) {
                continue;
            }
            const label = chartLabel(resource.type, resource.props, resource.name);
            const repository = repositoryOf(resource.props);
            if (repository === undefined) {
                report(
                    `${label} names no repository; set repositoryOpts.repo or an oci:// chart reference`,
                    resource.urn,
                );
            } else if (!allowed.some((prefix) => underPrefix(repository, prefix))) {
                report(`${label} pulls from ${repository}, which ${unlisted}`, resource.urn);
            }
        }
    },
};
