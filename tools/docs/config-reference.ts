import { SCHEMA_FILE } from "./paths";
import { mapSchema, requiredSections, SECURE_REF, type JsonSchema } from "./config-schema";
import { anchor, code, document, literal, table } from "./markdown";

/** One documented key: `platform:cluster.nodes[].cpu`. */
export interface ConfigRow {
    readonly key: string;
    readonly type: string;
    readonly required: boolean;
    readonly default: string;
    readonly description: string;
}

const DEFAULT_TAG = /\s*@default\s+(.*)$/s;

/** Splits the trailing `@default …` of a description (the convention for args and config keys) from the text. */
export function splitDefault(description: string): { text: string; tagged?: string } {
    const match = DEFAULT_TAG.exec(description);
    if (!match) {
        return { text: description.trim() };
    }
    return { text: description.slice(0, match.index).trim(), tagged: match[1].trim() };
}

type Resolve = (node: JsonSchema) => JsonSchema;

function resolver(root: JsonSchema): Resolve {
    const resolve: Resolve = (node) => {
        const ref = node.$ref;
        if (typeof ref !== "string" || !ref.startsWith("#/")) {
            return node;
        }
        let target: unknown = root;
        for (const part of ref.slice(2).split("/")) {
            target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
        }
        if (target === undefined) {
            throw new Error(`unresolvable $ref ${ref}`);
        }
        return resolve({ ...(target as JsonSchema), ...node, $ref: undefined });
    };
    return resolve;
}

function bounds(node: JsonSchema): string {
    const parts: string[] = [];
    const min = node.minimum ?? node.exclusiveMinimum;
    const max = node.maximum ?? node.exclusiveMaximum;
    if (typeof min === "number" && min > Number.MIN_SAFE_INTEGER) {
        parts.push(`${node.exclusiveMinimum !== undefined ? ">" : "≥"} ${min}`);
    }
    if (typeof max === "number" && max < Number.MAX_SAFE_INTEGER) {
        parts.push(`${node.exclusiveMaximum !== undefined ? "<" : "≤"} ${max}`);
    }
    if (typeof node.minItems === "number" && node.minItems > 0) {
        parts.push(`min ${node.minItems}`);
    }
    if (typeof node.maxItems === "number") {
        parts.push(`max ${node.maxItems}`);
    }
    if (typeof node.minLength === "number" && node.minLength > 0) {
        parts.push(`min length ${node.minLength}`);
    }
    if (typeof node.maxLength === "number") {
        parts.push(`max length ${node.maxLength}`);
    }
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** A short human type: `string \| number`, `object[] (min 1)`, `` `a` \| `b` ``, `any`. */
export function typeName(raw: JsonSchema, resolve: Resolve = (n) => n): string {
    const node = resolve(raw);
    if (typeof node.title === "string") {
        return node.title;
    }
    if (Array.isArray(node.enum)) {
        return node.enum.map(literal).join(" | ");
    }
    if (node.const !== undefined) {
        return literal(node.const);
    }
    const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) {
        return [...new Set(alternatives.map((a) => typeName(a, resolve)))].join(" | ");
    }
    const types = Array.isArray(node.type) ? (node.type as string[]) : node.type ? [node.type as string] : [];
    if (types.length === 0) {
        return "any";
    }
    return types
        .map((t) => {
            if (t !== "array") {
                return t + bounds(node);
            }
            const items =
                node.items && typeof node.items === "object" ? typeName(node.items as JsonSchema, resolve) : "any";
            return `${/[ |]/.test(items) ? `(${items})` : items}[]${bounds(node)}`;
        })
        .join(" | ");
}

function row(key: string, node: JsonSchema, required: boolean, resolve: Resolve): ConfigRow {
    const { text, tagged } = splitDefault(typeof node.description === "string" ? node.description : "");
    const fallback = tagged !== undefined ? tagged : "";
    return {
        key,
        type: typeName(node, resolve),
        required,
        default: node.default !== undefined ? literal(node.default) : fallback,
        description: text,
    };
}

