// Core kinds against kubernetes-models' validators (the upstream OpenAPI schemas compiled by ajv), with unknown
// fields rejected as the apiserver's strict field validation does.
//
// kubernetes-models' compiled validators do not reject additional properties, and the package ships no raw schema
// to recompile with `additionalProperties: false`. The compiled code does read every property its schema declares
// (`data.replicas === undefined || validate(data.replicas)`) and enumerates the keys of maps, so the object is
// handed to the validator behind recording proxies: a key the validator never looked at is a key its schema does
// not declare. An object whose keys were neither read nor enumerated has a free-form schema (`type: object` and
// nothing else, e.g. a RawExtension) and is left alone.
import { createRequire } from "node:module";
import { badFormat, noPattern, REQUIRED, UNKNOWN_FIELD, unsupportedValue, wrongType } from "./messages";
import { formatPath, isPlaceholder, isRecord, type Issue, type Path } from "./types";
import { append } from "../../contract/group";

const load = createRequire(__filename);

/** An ajv error as kubernetes-models' ValidationError carries it. */
interface AjvError {
    readonly instancePath: string;
    readonly keyword: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly message?: string;
}

/** Runs the model's compiled validator with `this` bound to the object; throws a ValidationError. */
type ModelValidate = (this: unknown) => void;

const GROUP_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** Loaded model validators by `apiVersion/kind`; `null` when kubernetes-models has no such model. */
const validators = new Map<string, ModelValidate | null>();

function modelValidate(apiVersion: string, kind: string): ModelValidate | null {
    const key = `${apiVersion}/${kind}`;
    const cached = validators.get(key);
    if (cached !== undefined) {
        return cached;
    }
    let found: ModelValidate | null = null;
    // The names become a module path: only well-formed group/version and kind names may get that far.
    if (GROUP_VERSION.test(apiVersion) && KIND.test(kind)) {
        try {
            const mod: unknown = load(`kubernetes-models/${apiVersion}/${kind}`);
            const model = isRecord(mod) ? mod[kind] : undefined;
            // Only top-level kinds carry their apiVersion and kind; a nested type (DeploymentSpec) is no object.
            const topLevel =
                typeof model === "function" &&
                Reflect.get(model, "apiVersion") === apiVersion &&
                Reflect.get(model, "kind") === kind;
            const proto: unknown = topLevel ? model.prototype : undefined;
            const validate = isRecord(proto) ? proto.validate : undefined;
            found = typeof validate === "function" ? (validate as ModelValidate) : null;
        } catch {
            found = null;
        }
    }
    validators.set(key, found);
    return found;
}

/** Whether kubernetes-models knows this apiVersion and kind, i.e. it is a built-in kind of the apiserver. */
export function isCoreKind(apiVersion: string, kind: string): boolean {
    return modelValidate(apiVersion, kind) !== null;
}

/** What the validator did with one object node of the input. */
interface Visit {
    readonly path: Path;
    readonly target: Record<string, unknown>;
    readonly read: Set<string>;
    enumerated: boolean;
}

function track(value: unknown, path: Path, visits: Visit[]): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const target = value as Record<string, unknown>;
    const visit: Visit = { path, target, read: new Set(), enumerated: false };
    if (!Array.isArray(value)) {
        visits.push(visit);
    }
    const children = new Map<string, unknown>();
    return new Proxy(target, {
        get(t, key, receiver) {
            if (typeof key !== "string") {
                return Reflect.get(t, key, receiver);
            }
            visit.read.add(key);
            if (!Object.prototype.hasOwnProperty.call(t, key)) {
                return Reflect.get(t, key, receiver);
            }
            if (!children.has(key)) {
                const segment = Array.isArray(t) ? Number(key) : key;
                children.set(key, track(t[key], [...path, segment], visits));
            }
            return children.get(key);
        },
        ownKeys(t) {
            visit.enumerated = true;
            return Reflect.ownKeys(t);
        },
    });
}

/**
 * kubernetes-models' generator strips `description` and `x-kubernetes-*` keys from the schemas it compiles, and with
 * them the fields of those names (found by comparing every model's declared properties with what its validator
 * reads): the JSONSchemaProps fields inside a CustomResourceDefinition, and a PriorityClass's own `description`.
 * There they are declared fields, not unknown ones.
 */
function droppedByGenerator(apiVersion: string, path: Path, key: string): boolean {
    if (apiVersion.startsWith("apiextensions.k8s.io/")) {
        return key === "description" || key.startsWith("x-kubernetes-");
    }
    return apiVersion.startsWith("scheduling.k8s.io/") && path.length === 0 && key === "description";
}

