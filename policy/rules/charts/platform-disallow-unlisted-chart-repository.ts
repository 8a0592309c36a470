import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { chartLabel, isChart, repositoryOf, underPrefix } from "../../lib/charts-helm";
import { UPSTREAM_CHART_REPOSITORIES } from "../../../contract/versions";

const DEFAULTS = { allowedRepositories: [...UPSTREAM_CHART_REPOSITORIES] };

// The allowed repositories are the profile's alone (reviewed like code), never the registry mirror a stack file
// declares: a stack that pulls its charts through its mirror (registry.offline) needs the mirror's charts
// (mirrorChartRepository in contract/versions.ts) listed in its profile, so moving the mirror takes a profile change.
export const platformDisallowUnlistedChartRepository: PlatformResourcePolicy = {
    name: "platform-disallow-unlisted-chart-repository",
    description: "Every Helm chart comes from a repository the policy profile allows.",
    severity: "high",
    tags: [Topic.charts],
    remediationSteps:
        "Set repositoryOpts.repo (or an oci:// chart reference) to an allowed repository (allowedRepositories in the stack's policy profile); to pull charts through a registry mirror, which republishes every chart under its charts/ path (oci://<mirror>/charts), list that path in the profile.",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string" },
                description:
                    "Repository prefixes charts may come from (scheme-insensitive, path-boundary match), a registry mirror's charts included; by default the upstream repositories of the chart pins.",
                default: DEFAULTS.allowedRepositories,
            },
        },
    },
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const { allowedRepositories } = withDefaults(DEFAULTS, args.getConfig);
        const label = chartLabel(args.type, args.props, args.name);
        const repository = repositoryOf(args.props);
        if (repository === undefined) {
            report(`${label} names no repository; set repositoryOpts.repo or an oci:// chart reference`);
        } else if (!allowedRepositories.some((prefix) => underPrefix(repository, prefix))) {
            report(`${label} pulls from ${repository}, which is not in allowedRepositories`);
        }
    },
};
