// CustomResourceDefinitions from directories of YAML: upstream files in `<project>/<version>/*.yaml`, or a cluster's
// `kubectl get crd -o yaml` (a List). When several files define the same CRD, the one matching the chart pin wins.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { CHARTS } from "../../contract/versions";
import { upstreamDataDir } from "./upstream-data";
import type { Schema } from "./structural";
import { isRecord, stringAt } from "./types";

/** The upstream CRDs `npm run validate` reads when no --crds is given. */
export const DEFAULT_CRD_DIR = upstreamDataDir("crds");

export interface CrdVersion {
    readonly name: string;
    readonly served: boolean;
    readonly schema: Schema | undefined;
}

export interface Crd {
    /** `metadata.name`, `<plural>.<group>`. */
    readonly name: string;
    readonly group: string;
    readonly kind: string;
    readonly scope: "Namespaced" | "Cluster";
    readonly versions: readonly CrdVersion[];
    /** Where it was read, relative to its CRD directory, for the summary. */
    readonly source: string;
}

/** The CRDs a validation run can see, by group and kind. */
export interface CrdLookup {
    find(group: string, kind: string): Crd | undefined;
}

/**
 * Which chart pin decides between versions of a CRD project folder. The pins move (another change may bump
 * MetalLB), so they are read from contract/versions.ts on every load, never copied here.
 */
export function projectPins(): Readonly<Record<string, string>> {
    return {
        metallb: CHARTS.metallb.version,
        "cert-manager": CHARTS.certManager.version,
        "envoy-gateway": CHARTS.envoyGateway.version,
        keda: CHARTS.keda.version,
    };
}

function versionParts(version: string): number[] | undefined {
    const m = /^v?(\d+(?:\.\d+)*)$/.exec(version);
    return m === null ? undefined : m[1].split(".").map(Number);
}