/**
 * Every key under a section, depth first in declaration order; array items appear as `key[]`. A recursive
 * `$ref` is listed once: its repeat says which key it has the shape of instead of expanding again.
 */
export function configRows(
    key: string,
    raw: JsonSchema,
    required: boolean,
    resolve: Resolve = (n) => n,
    expanding: ReadonlyMap<string, string> = new Map(),
): ConfigRow[] {
    const ref = (node: JsonSchema) => (typeof node.$ref === "string" ? node.$ref : undefined);
    const rowFor = row(key, resolve(raw), required, resolve);
    const seenAt = (node: JsonSchema) => expanding.get(ref(node) ?? "");
    if (ref(raw) === SECURE_REF) {
        // A secret section: what it holds is ciphertext, whose one key the reader never writes by hand.
        return [rowFor];
    }
    if (seenAt(raw) !== undefined) {
        return [{ ...rowFor, description: `${rowFor.description} Same shape as ${code(seenAt(raw)!)}.`.trim() }];
    }
    const inner = new Map(expanding);
    if (ref(raw) !== undefined) {
        inner.set(ref(raw)!, key);
    }
    let container = resolve(raw);
    let prefix = key;
    while (container.type === "array" && container.items && typeof container.items === "object") {
        const items = container.items as JsonSchema;
        const repeat = inner.get(ref(items) ?? "");
        if (repeat !== undefined) {
            return [
                { ...rowFor, description: `${rowFor.description} Each item has the shape of ${code(repeat)}.`.trim() },
            ];
        }
        prefix = `${prefix}[]`;
        if (ref(items) !== undefined) {
            inner.set(ref(items)!, prefix);
        }
        container = resolve(items);
    }
    const childRows = (object: JsonSchema, note: string) => {
        const requiredKeys = (object.required as string[] | undefined) ?? [];
        return Object.entries((object.properties as Record<string, JsonSchema> | undefined) ?? {}).flatMap(
            ([name, child]) =>
                configRows(`${prefix}.${name}`, child, requiredKeys.includes(name), resolve, inner).map((r) => ({
                    ...r,
                    description: `${note}${r.description}`,
                })),
        );
    };
    const variants = objectVariants(container, resolve);
    if (variants === undefined) {
        return [rowFor, ...childRows(container, "")];
    }
    // A union of objects (a zod discriminated union): the tag once, then each variant's keys, labelled with it.
    const tag = discriminator(variants);
    if (tag === undefined) {
        return [rowFor, ...variants.flatMap((variant, i) => childRows(variant, `(variant ${i + 1}) `))];
    }
    const tagValue = (variant: JsonSchema) => constOf((variant.properties as Record<string, JsonSchema>)[tag]);
    const tagRow: ConfigRow = {
        key: `${prefix}.${tag}`,
        type: variants.map((v) => literal(tagValue(v))).join(" | "),
        required: true,
        default: "",
        description: "Selects the variant; the keys below apply to the variant named in brackets.",
    };
    return [
        rowFor,
        tagRow,
        ...variants.flatMap((variant) =>
            childRows(variant, `(${code(tag)} ${literal(tagValue(variant))}) `).filter((r) => r.key !== tagRow.key),
        ),
    ];
}

function constOf(node: JsonSchema | undefined): unknown {
    if (node === undefined) {
        return undefined;
    }
    return node.const ?? (Array.isArray(node.enum) && node.enum.length === 1 ? node.enum[0] : undefined);
}

/** The alternatives of an anyOf/oneOf when every one is an object with properties; otherwise undefined. */
function objectVariants(node: JsonSchema, resolve: Resolve): JsonSchema[] | undefined {
    const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
    if (!Array.isArray(alternatives) || alternatives.length === 0) {
        return undefined;
    }
    const resolved = alternatives.map(resolve);
    return resolved.every((a) => a.properties && typeof a.properties === "object") ? resolved : undefined;
}

