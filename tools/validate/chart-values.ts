// Values-key conformance for Helm charts: Helm silently ignores a values key the chart does not read, so a misspelt
// key (gateway-helm's `global.image.registry` for `global.imageRegistry`) quietly drops the setting. These pure
// functions compare the keys the program sets with the chart's default values (subcharts under their key) and its
// values.schema.json; reading the chart files is the caller's job.
import Ajv, { type AnySchema } from "ajv";

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A values.schema.json and the dotted key it applies under: "" for the chart, the dependency's key for a subchart. */
export interface ValuesSchema {
    readonly at: string;
    readonly schema: Tree;
}

/** What a chart accepts: its defaults with every subchart's merged under its key, and their schemas. */
export interface ChartDefaults {
    readonly values: Tree;
    readonly schemas: readonly ValuesSchema[];
}

/** One subchart as the parent's Chart.yaml lists it, with the files stored for it. */
export interface Subchart {
    readonly name: string;
    readonly alias?: string;
    readonly values?: Tree;
    readonly schema?: Tree;
}

/** Helm's coalescing: maps merge key by key, anything else (lists included) is replaced, null deletes. */
export function mergeValues(base: Tree, override: Tree): Tree {
    const merged: Tree = { ...base };
    for (const [key, value] of Object.entries(override)) {
        if (value === null) {
            delete merged[key];
        } else {
            const under = merged[key];
            merged[key] = isTree(under) && isTree(value) ? mergeValues(under, value) : value;
        }
    }
    return merged;
}

/**
 * The chart's defaults as Helm sees them: a subchart's values.yaml lies under the dependency's alias (else its
 * name), overridden by whatever the parent's values.yaml sets there.
 */
export function assembleDefaults(
    values: Tree,
    schema: Tree | undefined,
    subcharts: readonly Subchart[],
): ChartDefaults {
    let merged = values;
    const schemas: ValuesSchema[] = schema === undefined ? [] : [{ at: "", schema }];
    for (const sub of subcharts) {
        const key = sub.alias ?? sub.name;
        const own = isTree(merged[key]) ? merged[key] : {};
        merged = { ...merged, [key]: mergeValues(sub.values ?? {}, own) };
        if (sub.schema !== undefined) {
            schemas.push({ at: key, schema: sub.schema });
        }
    }
    return { values: merged, schemas };
}

/** Every leaf key path of a values tree, dotted; a list or an empty map is a leaf. */
export function leafPaths(values: unknown, prefix = ""): string[] {
    if (!isTree(values) || (prefix !== "" && Object.keys(values).length === 0)) {
        return prefix === "" ? [] : [prefix];
    }
    return Object.keys(values)
        .sort()
        .flatMap((key) => leafPaths(values[key], prefix === "" ? key : `${prefix}.${key}`));
}

function under(path: string, prefix: string): boolean {
    return path === prefix || path.startsWith(`${prefix}.`);
}

/** The node a local `$ref` (`#/$defs/x`, `#/definitions/x`) points at. */
function resolveRef(root: Tree, node: Tree): Tree {
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) {
        return node;
    }
    const target = ref
        .slice(2)
        .split("/")
        .reduce<unknown>((n, key) => (isTree(n) ? n[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), root);
    return isTree(target) ? resolveRef(root, target) : {};
}

/** Whether a schema names a property path explicitly (`properties`, through $ref and allOf/anyOf/oneOf). */
export function schemaDeclares(root: Tree, node: Tree, segments: readonly string[]): boolean {
    if (segments.length === 0) {
        return true;
    }
    const here = resolveRef(root, node);
    const branches = ["allOf", "anyOf", "oneOf"].flatMap((k) => (Array.isArray(here[k]) ? here[k] : []));
    if (branches.some((b) => isTree(b) && schemaDeclares(root, b, segments))) {
        return true;
    }
    const properties = here.properties;
    const next = isTree(properties) ? properties[segments[0]] : undefined;
    return isTree(next) && schemaDeclares(root, next, segments.slice(1));
}

/** Whether a path is a key of the default values; free-form maps (`{}` defaults) have no keys. */
function inDefaults(defaults: Tree, segments: readonly string[]): boolean {
    let node: unknown = defaults;
    for (const segment of segments) {
        if (!isTree(node) || !Object.hasOwn(node, segment)) {
            return false;
        }
        node = node[segment];
    }
    return true;
}

