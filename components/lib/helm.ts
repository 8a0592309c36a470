import type * as k8s from "@pulumi/kubernetes";
import { mirrorChartRepository, type ChartPin } from "../../contract/versions";

/** Where a Helm chart v4 resource fetches its chart from: the `chart`, `version` and `repositoryOpts` inputs. */
export interface ChartSource {
    readonly chart: string;
    readonly version: string;
    readonly repositoryOpts?: { readonly repo: string };
}

/**
 * Resolves a pinned chart to Chart v4 inputs. Without a mirror: HTTP repositories go in `repositoryOpts.repo`,
 * OCI repositories are prefixed to the chart name. With a mirror the chart is always pulled as the OCI artifact
 * `oci://<mirror>/charts/<chart>` at the same version (the mirror republishes every chart under `charts/`).
 */
export function chartSource(pin: ChartPin, mirror?: string): ChartSource {
    if (mirror !== undefined) {
        return { chart: `${mirrorChartRepository(mirror)}/${pin.chart}`, version: pin.version };
    }
    if (pin.repository.startsWith("oci://")) {
        return { chart: `${pin.repository}/${pin.chart}`, version: pin.version };
    }
    return { chart: pin.chart, version: pin.version, repositoryOpts: { repo: pin.repository } };
}

/** Chart v4 args from a pinned source, a namespace and values; the one shape every platform chart uses. */
export function chartArgs(
    source: ChartSource,
    namespace: k8s.helm.v4.ChartArgs["namespace"],
    values: Record<string, unknown>,
): k8s.helm.v4.ChartArgs {
    return {
        chart: source.chart,
        version: source.version,
        ...(source.repositoryOpts ? { repositoryOpts: { repo: source.repositoryOpts.repo } } : {}),
        namespace,
        values,
    };
}
