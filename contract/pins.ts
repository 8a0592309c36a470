// What a pin is and how the program and the pack use one: the pins themselves are in versions.ts.
import { isRecord, valueAt } from "./json";

/** How many copies of a chart container run. */
export type ChartReplicas =
    /** A fixed count the chart does not let values change. */
    | { readonly fixed: number }
    /** The count at a values path (dotted), or `default` when the program leaves it unset. */
    | { readonly valuesPath: string; readonly default: number }
    /** One per eligible node (a DaemonSet): every node, or only the GPU nodes (a DaemonSet that selects them). */
    | { readonly perNode: true | "gpu" };

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
    /**
     * Where its ephemeral-storage request and limit come from when the chart cannot carry them in `resources` (a
     * block the chart turns into cpu/memory flags only): `limitRange`, the namespace's defaults. Each use says why.
     * @default "values" (`resources` sets both)
     */
    readonly ephemeralStorage?: "values" | "limitRange";
}

/** A values path that names the PriorityClass of some of a chart's pods. */
export interface ChartPriorityClass {
    /** Dotted values path, e.g. `controller.priorityClassName`. */
    readonly path: string;
    /** Dotted values path of a boolean that turns those pods on; absent means always on. */
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
    /**
     * Every values path that sets the PriorityClass of pods the chart runs with the platform's values; pods the
     * chart gives no such path are named beside the pin.
     */
    readonly priorityClasses: readonly ChartPriorityClass[];
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

/**
 * The same for charts that write `<registry>/<repository>` (a global registry, when set, replacing each block's):
 * every running image's `<path>.registry` is `<mirror>/<upstream registry>` and its `<path>.repository` the
 * upstream repository, the global left empty, since one global cannot stand for images from several registries.
 */
export function withMirroredRegistries(
    values: Record<string, unknown>,
    pin: { readonly images: readonly ChartImage[] },
    mirror: string,
): Record<string, unknown> {
    return pin.images
        .filter((image) => enabledIn(values, image))
        .reduce((mirrored, image) => {
            const registry = withValueAt(mirrored, `${image.path}.registry`, `${mirror}/${image.upstream.registry}`);
            return withValueAt(registry, `${image.path}.repository`, image.upstream.repository);
        }, values);
}

/** Chart values with every running priority-class path of the pin set to `className`. */
export function withPriorityClass(
    values: Record<string, unknown>,
    pin: { readonly priorityClasses: readonly ChartPriorityClass[] },
    className: string,
): Record<string, unknown> {
    return pin.priorityClasses
        .filter((entry) => enabledIn(values, entry))
        .reduce((set, entry) => withValueAt(set, entry.path, className), values);
}
