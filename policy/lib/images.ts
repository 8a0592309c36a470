// The one image finder of the pack: every image a resource makes the cluster pull, wherever it is set. Pod specs,
// custom resources (an EnvoyProxy's container image) and chart values are walked alike, for image references and
// blocks, never by a list of paths; a chart's own images come from its pin's declared images (CHARTS in
// contract/versions.ts), so one its values leave alone is found too, at the registry the chart would use.
import { isRecord, joinedPath, trimmedText, valueAt } from "../../contract/json";
import { CHARTS, enabledIn, type ChartImage, type ChartPin } from "../../contract/versions";
import { chartLabel, isChart } from "./charts-helm";
import type { Props } from "./resources";
import { chartBaseName } from "./security-charts";
import { parseImage } from "./security-images";

/** One image a resource makes the cluster pull. */
export interface FoundImage {
    /**
     * The `image` field that sets it: `values.controller.image`, `spec.template.spec.initContainers[0].image`; for an
     * image a chart runs by default, where its values would set it.
     */
    readonly path: string;
    /**
     * The reference the runtime pulls (`quay.io/metallb/controller`, without the tag when a values block sets it
     * apart); undefined for a block that names only a tag, in a chart whose images the pack does not know.
     */
    readonly image?: string;
    /** Where the image comes from when the values do not spell it out: `the chart's default`, `registry from …`. */
    readonly origin?: string;
    /** The tag, and the value that sets it as written: a block's `values.image.tag`, or the reference itself. */
    readonly tag?: { readonly name: string; readonly path: string; readonly written: string };
}

/** Top-level keys that hold a ConfigMap's or Secret's payload, which no runtime pulls. */
const PAYLOAD_KEYS = ["data", "stringData", "binaryData"];

/** An `image: "registry/repository:tag"` reference. */
function fromReference(path: string, reference: string): FoundImage {
    const tag = parseImage(reference).tag;
    return { path, image: reference, ...(tag === undefined ? {} : { tag: { name: tag, path, written: reference } }) };
}

/** What a chart runs where a block names no repository: its default repository, under a registry. */
interface Fallback {
    readonly image: string;
    readonly origin: string;
}

/**
 * An `image: {registry, repository, tag}` block. `repository` is the whole repository unless `registry` is set,
 * which goes in front of it (or of the chart's default, as cert-manager's does); with no repository the chart's
 * default applies, when the pack knows it.
 */
function fromBlock(path: string, block: unknown, fallback?: Fallback): FoundImage | undefined {
    const registry = trimmedText(block, "registry");
    const repository = trimmedText(block, "repository");
    const tagValue = trimmedText(block, "tag");
    const tag = tagValue === undefined ? {} : { tag: { name: tagValue, path: `${path}.tag`, written: tagValue } };
    if (repository !== undefined) {
        return { path, image: joinedPath(registry, repository), ...tag };
    }
    if (fallback !== undefined) {
        return { path, image: joinedPath(registry, fallback.image), origin: fallback.origin, ...tag };
    }
    return tagValue === undefined ? undefined : { path, ...tag };
}

/** The image an `image` field's value sets: a reference string or a block; nothing when it is empty. */
function imageValue(path: string, value: unknown, fallback?: Fallback): FoundImage[] {
    if (typeof value === "string" && value.trim() !== "") {
        return [fromReference(path, value.trim())];
    }
    const found = fromBlock(path, value, fallback);
    return found === undefined ? [] : [found];
}

/** Whether a branch is an image block: the value of an `image` key, or any map with a `repository` or a `tag`. */
function isBlock(key: string, raw: object): boolean {
    return key === "image" || typeof (raw as Props).repository === "string" || typeof (raw as Props).tag === "string";
}

/**
 * Every image under `node`, at any depth: `image` references and image blocks (an `image` map, or a map with a
 * `repository` or `tag`, such as Longhorn's `image.longhorn.engine`). Branches are entered only when they are
 * objects or arrays (read from the property descriptor, so a preview-unknown scalar under an unrelated key is never
 * read), while an image is read through the proxy, so an unknown one makes the engine report that the policy could
 * not run.
 */
function imageFields(node: Props, path: string, skip: ReadonlySet<string>): FoundImage[] {
    const found: FoundImage[] = [];
    const array = Array.isArray(node);
    for (const key of Object.keys(node)) {
        const at = array ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
        const raw: unknown = Object.getOwnPropertyDescriptor(node, key)?.value;
        const branch = raw !== null && typeof raw === "object";
        if (skip.has(at) || (path === "" && PAYLOAD_KEYS.includes(key))) {
            continue;
        }
        if (!array && key === "image" && !branch) {
            found.push(...imageValue(at, node[key]));
        } else if (branch) {
            const block = !array && isBlock(key, raw) ? fromBlock(at, node[key]) : undefined;
            found.push(...(block === undefined ? imageFields(node[key], at, skip) : [block]));
        }
    }
    return found;
}

/** The pin of the chart a Chart or Release installs, by chart name; undefined for a chart not pinned. */
export function chartPinOf(props: Props): ChartPin | undefined {
    const chart: unknown = props.chart;
    const name = typeof chart === "string" ? chartBaseName(chart) : undefined;
    return Object.values(CHARTS).find((pin: ChartPin) => pin.chart === name);
}

/** A declared image of a pinned chart as its values leave it: set there, or the chart's default. */
function declaredImage(values: unknown, pin: ChartPin, image: ChartImage): FoundImage[] {
    const registry = pin.imageRegistryFrom === undefined ? undefined : valueAt(values, pin.imageRegistryFrom);
    const moved = typeof registry === "string" && registry.trim() !== "" ? registry.trim() : undefined;
    const fallback: Fallback = {
        image: `${moved ?? image.upstream.registry}/${image.upstream.repository}`,
        origin: moved === undefined ? "the chart's default" : `registry from values.${pin.imageRegistryFrom}`,
    };
    return imageValue(`values.${image.path}`, valueAt(values, image.path), fallback);
}

/**
 * Every image a Helm chart or release runs: those of its pin (CHARTS in contract/versions.ts), unless a values
 * switch turns their workload off, then any other `image` field of its values (sidecars, extra containers).
 */
export function chartImages(props: Props): FoundImage[] {
    const values: unknown = props.values;
    const pin = chartPinOf(props);
    const declared = pin?.images ?? [];
    const running = declared.filter((i) => enabledIn(values, i));
    const skip = new Set(declared.map((i) => `values.${i.path}`));
    return [
        ...(pin === undefined ? [] : running.flatMap((image) => declaredImage(values, pin, image))),
        ...(isRecord(values) ? imageFields(values as Props, "values", skip) : []),
    ];
}

/** Every image a resource makes the cluster pull: a chart's (see chartImages), else every `image` field it sets. */
export function imagesOf(type: string, props: Props): FoundImage[] {
    return isChart(type) ? chartImages(props) : imageFields(props, "", new Set());
}

/** `Chart "metallb"`, `Deployment "apps/web"`, `EnvoyProxy "envoy-gateway-system/platform"`: for messages. */
export function imageOwnerLabel(type: string, props: Props, name: string): string {
    if (isChart(type)) {
        return chartLabel(type, props, name);
    }
    const namespace: unknown = props.metadata?.namespace;
    const qualified = `${typeof namespace === "string" ? `${namespace}/` : ""}${props.metadata?.name ?? name}`;
    return `${type.slice(type.lastIndexOf(":") + 1)} "${qualified}"`;
}
