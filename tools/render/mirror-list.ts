// What a registry mirror must hold before a stack can run from it, read from the stack's offline render: every
// upstream image the cluster pulls and every chart the program installs, each with the address the mirror serves
// it at. `npm run mirror-list` prints it (mirror-list-cli.ts); tests/stacks/mirror.test.ts uses the same finder to
// prove that a mirrored stack pulls nothing from anywhere else. Images are found by structure (any `image` field,
// any image block, manifests embedded in ConfigMaps), never by a list of components, so a new area is covered.
import { parse, parseAllDocuments } from "yaml";
import { INVENTORY, isInventoryObject, readInventoryData } from "../../contract/inventory";
import { isRecord, joinedPath, trimmedText, valueAt, type JsonRecord } from "../../contract/json";
import { byCodePoint } from "../../contract/order";
import {
    CHARTS,
    enabledIn,
    imageRepository,
    mirrorChartRepository,
    type ChartImage,
    type ChartPin,
} from "../../contract/versions";

/** One image a rendered object makes the cluster pull. */
export interface FoundImage {
    /** The field that sets it: `spec.template.spec.initContainers[1].image`, `values.controller.image`. */
    readonly path: string;
    /**
     * Registry first, as the runtime resolves it (`busybox:1.37.0` is `docker.io/library/busybox:1.37.0`); for an
     * image block without a tag, the repository only.
     */
    readonly reference: string;
    /** Whether `reference` names a tag or digest; false where the chart version picks the tag. */
    readonly tagged: boolean;
}

/** A chart as charts.json lists it. */
export interface RenderedChart {
    readonly name: string;
    readonly chart: string;
    readonly version: string;
    readonly repository: string | null;
    readonly values: unknown;
}

/** A Kubernetes object as manifests.yaml holds it. */
export type RenderedObject = JsonRecord;

/** The two render outputs the list is read from, parsed. */
export interface RenderedStack {
    readonly manifests: readonly RenderedObject[];
    readonly charts: readonly RenderedChart[];
}

/** Top-level keys that hold a ConfigMap's or Secret's payload; only manifests embedded in them are images. */
const PAYLOAD_KEYS = ["data", "stringData", "binaryData"];

/** The first path component is a registry host when it has a dot or a port, or is `localhost`. */
function isRegistryHost(component: string): boolean {
    return component.includes(".") || component.includes(":") || component === "localhost";
}

/** `[registry/]path[:tag][@digest]` with Docker Hub's implicit host and `library/` written out. */
export function normalizeReference(reference: string): string {
    const at = reference.indexOf("@");
    const named = at >= 0 ? reference.slice(0, at) : reference;
    const digest = at >= 0 ? reference.slice(at) : "";
    const slash = named.lastIndexOf("/");
    const colon = named.lastIndexOf(":");
    const name = colon > slash ? named.slice(0, colon) : named;
    const tag = colon > slash ? named.slice(colon) : "";
    const [first, ...rest] = name.split("/");
    if (rest.length > 0 && isRegistryHost(first)) {
        return `${first.toLowerCase()}/${rest.join("/")}${tag}${digest}`;
    }
    const path = name.includes("/") ? name : `library/${name}`;
    return `docker.io/${path}${tag}${digest}`;
}

/** Whether a reference names a tag or a digest. */
function hasTag(reference: string): boolean {
    const named = reference.split("@")[0];
    return reference.includes("@") || named.lastIndexOf(":") > named.lastIndexOf("/");
}

function fromReference(path: string, reference: string): FoundImage {
    return { path, reference: normalizeReference(reference), tagged: hasTag(reference) };
}

/**
 * An image block: `registry` (optional) before `repository`, and an image name after it when the block also names
 * one (the GPU Operator's `repository`/`image`/`version`); the tag from `tag`, or `version` in that shape.
 */
function fromBlock(path: string, block: JsonRecord): FoundImage | undefined {
    const repository = trimmedText(block, "repository");
    if (repository === undefined) {
        return undefined;
    }
    const name = trimmedText(block, "image");
    const tag = trimmedText(block, "tag") ?? (name === undefined ? undefined : trimmedText(block, "version"));
    const image = joinedPath(
        trimmedText(block, "registry"),
        name === undefined ? repository : joinedPath(repository, name),
    );
    return fromReference(path, tag === undefined ? image : `${image}:${tag}`);
}

