// A custom resource against its CRD version's openAPIV3Schema with the apiserver's structural-schema semantics:
// defaults applied first, non-nullable nulls pruned, unknown fields rejected (as strict field validation does)
// except under x-kubernetes-preserve-unknown-fields, embedded resources' metadata checked as ObjectMeta, list types
// kept unique, and x-kubernetes-validations handed to a rule runner on the defaulted value.
import { formatHolds, patternHolds } from "./formats";
import { badFormat, noPattern, REQUIRED, UNKNOWN_FIELD, unsupportedValue, wrongType } from "./messages";
import { isPlaceholder, isRecord, type Issue, type JsonObject, type Path } from "./types";

export interface ValidationRule {
    readonly rule: string;
    readonly message?: string;
    readonly messageExpression?: string;
    readonly fieldPath?: string;
    readonly reason?: string;
    readonly optionalOldSelf?: boolean;
}

/** The parts of JSONSchemaProps a structural schema may use. */
export interface Schema {
    readonly type?: string;
    readonly format?: string;
    readonly properties?: Readonly<Record<string, Schema>>;
    readonly additionalProperties?: Schema | boolean;
    readonly items?: Schema;
    readonly required?: readonly string[];
    readonly enum?: readonly unknown[];
    readonly default?: unknown;
    readonly nullable?: boolean;
    readonly pattern?: string;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: boolean;
    readonly exclusiveMaximum?: boolean;
    readonly multipleOf?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly minProperties?: number;
    readonly maxProperties?: number;
    readonly allOf?: readonly Schema[];
    readonly anyOf?: readonly Schema[];
    readonly oneOf?: readonly Schema[];
    readonly not?: Schema;
    readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
    readonly "x-kubernetes-int-or-string"?: boolean;
    readonly "x-kubernetes-embedded-resource"?: boolean;
    readonly "x-kubernetes-list-type"?: string;
    readonly "x-kubernetes-list-map-keys"?: readonly string[];
    readonly "x-kubernetes-validations"?: readonly ValidationRule[];
}

/** Evaluates one node's x-kubernetes-validations. */
export interface RuleRunner {
    run(rules: readonly ValidationRule[], value: unknown, schema: Schema, path: Path): Issue[];
}

export interface StructuralOptions {
    readonly rules: RuleRunner;
    /** ObjectMeta checks for the root's and every embedded resource's `metadata`. */
    readonly objectMeta: (metadata: unknown, path: Path) => Issue[];
    /** Counts `pattern`s RE2 could not compile: reported, never passed silently. */
    readonly onUncheckedPattern: (pattern: string) => void;
}