function unknownFields(visits: readonly Visit[], apiVersion: string): Issue[] {
    const issues: Issue[] = [];
    for (const visit of visits) {
        if (visit.enumerated || visit.read.size === 0) {
            continue;
        }
        for (const key of Object.keys(visit.target)) {
            if (!visit.read.has(key) && !droppedByGenerator(apiVersion, visit.path, key)) {
                issues.push({ path: [...visit.path, key], message: UNKNOWN_FIELD });
            }
        }
    }
    return issues;
}

/** `/spec/ports/0/port` against the object, so numeric segments of arrays stay numbers. */
function pointerPath(root: unknown, pointer: string): { path: Path; value: unknown } {
    const path: (string | number)[] = [];
    let value = root;
    for (const raw of pointer.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(value)) {
            path.push(Number(key));
            value = value[Number(key)];
        } else {
            path.push(key);
            value = isRecord(value) ? value[key] : undefined;
        }
    }
    return { path, value };
}

function describe(error: AjvError, value: unknown): string {
    const p = error.params;
    switch (error.keyword) {
        case "type":
            return wrongType(String(p.type), value);
        case "enum":
            return unsupportedValue(value, Array.isArray(p.allowedValues) ? p.allowedValues : []);
        case "format":
            return badFormat(String(p.format));
        case "pattern":
            return noPattern(String(p.pattern));
        default:
            return error.message ?? error.keyword;
    }
}

/**
 * ajv reports every branch of a `oneOf` (IntOrString, Quantity) separately. When every branch failed on its type,
 * one "must be of type A or B" says it; otherwise the branch that fits the type failed on something else (a
 * quantity's format) and that error is the one worth reading.
 */
function translate(errors: readonly AjvError[], root: unknown): Issue[] {
    const byPath = new Map<string, AjvError[]>();
    for (const e of errors) {
        append(byPath, e.instancePath, e);
    }
    const issues: Issue[] = [];
    for (const [pointer, group] of byPath) {
        const { path, value } = pointerPath(root, pointer);
        if (isPlaceholder(value)) {
            continue;
        }
        const alternatives = group.some((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
        const types = group.filter((e) => e.keyword === "type").map((e) => String(e.params.type));
        if (alternatives && types.length >= 2) {
            issues.push({ path, message: wrongType(types.join(" or "), value) });
            continue;
        }
        for (const e of group) {
            if (e.keyword === "oneOf" || e.keyword === "anyOf" || (alternatives && e.keyword === "type")) {
                continue;
            }
            if (e.keyword === "required") {
                issues.push({ path: [...path, String(e.params.missingProperty)], message: REQUIRED });
            } else {
                issues.push({ path, message: describe(e, value) });
            }
        }
    }
    return issues;
}

function ajvErrors(thrown: unknown): AjvError[] {
    const errors = isRecord(thrown) ? thrown.errors : undefined;
    if (!Array.isArray(errors)) {
        throw thrown;
    }
    return errors.filter(
        (e): e is AjvError => isRecord(e) && typeof e.instancePath === "string" && typeof e.keyword === "string",
    );
}

/** Type errors and unknown fields of a core object, in path order. Throws if the kind is not a core kind. */
export function validateCore(object: Record<string, unknown>): Issue[] {
    const apiVersion = String(object.apiVersion);
    const kind = String(object.kind);
    const validate = modelValidate(apiVersion, kind);
    if (validate === null) {
        throw new Error(`not a core kind: ${apiVersion} ${kind}`);
    }
    const visits: Visit[] = [];
    let errors: AjvError[] = [];
    try {
        validate.call(track(object, [], visits));
    } catch (thrown) {
        errors = ajvErrors(thrown);
    }
    return sortIssues([...translate(errors, object), ...unknownFields(visits, apiVersion)]);
}

export function sortIssues(issues: readonly Issue[]): Issue[] {
    const keyed = issues.map((issue) => ({ issue, key: `${formatPath(issue.path)}\u0000${issue.message}` }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.filter((k, i) => i === 0 || k.key !== keyed[i - 1].key).map((k) => k.issue);
}

/**
 * A custom resource's `metadata` (and an embedded resource's) is an ObjectMeta like any other: checked with the
 * ConfigMap model's validator, which validates nothing else of so small an object.
 */
export function validateObjectMeta(metadata: unknown, path: Path): Issue[] {
    const issues = validateCore({ apiVersion: "v1", kind: "ConfigMap", metadata });
    return issues
        .filter((issue) => issue.path[0] === "metadata")
        .map((issue) => ({ path: [...path, ...issue.path.slice(1)], message: issue.message }));
}