/** Whether a map is an image block: the value of an `image` key, or any map with a `repository` string. */
function isBlock(key: string, value: JsonRecord): boolean {
    return key === "image" || typeof value.repository === "string";
}

/**
 * Every image under `node`: `image` references at any depth, and image blocks (an `image` map, or any map with a
 * `repository`, such as Longhorn's `image.longhorn.engine`). Paths in `skip` are not entered.
 */
export function imageFields(node: unknown, path = "", skip: ReadonlySet<string> = new Set()): FoundImage[] {
    if (Array.isArray(node)) {
        return node.flatMap((item, i) => imageFields(item, `${path}[${i}]`, skip));
    }
    if (!isRecord(node)) {
        return [];
    }
    return Object.entries(node).flatMap(([key, value]): FoundImage[] => {
        const at = path === "" ? key : `${path}.${key}`;
        if (skip.has(at)) {
            return [];
        }
        if (key === "image" && typeof value === "string") {
            return value.trim() === "" ? [] : [fromReference(at, value.trim())];
        }
        const block = isRecord(value) && isBlock(key, value) ? fromBlock(at, value) : undefined;
        return block === undefined ? imageFields(value, at, skip) : [block];
    });
}

/** A payload value that is itself a Kubernetes object (a helper pod template), parsed; else undefined. */
function embeddedObject(value: unknown): unknown {
    if (typeof value !== "string" || !value.includes("image")) {
        return undefined;
    }
    try {
        const parsed: unknown = parse(value);
        return typeof valueAt(parsed, "apiVersion") === "string" && typeof valueAt(parsed, "kind") === "string"
            ? parsed
            : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Every image a rendered object makes the cluster pull: pod specs and custom resources alike, and the objects a
 * ConfigMap or Secret carries as text (local-path-provisioner's `helperPod.yaml`), found at `data.<key>:<path>`.
 */
export function manifestImages(object: RenderedObject): FoundImage[] {
    const own = imageFields(object, "", new Set(PAYLOAD_KEYS));
    const embedded = PAYLOAD_KEYS.flatMap((payload) =>
        Object.entries(isRecord(object[payload]) ? object[payload] : {}).flatMap(([key, value]) =>
            imageFields(embeddedObject(value)).map((found) => ({ ...found, path: `${payload}.${key}:${found.path}` })),
        ),
    );
    return [...own, ...embedded];
}

/** The pin of a chart by its name (`longhorn`, `oci://<mirror>/charts/longhorn`); undefined when not pinned. */
export function chartPinOf(chart: string): ChartPin | undefined {
    const name = chart.slice(chart.lastIndexOf("/") + 1);
    return Object.values(CHARTS).find((pin: ChartPin) => pin.chart === name);
}

/**
 * A declared image of a pinned chart as its values leave it: the block's repository (whole, or after its registry;
 * the chart-wide registry, when set, replaces the block's), or the pin's upstream repository where none is set.
 */
export function declaredImage(values: unknown, pin: ChartPin, image: ChartImage): FoundImage {
    const path = `values.${image.path}`;
    const block = valueAt(values, image.path);
    if (typeof block === "string" && block.trim() !== "") {
        return fromReference(path, block.trim());
    }
    const chartWide = pin.imageRegistryFrom === undefined ? undefined : valueAt(values, pin.imageRegistryFrom);
    const registry =
        typeof chartWide === "string" && chartWide.trim() !== "" ? chartWide.trim() : trimmedText(block, "registry");
    const repository = trimmedText(block, "repository");
    const name =
        repository === undefined
            ? joinedPath(registry ?? image.upstream.registry, image.upstream.repository)
            : joinedPath(registry, repository);
    const tag = trimmedText(block, "tag") ?? trimmedText(block, "version");
    return fromReference(path, tag === undefined ? name : `${name}:${tag}`);
}

/**
 * Every image a chart runs: its pin's declared images that its values leave switched on (at the chart's default
 * repository where the values set none), then any other image its values set (sidecars, extra containers).
 */
export function chartImages(chart: RenderedChart): FoundImage[] {
    const pin = chartPinOf(chart.chart);
    if (pin === undefined) {
        return imageFields(chart.values, "values");
    }
    const skip = new Set(pin.images.map((image) => `values.${image.path}`));
    return [
        ...pin.images.filter((image) => enabledIn(chart.values, image)).map((i) => declaredImage(chart.values, pin, i)),
        ...imageFields(chart.values, "values", skip),
    ];
}

/** Whether a reference is pulled through the mirror: it lies under `<mirror>/`. */
export function underMirror(reference: string, mirror: string): boolean {
    return reference.toLowerCase().startsWith(`${mirror.replace(/\/+$/, "").toLowerCase()}/`);
}

/** An image and the object that pulls it. */
export interface OwnedImage extends FoundImage {
    /** `Deployment ml/triton`, `Chart longhorn-chart`. */
    readonly owner: string;
}

function ownerOf(object: RenderedObject): string {
    const namespace = valueAt(object, "metadata.namespace");
    const name = String(valueAt(object, "metadata.name"));
    return `${String(object.kind)} ${typeof namespace === "string" ? `${namespace}/` : ""}${name}`;
}

/** Every image of the rendered stack, with its owner. */
export function stackImages(stack: RenderedStack): OwnedImage[] {
    return [
        ...stack.manifests.flatMap((o) => manifestImages(o).map((found) => ({ ...found, owner: ownerOf(o) }))),
        ...stack.charts.flatMap((c) => chartImages(c).map((found) => ({ ...found, owner: `Chart ${c.name}` }))),
    ];
}

/** Every image of the rendered stack that the mirror does not serve. */
export function escapes(stack: RenderedStack, mirror: string): OwnedImage[] {
    return stackImages(stack).filter((found) => !underMirror(found.reference, mirror));
}

/** The registry mirror the stack's inventory ConfigMap publishes; undefined when it declares none. */
export function registryMirrorOf(manifests: readonly RenderedObject[]): string | undefined {
    const inventory = manifests.find((o) => o.kind === "ConfigMap" && isInventoryObject(INVENTORY.type, o));
    return inventory === undefined ? undefined : readInventoryData(inventory.data).registryMirror;
}

/** manifests.yaml and charts.json of a render, parsed. */
export function parseRendered(files: Readonly<Record<string, string>>): RenderedStack {
    const manifests = parseAllDocuments(files["manifests.yaml"]).map((doc) => doc.toJS() as RenderedObject);
    const charts = JSON.parse(files["charts.json"]) as RenderedChart[];
    return { manifests: manifests.filter(isRecord), charts };
}

/** What the mirror must hold. Every entry's `target` is where the mirror serves it, when there is a mirror. */
export interface MirrorList {
    readonly mirror?: string;
    /** Upstream references with a tag: `docker.io/library/busybox:1.37.0`. */
    readonly images: readonly { readonly upstream: string; readonly target?: string }[];
    /** Upstream repositories whose tag the chart version's defaults pick (the pins record none). */
    readonly chartImages: readonly {
        readonly upstream: string;
        readonly chart: string;
        readonly version: string;
        readonly target?: string;
    }[];
    /** Upstream chart sources: an HTTP(S) index or an `oci://` prefix, the chart and its version. */
    readonly charts: readonly {
        readonly repository: string;
        readonly chart: string;
        readonly version: string;
        readonly target?: string;
    }[];
}

/** The upstream reference behind one the mirror serves (`<mirror>/<registry>/<repository>`). */
export function upstreamOf(reference: string, mirror?: string): string {
    return mirror !== undefined && underMirror(reference, mirror)
        ? normalizeReference(reference.slice(mirror.replace(/\/+$/, "").length + 1))
        : reference;
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
    const byKey = new Map(items.map((item) => [key(item), item]));
    return [...byKey.keys()].sort(byCodePoint).map((k) => byKey.get(k)!);
}

/**
 * A chart's images as list entries: a declared image at its pin's upstream repository, with the tag its values set
 * (none: the chart version picks it); one its values spell out whole, and any other, as the values set it.
 */
function chartImageEntries(chart: RenderedChart, mirror?: string): { upstream: string; chart?: string }[] {
    const pin = chartPinOf(chart.chart);
    const name = pin?.chart ?? chart.chart;
    const entry = (found: FoundImage) => ({
        upstream: upstreamOf(found.reference, mirror),
        ...(found.tagged ? {} : { chart: name }),
    });
    const declared = (pin?.images ?? []).filter((image) => enabledIn(chart.values, image));
    const skip = new Set((pin?.images ?? []).map((image) => `values.${image.path}`));
    const fromPin = declared.map((image) => {
        const block = valueAt(chart.values, image.path);
        if (typeof block === "string" && block.trim() !== "") {
            return entry(fromReference(`values.${image.path}`, block.trim()));
        }
        const upstream = imageRepository(image.upstream);
        const tag = trimmedText(block, "tag") ?? trimmedText(block, "version");
        return tag === undefined ? { upstream, chart: name } : { upstream: `${upstream}:${tag}` };
    });
    return [...fromPin, ...imageFields(chart.values, "values", skip).map(entry)];
}

/**
 * The list for a rendered stack: the images its objects and charts pull (their upstream references, the mirror
 * prefix taken off) and its charts, sorted and without duplicates; targets when `mirror` is set.
 */
export function mirrorList(stack: RenderedStack, mirror?: string): MirrorList {
    const target = (upstream: string) => (mirror === undefined ? {} : { target: `${mirror}/${upstream}` });
    const podImages = stack.manifests.flatMap(manifestImages).map((found) => upstreamOf(found.reference, mirror));
    const fromCharts = stack.charts.flatMap((chart) =>
        chartImageEntries(chart, mirror).map((entry) => ({ ...entry, version: chart.version })),
    );
    const tagged = [...podImages, ...fromCharts.filter((e) => e.chart === undefined).map((e) => e.upstream)];
    const charts = stack.charts.map((chart) => {
        const pin = chartPinOf(chart.chart);
        const name = pin?.chart ?? chart.chart.slice(chart.chart.lastIndexOf("/") + 1);
        const repository = pin?.repository ?? chart.repository ?? chart.chart.slice(0, chart.chart.lastIndexOf("/"));
        const to = mirror === undefined ? {} : { target: `${mirrorChartRepository(mirror)}/${name}:${chart.version}` };
        return { repository, chart: name, version: chart.version, ...to };
    });
    return {
        ...(mirror === undefined ? {} : { mirror }),
        images: unique(tagged, (upstream) => upstream).map((upstream) => ({ upstream, ...target(upstream) })),
        chartImages: unique(
            fromCharts.flatMap((e) => (e.chart === undefined ? [] : [{ ...e, chart: e.chart, ...target(e.upstream) }])),
            (e) => `${e.upstream} ${e.chart} ${e.version}`,
        ),
        charts: unique(charts, (c) => `${c.repository} ${c.chart} ${c.version}`),
    };
}

/**
 * The list as lines a script reads by their first word: `image <upstream>`, `chart-image <upstream repository>
 * <chart> <version>`, `chart <repository> <chart> <version>`, each followed by `-> <target>` when there is a mirror;
 * `#` lines head the two sections.
 */
export function mirrorListText(list: MirrorList): string {
    const to = (target?: string) => (target === undefined ? "" : ` -> ${target}`);
    return [
        `# images${list.mirror === undefined ? "" : ` (mirror ${list.mirror})`}: image <upstream reference>, or ` +
            "chart-image <upstream repository> <chart> <version> where the chart version picks the tag",
        ...list.images.map((i) => `image ${i.upstream}${to(i.target)}`),
        ...list.chartImages.map((i) => `chart-image ${i.upstream} ${i.chart} ${i.version}${to(i.target)}`),
        "# charts: chart <repository> <chart> <version>",
        ...list.charts.map((c) => `chart ${c.repository} ${c.chart} ${c.version}${to(c.target)}`),
        "",
    ].join("\n");
}
