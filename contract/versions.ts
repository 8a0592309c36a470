// The one place every chart and image version is pinned. Bump here, nowhere else; the render lists every chart
// with its version in charts.json, and the policy pack checks that nothing floats.

/** How many copies of a chart container run. */
export type ChartReplicas =
    /** A fixed count the chart does not let values change. */
    | { readonly fixed: number }
    /** The count at a values path (dotted), or `default` when the program leaves it unset. */
    | { readonly valuesPath: string; readonly default: number }
    /** One per eligible node (a DaemonSet). */
    | { readonly perNode: true };

/**
 * One container a chart runs, where its resources are set in values, and how many copies run. The footprint
 * report and the capacity rule read requests and limits at `resources` in the values the program sets; the
 * chart rule requires them there (a chart default is not a declared footprint).
 */
export interface ChartContainer {
    /** Workload and container, e.g. `controller` or `speaker/frr`. */
    readonly name: string;
    /** Dotted values path of its `resources` block, e.g. `controller.resources`. */
    readonly resources: string;
    readonly replicas: ChartReplicas;
    /** Dotted values path of a boolean that turns the container on; absent means always on. */
    readonly enabledBy?: string;
}

/** A Helm chart at an exact version from its upstream repository (HTTP index or `oci://` prefix). */
export interface ChartPin {
    /** Chart name inside the repository. */
    readonly chart: string;
    /** Exact chart version; never a range. */
    readonly version: string;
    /** Upstream repository: an HTTP(S) index URL, or an `oci://` prefix the chart name is appended to. */
    readonly repository: string;
    /** Every container the chart runs with the values the platform sets. */
    readonly containers?: readonly ChartContainer[];
}

/** A container image at an exact tag, split so a registry mirror can be put in front of it. */
export interface ImagePin {
    /** Upstream registry host, e.g. `docker.io`. */
    readonly registry: string;
    /** Repository path inside the registry, e.g. `envoyproxy/envoy`. */
    readonly repository: string;
    /** Exact tag; never `latest`. */
    readonly tag: string;
}

/**
 * Charts. Sources checked when pinning:
 * - metallb 0.15.3: endoflife.date/metallb (latest of the maintained 0.15 line, 2025-12-04); chart repo
 *   https://metallb.github.io/metallb (metallb.io installation docs).
 * - cert-manager v1.21.2: cert-manager release notes (v1.21.2 fixes ACME/HTTP-01 and Gateway API dnsNames bugs);
 *   chart repo https://charts.jetstack.io (cert-manager.io/docs/installation/helm).
 * - gateway-helm v1.9.1: Envoy Gateway releases (v1.9.1, 2026-08-28; Gateway API v1.6.1, Envoy 1.39.x per the
 *   compatibility matrix); chart at oci://docker.io/envoyproxy/gateway-helm (gateway.envoyproxy.io install docs).
 *   The chart also installs the Gateway API CRDs.
 */
export const CHARTS = {
    metallb: { chart: "metallb", version: "0.15.3", repository: "https://metallb.github.io/metallb" },
    certManager: { chart: "cert-manager", version: "v1.21.2", repository: "https://charts.jetstack.io" },
    envoyGateway: { chart: "gateway-helm", version: "v1.9.1", repository: "oci://docker.io/envoyproxy" },
} as const satisfies Record<string, ChartPin>;

/**
 * Images the platform sets itself (charts pin their own images through the chart version; with a mirror only the
 * registry part of those is rewritten).
 * - envoy distroless-v1.39.1: the data-plane image Envoy Gateway v1.9.1 deploys by default.
 */
export const IMAGES = {
    envoyProxy: { registry: "docker.io", repository: "envoyproxy/envoy", tag: "distroless-v1.39.1" },
} as const satisfies Record<string, ImagePin>;

/** Upstream registries of the chart images, so a mirror can stand in for each of them. */
export const CHART_IMAGE_REPOSITORIES = {
    metallbController: { registry: "quay.io", repository: "metallb/controller" },
    metallbSpeaker: { registry: "quay.io", repository: "metallb/speaker" },
    frr: { registry: "quay.io", repository: "frrouting/frr" },
    certManagerController: { registry: "quay.io", repository: "jetstack/cert-manager-controller" },
    certManagerWebhook: { registry: "quay.io", repository: "jetstack/cert-manager-webhook" },
    certManagerCainjector: { registry: "quay.io", repository: "jetstack/cert-manager-cainjector" },
    certManagerAcmeSolver: { registry: "quay.io", repository: "jetstack/cert-manager-acmesolver" },
    certManagerStartupApiCheck: { registry: "quay.io", repository: "jetstack/cert-manager-startupapicheck" },
} as const satisfies Record<string, Omit<ImagePin, "tag">>;

/**
 * Mirror convention: a mirror `harbor.example.com/mirror` serves `<registry>/<repository>` under its own path, so
 * `quay.io/metallb/controller` is pulled as `harbor.example.com/mirror/quay.io/metallb/controller` (one proxy
 * project per upstream registry keeps `docker.io/x` and `quay.io/x` apart).
 */
export function imageRepository(image: Omit<ImagePin, "tag">, mirror?: string): string {
    return mirror === undefined
        ? `${image.registry}/${image.repository}`
        : `${mirror}/${image.registry}/${image.repository}`;
}

/** The full image reference, through the mirror when one is set. */
export function imageRef(image: ImagePin, mirror?: string): string {
    return `${imageRepository(image, mirror)}:${image.tag}`;
}