/** A property every variant pins to a constant: the discriminator of a zod discriminatedUnion. */
function discriminator(variants: readonly JsonSchema[]): string | undefined {
    const [first, ...rest] = variants.map((v) => v.properties as Record<string, JsonSchema>);
    return Object.keys(first).find(
        (key) => constOf(first[key]) !== undefined && rest.every((p) => constOf(p[key]) !== undefined),
    );
}

/** A node without its `{secure: …}` alternative: the reference shows each key's type once decrypted. */
function decrypted(node: JsonSchema): JsonSchema {
    const alternatives = node.anyOf;
    if (!Array.isArray(alternatives) || !alternatives.some((a: JsonSchema) => a.$ref === SECURE_REF)) {
        return node;
    }
    const plain = alternatives.filter((a: JsonSchema) => a.$ref !== SECURE_REF);
    return plain.length === 1 ? { ...plain[0], ...node, anyOf: undefined } : { ...node, anyOf: plain };
}

/** docs/config-reference.md from the stack-file JSON Schema. */
export function configReference(stackSchema: JsonSchema): string {
    const plainSchema = mapSchema(stackSchema, decrypted);
    const resolve = resolver(plainSchema);
    const config = (plainSchema.properties as Record<string, JsonSchema>).config;
    const sections = Object.entries(config.properties as Record<string, JsonSchema>);
    const required = requiredSections(plainSchema);
    const blocks = [
        "# Config reference",
        "<!-- Generated by `npm run docs` (tools/docs/generate.ts) from stacks/config/schema.ts. Do not edit by hand. -->",
        [
            "Every key a stack file (`Pulumi.<stack>.yaml`) may set under the `platform:` namespace. This page is generated by",
            "`npm run docs` from the zod schema in `stacks/config/schema.ts`; the same run writes the JSON Schema",
            `\`${SCHEMA_FILE}\`, which editors with yaml-language-server use for completion and validation`,
            "(the stack files reference it in their first line).",
        ].join("\n"),
        [
            "The program parses every section once before registering any resource: defaults are merged, cross-field",
            "checks run (CIDR overlaps, MetalLB pools inside the node subnet, quota sums within declared capacity), and",
            "every problem is reported at once as `platform:<section>.<path>: <message>`; `npm run render` exits 2 on",
            "invalid config. Quantities (`cpu`, `memory`, `requests*`, `limits*`) take Kubernetes quantities such as",
            "`500m`, `2` or `4Gi`; YAML numbers are accepted. A key under an array is written `key[].child`;",
            '"required" means required whenever its parent is present.',
        ].join("\n"),
        [
            "A section may also be written without its namespace (`tenants:` is `platform:tenants`), as the Pulumi CLI",
            "reads it, but not both ways. `kubernetes:` and `pulumi:` keys go to the kubernetes provider and the Pulumi",
            "engine; a key of any other namespace is an error. Any string value, at a key or inside one, may be stored",
            "encrypted as `{secure: <ciphertext>}` (`pulumi config set --secret`, with `--path` inside a key); the types",
            "below are the decrypted ones. A section marked secret must be stored that way: in plain text it is an error.",
        ].join("\n"),
        table(
            ["section", "required", "description"],
            sections.map(([key, node]) => [
                `[${code(key)}](#${anchor(key)})`,
                required.includes(key) ? "yes" : "no",
                splitDefault(String(resolve(node).description ?? "")).text,
            ]),
        ),
        ...sections.flatMap(([key, node]) => [
            `## ${key}`,
            splitDefault(String(resolve(node).description ?? "")).text,
            table(
                ["key", "type", "required", "default", "description"],
                configRows(key, node, required.includes(key), resolve).map((r) => [
                    code(r.key),
                    r.type,
                    r.required ? "yes" : "no",
                    r.default,
                    r.description,
                ]),
            ),
        ]),
    ];
    return document(blocks);
}