export function compareVersions(a: string, b: string): number {
    const pa = versionParts(a) ?? [];
    const pb = versionParts(b) ?? [];
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

/** One definition of a CRD in one file, parsed on first use: most of a directory is never needed. */
interface Candidate {
    readonly name: string;
    readonly key: string;
    readonly project: string | undefined;
    readonly version: string | undefined;
    /** Order of discovery: directory given first, then path order. */
    readonly order: number;
    readonly load: () => Crd[];
}

/**
 * The pinned version first, then the newest below the pin, then (nothing at or below it) the oldest above it; a
 * project without a pin prefers its newest version folder.
 */
function rank(c: Candidate, pins: Readonly<Record<string, string>>): number {
    if (c.version === undefined || versionParts(c.version) === undefined) {
        return 3;
    }
    const pin = c.project === undefined ? undefined : pins[c.project];
    if (pin === undefined) {
        return 1;
    }
    const d = compareVersions(c.version, pin);
    return d === 0 ? 0 : d < 0 ? 1 : 2;
}

function better(a: Candidate, b: Candidate, pins: Readonly<Record<string, string>>): number {
    const ra = rank(a, pins);
    const rb = rank(b, pins);
    if (ra !== rb) {
        return ra - rb;
    }
    if (a.version !== undefined && b.version !== undefined && ra !== 3) {
        const d = compareVersions(a.version, b.version);
        if (d !== 0) {
            // Below the pin (or unpinned) the newest wins; above it the one closest to the pin.
            return ra === 2 ? d : -d;
        }
    }
    return a.order - b.order;
}

function toCrd(doc: unknown, source: string): Crd | undefined {
    if (!isRecord(doc) || doc.kind !== "CustomResourceDefinition" || !isRecord(doc.spec)) {
        return undefined;
    }
    const spec = doc.spec;
    const names = spec.names;
    const group = stringAt(spec, "group");
    const kind = stringAt(names, "kind");
    const name = stringAt(doc.metadata, "name");
    if (group === undefined || kind === undefined || name === undefined) {
        return undefined;
    }
    // apiextensions v1beta1 could put one schema for every version under spec.validation.
    const shared = isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map((v) => {
        const own = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
        const schema = own ?? shared;
        return {
            name: stringAt(v, "name") ?? "",
            served: v.served !== false,
            schema: isRecord(schema) ? (schema as Schema) : undefined,
        };
    });
    return { name, group, kind, scope: spec.scope === "Cluster" ? "Cluster" : "Namespaced", versions, source };
}

/** CRDs in parsed documents, including the items of a `List` (`kubectl get crd -o yaml`). */
export function crdsOf(docs: readonly unknown[], source: string): Crd[] {
    const out: Crd[] = [];
    for (const doc of docs) {
        const items = isRecord(doc) && Array.isArray(doc.items) ? doc.items : [doc];
        for (const item of items) {
            const crd = toCrd(item, source);
            if (crd !== undefined) {
                out.push(crd);
            }
        }
    }
    return out;
}

/** A CRD file that is not YAML: the user's input to fix, not a validation problem of the stack. */
export class CrdFileError extends Error {
    constructor(source: string, problem: string) {
        super(`${source}: ${problem}`);
        this.name = "CrdFileError";
    }
}

/** `file` names the file in errors; `source` (relative to its directory) is what the CRDs remember. */
function parseChunk(text: string, source: string, file: string): Crd[] {
    const docs = parseAllDocuments(text).map((d) => {
        if (d.errors.length > 0) {
            throw new CrdFileError(file, d.errors[0].message.split("\n")[0]);
        }
        return d.toJS() as unknown;
    });
    return crdsOf(docs, source);
}

/** A column-0 `---` (or `...`) always ends a YAML document, so files split there without a parse. */
function splitDocuments(text: string): string[] {
    return text.split(/^(?:---|\.\.\.)(?:[ \t].*)?$/m).filter((chunk) => /\S/.test(chunk));
}

const KIND_CRD = /^kind:[ \t]*["']?CustomResourceDefinition["']?[ \t]*$/m;
const GROUP = /^ {2}group:[ \t]*["']?([a-z0-9.-]+)["']?[ \t]*$/m;
const NAMES_KIND = /^ {4}kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*$/m;
const PLURAL = /^ {4}plural:[ \t]*["']?([a-z0-9-]+)["']?[ \t]*$/m;
const NAME = /^metadata:[ \t]*\n(?:(?: {2,}.*)?\n)*? {2}name:[ \t]*["']?([a-z0-9.-]+)["']?[ \t]*$/m;

/**
 * Name, group and kind of a CRD in controller-gen's layout, read without parsing the YAML. Only trusted when they
 * agree with each other (`name` is `<plural>.<group>`); anything else is parsed in full.
 */
function quickKeys(text: string): { name: string; group: string; kind: string } | undefined {
    if (!KIND_CRD.test(text)) {
        return undefined;
    }
    const group = GROUP.exec(text)?.[1];
    const kind = NAMES_KIND.exec(text)?.[1];
    const plural = PLURAL.exec(text)?.[1];
    const name = NAME.exec(text)?.[1];
    if (group === undefined || kind === undefined || plural === undefined || name !== `${plural}.${group}`) {
        return undefined;
    }
    return { name, group, kind };
}

function yamlFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...yamlFiles(full));
        } else if (/\.(ya?ml|json)$/.test(entry.name)) {
            out.push(full);
        }
    }
    return out;
}

function keyOf(group: string, kind: string): string {
    return `${group}/${kind}`;
}

/** Every CRD under some directories, loaded lazily, resolved between versions by the chart pins. */
export class CrdCatalog implements CrdLookup {
    private readonly candidates = new Map<string, Candidate[]>();
    private readonly resolved = new Map<string, Crd | undefined>();
    private count = 0;

    private constructor(private readonly pins: Readonly<Record<string, string>>) {}

    /** Directories that exist (a missing one is the caller's to report); `pins` are the chart pins by default. */
    static load(dirs: readonly string[], pins: Readonly<Record<string, string>> = projectPins()): CrdCatalog {
        const catalog = new CrdCatalog(pins);
        for (const dir of dirs) {
            for (const file of yamlFiles(dir)) {
                catalog.addFile(dir, file);
            }
        }
        return catalog;
    }

    /** CRDs given as objects (tests, or a caller that already parsed them). */
    static of(crds: readonly Crd[]): CrdCatalog {
        const catalog = new CrdCatalog({});
        for (const crd of crds) {
            catalog.add(crd.name, crd.group, crd.kind, undefined, undefined, () => [crd]);
        }
        return catalog;
    }

    /** How many CRD definitions were found (every version folder counted). */
    get size(): number {
        return this.count;
    }

    find(group: string, kind: string): Crd | undefined {
        const key = keyOf(group, kind);
        if (this.resolved.has(key)) {
            return this.resolved.get(key);
        }
        const list = [...(this.candidates.get(key) ?? [])].sort((a, b) => better(a, b, this.pins));
        let crd: Crd | undefined;
        for (const candidate of list) {
            // The quick read of a file could in principle be wrong; a parse that disagrees falls to the next one.
            crd = candidate.load().find((c) => c.name === candidate.name && keyOf(c.group, c.kind) === key);
            if (crd !== undefined) {
                break;
            }
        }
        this.resolved.set(key, crd);
        return crd;
    }

    private add(
        name: string,
        group: string,
        kind: string,
        project: string | undefined,
        version: string | undefined,
        load: () => Crd[],
    ): void {
        const key = keyOf(group, kind);
        const list = this.candidates.get(key) ?? [];
        list.push({ name, key, project, version, order: this.count++, load });
        this.candidates.set(key, list);
    }

    private addFile(dir: string, file: string): void {
        const source = path.relative(dir, file).split(path.sep).join("/");
        const parts = source.split("/");
        const [project, version] = parts.length >= 3 ? [parts[0], parts[1]] : [undefined, undefined];
        for (const chunk of splitDocuments(fs.readFileSync(file, "utf8"))) {
            if (!chunk.includes("CustomResourceDefinition")) {
                continue;
            }
            const quick = quickKeys(chunk);
            if (quick !== undefined) {
                let parsed: Crd[] | undefined;
                const load = () => (parsed ??= parseChunk(chunk, source, file));
                this.add(quick.name, quick.group, quick.kind, project, version, load);
                continue;
            }
            for (const crd of parseChunk(chunk, source, file)) {
                this.add(crd.name, crd.group, crd.kind, project, version, () => [crd]);
            }
        }
    }
}