/** Quantities a core/v1 ResourceRequirements may name under requests and limits. */
const RESOURCE_NAME = /^(cpu|memory|ephemeral-storage|hugepages-[0-9A-Za-z]+|[a-z0-9.-]+\/[a-z0-9.-]+)$/;

/** A key under a declared container's resources block: `requests.cpu`, `limits.memory`, ... */
function resourceKeyProblem(rest: string): string | undefined {
    const [group, name, ...deeper] = rest.split(".");
    if ((group === "requests" || group === "limits") && name !== undefined && deeper.length === 0) {
        return RESOURCE_NAME.test(name) ? undefined : `"${name}" is not a resource name`;
    }
    return rest === "claims" ? undefined : "is not a ResourceRequirements field (requests.<name> or limits.<name>)";
}

/** Which chart, at which pinned version, checked against which stored defaults, with what allowances. */
export interface ValuesCheck {
    readonly chart: string;
    readonly version: string;
    /** The version whose defaults were read, when it is not `version`. */
    readonly defaultsVersion?: string;
    readonly values: Tree;
    readonly defaults: ChartDefaults;
    /** Path prefixes accepted without a default (ChartPin.freeformValues). */
    readonly freeform: readonly string[];
    /** Dotted `resources` paths of the chart's declared containers. */
    readonly resources: readonly string[];
}

function label(check: ValuesCheck): string {
    const read = check.defaultsVersion === undefined ? "" : ` (defaults read at ${check.defaultsVersion})`;
    return `${check.chart} ${check.version}${read}`;
}

/** Problems with the keys the program sets, one message per path, naming chart, version and path. */
export function keyProblems(check: ValuesCheck): string[] {
    const problems: string[] = [];
    for (const path of leafPaths(check.values)) {
        const segments = path.split(".");
        const block = check.resources.find((r) => path.startsWith(`${r}.`));
        if (block !== undefined) {
            const problem = resourceKeyProblem(path.slice(block.length + 1));
            if (problem !== undefined) {
                problems.push(`${label(check)}: values path ${path} ${problem}`);
            }
            continue;
        }
        if (check.freeform.some((prefix) => under(path, prefix)) || inDefaults(check.defaults.values, segments)) {
            continue;
        }
        const declared = check.defaults.schemas.some(({ at, schema }) => {
            if (at !== "" && !under(path, at)) {
                return false;
            }
            const inner = at === "" ? segments : segments.slice(at.split(".").length);
            return schemaDeclares(schema, schema, inner);
        });
        if (!declared) {
            problems.push(
                `${label(check)}: values path ${path} is neither a key of the chart's default values nor declared ` +
                    "by its values.schema.json; Helm would ignore it (fix the key, or list a free-form prefix in " +
                    "the pin's freeformValues in contract/versions.ts)",
            );
        }
    }
    return problems;
}

function withoutMetaSchema(schema: Tree): AnySchema {
    // Charts name draft-07 by URLs ajv does not register (https://json-schema.org/...); the vocabulary is the same.
    return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema"));
}

/** What Helm's own schema check would reject: the merged values (defaults, then the program's) against each schema. */
export function schemaProblems(check: ValuesCheck): string[] {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const merged = mergeValues(check.defaults.values, check.values);
    return check.defaults.schemas.flatMap(({ at, schema }) => {
        const validate = ajv.compile(withoutMetaSchema(schema));
        const scope =
            at === ""
                ? merged
                : (at.split(".").reduce<unknown>((n, k) => (isTree(n) ? n[k] : undefined), merged) ?? {});
        if (validate(scope)) {
            return [];
        }
        return (validate.errors ?? []).map((e) => {
            const where = [at, e.instancePath.slice(1).replace(/\//g, ".")].filter((p) => p !== "").join(".");
            return `${label(check)}: values ${where === "" ? "(root)" : where} ${e.message ?? "is invalid"} (values.schema.json)`;
        });
    });
}

/** Every problem with one chart's values: unknown keys first, then schema violations. */
export function chartValuesProblems(check: ValuesCheck): string[] {
    return [...keyProblems(check), ...schemaProblems(check)];
}
