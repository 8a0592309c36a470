// The one place every chart and image version is pinned. Bump here, nowhere else; the render lists every chart
// with its version in charts.json, and the policy pack checks that nothing floats.
import { isRecord, valueAt } from "./json";

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

/** An image a chart runs, and where its values set it (read from the chart's default values). */
export interface ChartImage {
    /** Dotted values path of the image block (`controller.image`); the chart reads `repository` (and `tag`) there. */
    readonly path: string;
    /** The image the chart runs when its values name no repository there. */
    readonly upstream: Omit<ImagePin, "tag">;
    /** Dotted values path of a boolean that turns the image's workload on; false is off, unset means on. */
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
    readonly containers: readonly ChartContainer[];
    /**
     * Every image the chart runs with the values the platform sets, so the registry rule finds one the values leave
     * alone too, at the registry the chart would use. Every pin in CHARTS declares them.
     */
    readonly images: readonly ChartImage[];
    /** Dotted values path of the chart-wide registry that replaces `upstream.registry` where no repository is set. */
    readonly imageRegistryFrom?: string;
    /**
     * Dotted values path prefixes the chart accepts without a default (free-form maps such as a config object whose
     * default is `{}`): keys under them pass the values conformance check. Reviewed entries only, each with a why.
     * The `resources` blocks of `containers` need no entry: their `requests`/`limits` keys are checked as such.
     */
    readonly freeformValues: readonly string[];
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

/** Upstream registries of the chart images, so a mirror can stand in for each of them. */
export const CHART_IMAGE_REPOSITORIES = {
    metallbController: { registry: "quay.io", repository: "metallb/controller" },
    metallbSpeaker: { registry: "quay.io", repository: "metallb/speaker" },
    /** frr-k8s, MetalLB's BGP backend from 0.16 (its controller and status cleaner). */
    metallbFrrK8s: { registry: "quay.io", repository: "metallb/frr-k8s" },
    /** The FRR daemons frr-k8s runs on every node in BGP mode. */
    frr: { registry: "quay.io", repository: "frrouting/frr" },
    certManagerController: { registry: "quay.io", repository: "jetstack/cert-manager-controller" },
    certManagerWebhook: { registry: "quay.io", repository: "jetstack/cert-manager-webhook" },
    certManagerCainjector: { registry: "quay.io", repository: "jetstack/cert-manager-cainjector" },
    certManagerAcmeSolver: { registry: "quay.io", repository: "jetstack/cert-manager-acmesolver" },
    certManagerStartupApiCheck: { registry: "quay.io", repository: "jetstack/cert-manager-startupapicheck" },
    /** The Envoy Gateway controller and its certgen Job; gateway-helm rewrites only the registry part. */
    envoyGateway: { registry: "docker.io", repository: "envoyproxy/gateway" },
} as const satisfies Record<string, Omit<ImagePin, "tag">>;

/** Shorthand for the upstream images the pins list. */
const R = CHART_IMAGE_REPOSITORIES;

/** A container of MetalLB's frr-k8s DaemonSet, which runs only when the subchart is on (BGP mode). */
function frrK8sOnEveryNode(name: string, resources: string): ChartContainer {
    return { name, resources, replicas: { perNode: true }, enabledBy: "frrk8s.enabled" };
}

/**
 * Charts, each checked as the newest patch of its line in late 2026 (sources and dates beside each pin). The
 * values conformance test (tests/conformance/chart-values.test.ts) reads each chart's upstream default values;
 * where the pin is a newer patch than the stored defaults, the test maps it to them and says why.
 */
export const CHARTS = {
    /*
     * metallb 0.16.1: tag v0.16.1 (791dfcc), 2026-05-27; metallb.universe.tf/release-notes (no later 0.16.x found,
     * late 2026). 0.16 makes frr-k8s (subchart 0.0.25, values under `frr-k8s`) the BGP backend and deprecates FRR
     * mode; metrics are HTTPS only (kube-rbac-proxy is gone). Layer 2 needs no FRR, so frr-k8s runs only for BGP;
     * FRR mode (`speaker.frr.enabled`) stays off, so its frr/reloader/frr-metrics containers are not declared.
     * frr-k8s's four copy-only init containers have no resources values: the namespace LimitRange defaults them.
     */
    metallb: {
        chart: "metallb",
        version: "0.16.1",
        repository: "https://metallb.github.io/metallb",
        containers: [
            {
                name: "controller",
                resources: "controller.resources",
                replicas: { fixed: 1 },
                enabledBy: "controller.enabled",
            },
            {
                name: "speaker",
                resources: "speaker.resources",
                replicas: { perNode: true },
                enabledBy: "speaker.enabled",
            },
            frrK8sOnEveryNode("frr-k8s/controller", "frr-k8s.frrk8s.resources"),
            frrK8sOnEveryNode("frr-k8s/frr", "frr-k8s.frrk8s.frr.resources"),
            frrK8sOnEveryNode("frr-k8s/reloader", "frr-k8s.frrk8s.reloader.resources"),
            frrK8sOnEveryNode("frr-k8s/frr-metrics", "frr-k8s.frrk8s.frrMetrics.resources"),
            frrK8sOnEveryNode("frr-k8s/frr-status", "frr-k8s.frrk8s.frrStatus.resources"),
            // The status cleaner Deployment (it also serves frr-k8s's webhook) shares the controller's resources.
            {
                name: "frr-k8s-statuscleaner",
                resources: "frr-k8s.frrk8s.resources",
                replicas: { fixed: 1 },
                enabledBy: "frrk8s.enabled",
            },
        ],
        // `<workload>.image.repository` is the full repository, registry included; no chart-wide registry.
        images: [
            { path: "controller.image", upstream: R.metallbController, enabledBy: "controller.enabled" },
            { path: "speaker.image", upstream: R.metallbSpeaker, enabledBy: "speaker.enabled" },
            { path: "frr-k8s.frrk8s.image", upstream: R.metallbFrrK8s, enabledBy: "frrk8s.enabled" },
            { path: "frr-k8s.frrk8s.frr.image", upstream: R.frr, enabledBy: "frrk8s.enabled" },
        ],
        // The controller's pod securityContext (a PodSecurityContext; default runAsNonRoot, uid/fsGroup 65534): the
        // platform adds seccompProfile, which Helm merges into the chart's defaults.
        freeformValues: ["controller.securityContext"],
    },
    /*
     * cert-manager v1.21.3: late October 2026, release notes as quoted in sylva-core MR !9897 (removes trust in the
     * compromised eMudhra CA, CVE-2026-111943; fixes an ARI renewal loop; the chart now quotes the proxy values).
     * It supersedes v1.21.2 (~2026-09-11: HTTP-01 solver and Gateway API dnsNames fixes), so the newer patch matters.
     * Keys are checked against the stored v1.21.1 defaults: the fetched upstream snapshot (2026-08-22) has neither
     * newer tag, and its release-1.21 branch had no change under deploy/charts/cert-manager since v1.21.1.
     */
    certManager: {
        chart: "cert-manager",
        version: "v1.21.3",
        repository: "https://charts.jetstack.io",
        containers: [
            { name: "controller", resources: "resources", replicas: { valuesPath: "replicaCount", default: 1 } },
            {
                name: "webhook",
                resources: "webhook.resources",
                replicas: { valuesPath: "webhook.replicaCount", default: 1 },
            },
            {
                name: "cainjector",
                resources: "cainjector.resources",
                replicas: { valuesPath: "cainjector.replicaCount", default: 1 },
                enabledBy: "cainjector.enabled",
            },
            {
                name: "startupapicheck",
                resources: "startupapicheck.resources",
                replicas: { fixed: 1 },
                enabledBy: "startupapicheck.enabled",
            },
        ],
        // `image.repository` overrides the whole repository, else `imageRegistry` (default quay.io) + `imageNamespace`
        // + `image.name`; a block's `registry` is prepended to either.
        images: [
            { path: "image", upstream: R.certManagerController },
            { path: "webhook.image", upstream: R.certManagerWebhook },
            { path: "cainjector.image", upstream: R.certManagerCainjector, enabledBy: "cainjector.enabled" },
            {
                path: "startupapicheck.image",
                upstream: R.certManagerStartupApiCheck,
                enabledBy: "startupapicheck.enabled",
            },
            { path: "acmesolver.image", upstream: R.certManagerAcmeSolver },
        ],
        imageRegistryFrom: "imageRegistry",
        // The controller's ControllerConfiguration (default `{}`); cert-manager validates it at start-up. The keys
        // the platform sets are those of controller.config.cert-manager.io/v1alpha1 at v1.21.
        freeformValues: ["config"],
    },
    /*
     * gateway-helm v1.9.3: late October 2026, release notes as quoted in GitLab charts MR !5540 (ships Envoy 1.39.5,
     * fixes CVE-2026-35189 and golang.org/x/net HTTP/2 CVEs, no breaking changes); after v1.9.1 (2026-08-28) and
     * v1.9.2. Chart at oci://docker.io/envoyproxy/gateway-helm; it also installs the Gateway API CRDs. Keys are
     * checked against the stored v1.9.0 values.tmpl.yaml: the fetched snapshot (2026-08-22) has no newer tag and no
     * release/v1.9 commit after v1.9.0. The certgen Job (a Helm hook, run as a plain Job by Chart v4) runs once.
     */
    envoyGateway: {
        chart: "gateway-helm",
        version: "v1.9.3",
        repository: "oci://docker.io/envoyproxy",
        containers: [
            {
                name: "envoy-gateway",
                resources: "deployment.envoyGateway.resources",
                replicas: { valuesPath: "deployment.replicas", default: 1 },
            },
            { name: "certgen", resources: "certgen.job.resources", replicas: { fixed: 1 } },
        ],
        // The controller and the certgen Job run `deployment.envoyGateway.image.repository` when set, else
        // `global.images.envoyGateway.image` with its registry replaced by `global.imageRegistry`.
        images: [{ path: "deployment.envoyGateway.image", upstream: R.envoyGateway }],
        imageRegistryFrom: "global.imageRegistry",
        freeformValues: [],
    },
} as const satisfies Record<string, ChartPin>;

/** The upstream repositories of the pinned charts (sorted, unique): the policy pack's default chart allow-list. */
export const UPSTREAM_CHART_REPOSITORIES: readonly string[] = [
    ...new Set(Object.values(CHARTS).map((pin: ChartPin) => pin.repository)),
].sort();

/**
 * Images the platform sets itself (charts pin their own images through the chart version; with a mirror only the
 * registry part of those is rewritten).
 * - envoy distroless-v1.39.6: envoyproxy.io version history v1.39 (1.39.6, 2026-10-26). Envoy Gateway v1.9.3
 *   defaults to distroless-v1.39.5, which still trusts the compromised eMudhra CA; upstream's remediation is to
 *   run v1.39.6, so the EnvoyProxy always names this image.
 * - local-path-provisioner v0.0.37: tag v0.0.37 (rancher/local-path-provisioner, 2026-08-05; release PR #612, the
 *   newest tag found), the image its deploy/local-path-storage.yaml names.
 * - busybox 1.37.0 (Docker Official Image `library/busybox`) for local-path-provisioner's helper pods, which run its
 *   setup/teardown scripts and which upstream leaves on `docker.io/library/busybox` (latest); 1.37.0 is the newest
 *   busybox release found in the stored references (late 2026).
 */
export const IMAGES = {
    envoyProxy: { registry: "docker.io", repository: "envoyproxy/envoy", tag: "distroless-v1.39.6" },
    localPathProvisioner: { registry: "docker.io", repository: "rancher/local-path-provisioner", tag: "v0.0.37" },
    localPathHelper: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
} as const satisfies Record<string, ImagePin>;

/** Where a registry mirror republishes every chart: `oci://<mirror>/charts`, each chart under its own name. */
export function mirrorChartRepository(mirror: string): string {
    return `oci://${mirror}/charts`;
}

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

/** Whether a chart container or image runs with these values: its enabledBy value is not false (unset is on). */
export function enabledIn(values: unknown, item: { readonly enabledBy?: string }): boolean {
    return item.enabledBy === undefined || valueAt(values, item.enabledBy) !== false;
}

/** Chart values with `value` at a dotted path, the maps along it copied, or created where the values have none. */
export function withValueAt(values: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const [key, ...rest] = path.split(".");
    const under = values[key];
    const inner = rest.length === 0 ? value : withValueAt(isRecord(under) ? under : {}, rest.join("."), value);
    return { ...values, [key]: inner };
}

/**
 * Chart values with every declared image of the pin that they leave running pulled through the mirror: its
 * `<path>.repository` is the mirrored upstream repository; the tag stays the chart version's.
 */
export function withMirroredImages(
    values: Record<string, unknown>,
    pin: { readonly images: readonly ChartImage[] },
    mirror: string,
): Record<string, unknown> {
    return pin.images
        .filter((image) => enabledIn(values, image))
        .reduce(
            (mirrored, image) =>
                withValueAt(mirrored, `${image.path}.repository`, imageRepository(image.upstream, mirror)),
            values,
        );
}