/** Order-independent JSON for equality of enum members and set items. */
export function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (isRecord(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}

/** `additionalProperties` as a schema for the values of a map; `true`, `false` and absent are not schemas. */
export function schemaOf(additional: Schema | boolean | undefined): Schema | undefined {
    return typeof additional === "object" ? additional : undefined;
}

function clone<T>(value: T): T {
    return structuredClone(value);
}

function typeHolds(value: unknown, schema: Schema): boolean {
    if (schema["x-kubernetes-int-or-string"] === true) {
        return typeof value === "string" || Number.isInteger(value);
    }
    switch (schema.type) {
        case "object":
            return isRecord(value);
        case "array":
            return Array.isArray(value);
        case "string":
            return typeof value === "string";
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number";
        case "boolean":
            return typeof value === "boolean";
        default:
            return true;
    }
}

function expectedType(schema: Schema): string | undefined {
    return schema["x-kubernetes-int-or-string"] === true ? "integer or string" : schema.type;
}

const IMPLICIT_RESOURCE_FIELDS = ["apiVersion", "kind", "metadata"];

class Walker {
    /** Branches of allOf/anyOf/oneOf/not hold value validations only: no types, defaults, pruning or rules. */
    private readonly branch: Walker;

    constructor(
        private readonly options: StructuralOptions,
        private readonly valueOnly: boolean,
    ) {
        this.branch = valueOnly ? this : new Walker(options, true);
    }

    node(value: unknown, schema: Schema, path: Path, out: Issue[], resource = false): void {
        if (isPlaceholder(value)) {
            return;
        }
        if (value === null) {
            const expected = expectedType(schema);
            if (schema.nullable !== true && expected !== undefined && !this.valueOnly) {
                out.push({ path, message: wrongType(expected, value) });
            }
            return;
        }
        if (!this.valueOnly && !typeHolds(value, schema)) {
            out.push({ path, message: wrongType(expectedType(schema) ?? "unknown", value) });
            return;
        }
        if (isRecord(value) && !this.valueOnly) {
            // Validation, rules included, sees the object as stored: with its defaults.
            this.applyDefaults(value, schema);
        }
        this.values(value, schema, path, out);
        if (isRecord(value)) {
            this.object(value, schema, path, out, resource || schema["x-kubernetes-embedded-resource"] === true);
        } else if (Array.isArray(value)) {
            this.array(value, schema, path, out);
        }
        const rules = schema["x-kubernetes-validations"];
        if (!this.valueOnly && rules !== undefined && rules.length > 0) {
            out.push(...this.options.rules.run(rules, value, schema, path));
        }
    }

    private values(value: unknown, schema: Schema, path: Path, out: Issue[]): void {
        if (schema.enum !== undefined && !schema.enum.some((e) => canonical(e) === canonical(value))) {
            out.push({ path, message: unsupportedValue(value, schema.enum) });
        }
        if (typeof value === "string") {
            this.string(value, schema, path, out);
        } else if (typeof value === "number") {
            this.number(value, schema, path, out);
        } else if (Array.isArray(value)) {
            if (schema.maxItems !== undefined && value.length > schema.maxItems) {
                out.push({ path, message: `must have at most ${schema.maxItems} items` });
            }
            if (schema.minItems !== undefined && value.length < schema.minItems) {
                out.push({ path, message: `must have at least ${schema.minItems} items` });
            }
        } else if (isRecord(value)) {
            const count = Object.keys(value).length;
            if (schema.maxProperties !== undefined && count > schema.maxProperties) {
                out.push({ path, message: `must have at most ${schema.maxProperties} properties` });
            }
            if (schema.minProperties !== undefined && count < schema.minProperties) {
                out.push({ path, message: `must have at least ${schema.minProperties} properties` });
            }
        }
        this.combinators(value, schema, path, out);
    }

    private string(value: string, schema: Schema, path: Path, out: Issue[]): void {
        const length = [...value].length;
        if (schema.maxLength !== undefined && length > schema.maxLength) {
            out.push({ path, message: `must be at most ${schema.maxLength} characters long` });
        }
        if (schema.minLength !== undefined && length < schema.minLength) {
            out.push({ path, message: `must be at least ${schema.minLength} characters long` });
        }
        if (schema.pattern !== undefined) {
            const holds = patternHolds(schema.pattern, value);
            if (holds === undefined) {
                this.options.onUncheckedPattern(schema.pattern);
            } else if (!holds) {
                out.push({ path, message: noPattern(schema.pattern) });
            }
        }
        if (schema.format !== undefined && !formatHolds(schema.format, value)) {
            out.push({ path, message: badFormat(schema.format) });
        }
    }

    private number(value: number, schema: Schema, path: Path, out: Issue[]): void {
        const { minimum, maximum, multipleOf } = schema;
        if (minimum !== undefined && (schema.exclusiveMinimum === true ? value <= minimum : value < minimum)) {
            const op = schema.exclusiveMinimum === true ? "greater than" : "greater than or equal to";
            out.push({ path, message: `must be ${op} ${minimum}` });
        }
        if (maximum !== undefined && (schema.exclusiveMaximum === true ? value >= maximum : value > maximum)) {
            const op = schema.exclusiveMaximum === true ? "less than" : "less than or equal to";
            out.push({ path, message: `must be ${op} ${maximum}` });
        }
        if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(value / multipleOf)) {
            out.push({ path, message: `must be a multiple of ${multipleOf}` });
        }
    }

    private passes(value: unknown, schema: Schema, path: Path): Issue[] {
        const out: Issue[] = [];
        this.branch.node(value, schema, path, out);
        return out;
    }

    private combinators(value: unknown, schema: Schema, path: Path, out: Issue[]): void {
        for (const sub of schema.allOf ?? []) {
            this.branch.node(value, sub, path, out);
        }
        if (schema.anyOf !== undefined && !schema.anyOf.some((sub) => this.passes(value, sub, path).length === 0)) {
            out.push({ path, message: "must match at least one of the schemas in anyOf" });
        }
        if (schema.oneOf !== undefined) {
            const matched = schema.oneOf.filter((sub) => this.passes(value, sub, path).length === 0).length;
            if (matched !== 1) {
                out.push({ path, message: `must match exactly one of the schemas in oneOf (matched ${matched})` });
            }
        }
        if (schema.not !== undefined && this.passes(value, schema.not, path).length === 0) {
            out.push({ path, message: "must not match the schema in not" });
        }
    }

    /** Defaulting as the apiserver does it on read: absent, or null where null is not allowed. */
    private applyDefaults(value: JsonObject, schema: Schema): void {
        for (const [key, prop] of Object.entries(schema.properties ?? {})) {
            const current = value[key];
            if (current === undefined || (current === null && prop.nullable !== true)) {
                if (prop.default !== undefined) {
                    value[key] = clone(prop.default);
                } else if (current === null) {
                    delete value[key];
                }
            }
        }
        const valueSchema = schemaOf(schema.additionalProperties);
        if (valueSchema !== undefined) {
            for (const key of Object.keys(value)) {
                if (value[key] === null && valueSchema.nullable !== true && !schema.properties?.[key]) {
                    if (valueSchema.default !== undefined) {
                        value[key] = clone(valueSchema.default);
                    } else {
                        delete value[key];
                    }
                }
            }
        }
    }

    private object(value: JsonObject, schema: Schema, path: Path, out: Issue[], resource: boolean): void {
        for (const key of schema.required ?? []) {
            if (value[key] === undefined) {
                out.push({ path: [...path, key], message: REQUIRED });
            }
        }
        if (resource && !this.valueOnly && Object.keys(value).length > 0 && path.length > 0) {
            for (const key of ["apiVersion", "kind"]) {
                if (typeof value[key] !== "string") {
                    out.push({ path: [...path, key], message: REQUIRED });
                }
            }
        }
        const properties = schema.properties ?? {};
        const additional = schema.additionalProperties;
        const valueSchema = schemaOf(additional);
        const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
        for (const key of Object.keys(value)) {
            const child = value[key];
            if (resource && key === "metadata" && !this.valueOnly) {
                out.push(...this.options.objectMeta(child, [...path, key]));
            } else if (Object.prototype.hasOwnProperty.call(properties, key)) {
                this.node(child, properties[key], [...path, key], out);
            } else if (valueSchema !== undefined) {
                this.node(child, valueSchema, [...path, key], out);
            } else if (
                !(resource && IMPLICIT_RESOURCE_FIELDS.includes(key)) &&
                !preserve &&
                additional !== true &&
                !this.valueOnly
            ) {
                out.push({ path: [...path, key], message: UNKNOWN_FIELD });
            }
        }
    }

    private array(value: unknown[], schema: Schema, path: Path, out: Issue[]): void {
        const items = schema.items;
        if (items !== undefined) {
            value.forEach((item, i) => {
                if (item === null && items.nullable !== true && items.default !== undefined && !this.valueOnly) {
                    value[i] = clone(items.default);
                }
                this.node(value[i], items, [...path, i], out);
            });
        }
        const listType = schema["x-kubernetes-list-type"];
        if (listType === "set" || listType === "map") {
            const keys = schema["x-kubernetes-list-map-keys"] ?? [];
            const seen = new Set<string>();
            value.forEach((item, i) => {
                const identity =
                    listType === "map" && isRecord(item)
                        ? Object.fromEntries(keys.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]))
                        : item;
                const id = canonical(identity);
                if (seen.has(id)) {
                    out.push({ path: [...path, i], message: `duplicate value: ${JSON.stringify(identity)}` });
                }
                seen.add(id);
            });
        }
    }
}

/**
 * Issues of one custom resource against its version's schema. Works on a copy: defaults are applied to it, as
 * the apiserver would before validating, and the caller's object is left as rendered.
 */
export function validateStructural(object: JsonObject, schema: Schema, options: StructuralOptions): Issue[] {
    const out: Issue[] = [];
    new Walker(options, false).node(clone(object), schema, [], out, true);
    return out;
}
