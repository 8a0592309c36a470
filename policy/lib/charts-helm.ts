import { CHART_TYPES, K8sType } from "../../contract/k8s-types";
import type { Props } from "./resources";

export function isChart(type: string): boolean {
    return CHART_TYPES.includes(type);
}

/** `Chart "cert-manager"` / `Release "mariadb-operator"`: the release name, else the Pulumi resource name. */
export function chartLabel(type: string, props: Props, resourceName: string): string {
    const kind = type === K8sType.releaseV3 ? "Release" : "Chart";
    return `${kind} "${props.name ?? resourceName}"`;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;

/**
 * Where a chart is pulled from: repositoryOpts.repo, else the chart reference itself when it is a URL
 * (`oci://registry/charts/name`, `https://host/name-1.2.3.tgz`); undefined for `repo/name` aliases and local paths.
 */
export function repositoryOf(props: Props): string | undefined {
    const repo: string | undefined = props.repositoryOpts?.repo;
    if (repo !== undefined && repo !== "") {
        return repo;
    }
    const chart: string | undefined = props.chart;
    return chart !== undefined && SCHEME.test(chart) ? chart : undefined;
}

function normalise(location: string): string {
    return location.replace(SCHEME, "").replace(/\/+$/, "");
}

/**
 * Whether a repository lies under a prefix, compared without scheme and trailing slashes and on a path
 * boundary: `charts.example.com/mirror` covers `oci://charts.example.com/mirror/x` but not `.../mirror-2`.
 */
export function underPrefix(repository: string, prefix: string): boolean {
    const repo = normalise(repository);
    const base = normalise(prefix);
    return base !== "" && (repo === base || repo.startsWith(`${base}/`));
}
