import type { PlatformPolicy } from "../../lib/metadata";
import { platformMissingChartEphemeralStorage } from "./platform-missing-chart-ephemeral-storage";
import { platformMissingChartPriorityClass } from "./platform-missing-chart-priority-class";
import { platformDisallowLatestChartImageTag } from "./platform-disallow-latest-chart-image-tag";
import { platformDisallowUnlistedChartRepository } from "./platform-disallow-unlisted-chart-repository";
import { platformMissingChartContainerResources } from "./platform-missing-chart-container-resources";
import { platformMissingPinnedChartVersion } from "./platform-missing-pinned-chart-version";

export const chartsPolicies: readonly PlatformPolicy[] = [
    platformMissingPinnedChartVersion,
    platformDisallowUnlistedChartRepository,
    platformDisallowLatestChartImageTag,
    platformMissingChartContainerResources,
    platformMissingChartEphemeralStorage,
    platformMissingChartPriorityClass,
];
