import { z } from "zod";
import { CONFIG_NAMESPACE, OTHER_NAMESPACES } from "../../stacks/config/loader";
import { sectionSchemas } from "../../stacks/config/schema";
import { isSecretSection, setSecretCommand } from "../../stacks/config/secrets";

/** A JSON Schema node; the generator only reads the keywords it knows. */
export type JsonSchema = { readonly [keyword: string]: unknown };

const DRAFT = "http://json-schema.org/draft-07/schema#";

/** Stack-file keys the Pulumi CLI itself writes next to `config`. */
const STACK_SETTINGS: Readonly<Record<string, JsonSchema>> = {
    encryptionsalt: { type: "string", description: "Salt of the passphrase secrets provider (written by Pulumi)." },
    secretsprovider: { type: "string", description: "Secrets provider URL (written by Pulumi)." },
    encryptedkey: { type: "string", description: "Data key encrypted by the secrets provider (written by Pulumi)." },
    environment: { description: "Pulumi ESC environments imported into this stack." },
};

/** How a stack file holds a value set with `pulumi config set --secret`, at a key or (`--path`) inside one. */
const SECURE_VALUE = "secureValue";
export const SECURE_REF = `#/definitions/${SECURE_VALUE}`;
const SECURE_DEFINITION: JsonSchema = {
    title: "secure value",
    description:
        "A value encrypted by `pulumi config set --secret <key>` (`--path` for one inside a key); the program reads the decrypted text.",
    type: "object",
    properties: { secure: { type: "string" } },
    required: ["secure"],
    additionalProperties: false,
};

/** Keywords whose value is a schema or a list of schemas, and keywords that map names to schemas. */
const SUBSCHEMAS = [
    "items",
    "additionalItems",
    "additionalProperties",
    "propertyNames",
    "not",
    "anyOf",
    "oneOf",
    "allOf",
];
const SCHEMA_MAPS = ["properties", "patternProperties", "definitions"];

const isNode = (value: unknown): value is JsonSchema =>
    value !== null && typeof value === "object" && !Array.isArray(value);

/** Applies `change` to every schema in a tree, innermost first; data keywords (default, enum, const) are left as they are. */
export function mapSchema(node: JsonSchema, change: (node: JsonSchema) => JsonSchema): JsonSchema {
    const out: Record<string, unknown> = { ...node };
    for (const keyword of SUBSCHEMAS) {
        const value = node[keyword];
        if (Array.isArray(value)) {
            out[keyword] = value.map((n: JsonSchema) => mapSchema(n, change));
        } else if (isNode(value)) {
            out[keyword] = mapSchema(value, change);
        }
    }
    for (const keyword of SCHEMA_MAPS.filter((k) => isNode(node[k]))) {
        const entries = Object.entries(node[keyword] as Record<string, JsonSchema>);
        out[keyword] = Object.fromEntries(entries.map(([name, n]) => [name, mapSchema(n, change)]));
    }
    return change(out);
}

/**
 * A node that takes a string (an enum or const too) may instead hold `{secure: …}`: like the CLI, the loader reads
 * such a mapping at any depth as the decrypted text. Description and default stay on the node.
 */
function allowSecure(node: JsonSchema): JsonSchema {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.includes("string")) {
        return node;
    }
    const { description, default: fallback, ...plain } = node;
    return {
        ...(description !== undefined ? { description } : {}),
        ...(fallback !== undefined ? { default: fallback } : {}),
        anyOf: [plain, { $ref: SECURE_REF }],
    };
}

/** Rewrites local `$ref`s after a section's definitions move under a prefixed name in the stack schema. */
function rehome(node: JsonSchema, prefix: string): JsonSchema {
    return mapSchema(node, (n) =>
        typeof n.$ref === "string" ? { ...n, $ref: n.$ref.replace("#/definitions/", `#/definitions/${prefix}`) } : n,
    );
}

/** What a section accepts as input, with defaults and descriptions; transforms and refinements are not expressible. */
export function sectionJsonSchema(schema: z.ZodType): { schema: JsonSchema; definitions: Record<string, JsonSchema> } {
    const json: Record<string, unknown> = {
        ...z.toJSONSchema(schema, { io: "input", target: "draft-07", unrepresentable: "any" }),
    };
    // The stack schema declares the draft once, at its root, and holds every section's definitions.
    const definitions = json.definitions;
    delete json.$schema;
    delete json.definitions;
    return { schema: json, definitions: (definitions ?? {}) as Record<string, JsonSchema> };
}

/** Whether a stack file may leave the section out (it has a default or is optional). */
export function sectionIsOptional(schema: z.ZodType): boolean {
    return schema.safeParse(undefined).success;
}

export const configKey = (section: string): string => `${CONFIG_NAMESPACE}:${section}`;

/**
 * A section declared with `secretSection`: the stack must hold it encrypted, so the only value is a secure one.
 * The description starts with the command that sets it.
 */
function secretNode(section: string, schema: JsonSchema): JsonSchema {
    const note = `Secret: set it with \`${setSecretCommand(configKey(section))}\`; a plain-text value is an error.`;
    const description = typeof schema.description === "string" ? `${note} ${schema.description}` : note;
    return { description, $ref: SECURE_REF };
}

/** Each section once: with `platform:` or without (the CLI puts an unqualified key in the project's namespace). */
function spellingRule(section: string, required: boolean): JsonSchema {
    const spellings = [configKey(section), section];
    return required ? { oneOf: spellings.map((key) => ({ required: [key] })) } : { not: { required: spellings } };
}

/** The sections the stack schema requires (`platformConfigJsonSchema` writes one spelling rule per section). */
export function requiredSections(stackSchema: JsonSchema): string[] {
    const config = (stackSchema.properties as Record<string, JsonSchema>).config;
    return ((config.allOf ?? []) as JsonSchema[]).flatMap((rule) =>
        Array.isArray(rule.oneOf) ? ((rule.oneOf[0] as JsonSchema).required as string[]) : [],
    );
}

/** The JSON Schema of a whole `Pulumi.<stack>.yaml`, for editors (yaml-language-server) and the config reference. */
export function platformConfigJsonSchema(sections: Readonly<Record<string, z.ZodType>> = sectionSchemas): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const unqualified: Record<string, JsonSchema> = {};
    const definitions: Record<string, JsonSchema> = { [SECURE_VALUE]: SECURE_DEFINITION };
    const spellings: JsonSchema[] = [];
    for (const [section, schema] of Object.entries(sections)) {
        const key = configKey(section);
        const prefix = `${section}.`;
        const converted = sectionJsonSchema(schema);
        const plain = mapSchema(rehome(converted.schema, prefix), allowSecure);
        properties[key] = isSecretSection(schema) ? secretNode(section, plain) : plain;
        unqualified[`^${section}$`] = { $ref: `#/properties/config/properties/${key}` };
        for (const [name, def] of Object.entries(converted.definitions)) {
            definitions[`${prefix}${name}`] = mapSchema(rehome(def, prefix), allowSecure);
        }
        spellings.push(spellingRule(section, !sectionIsOptional(schema)));
    }
    const others = OTHER_NAMESPACES.map((n) => `\`${n}:\``);
    return {
        $schema: DRAFT,
        title: "Pulumi stack file of the platform project",
        description: `Pulumi.<stack>.yaml: \`${CONFIG_NAMESPACE}:\` keys (or the same keys without a namespace) are checked against stacks/config/schema.ts (generated by npm run docs); ${others.join(" and ")} keys go to the kubernetes provider and the Pulumi engine; keys of any other namespace are errors.`,
        type: "object",
        properties: {
            config: {
                type: "object",
                description: `Stack configuration: \`${CONFIG_NAMESPACE}:<section>\` keys, plus ${others.join(" and ")} keys.`,
                properties,
                patternProperties: {
                    ...unqualified,
                    [`^(${OTHER_NAMESPACES.join("|")}):`]: {
                        description: "Read by the kubernetes provider or the Pulumi engine; this program does not.",
                    },
                },
                additionalProperties: false,
                allOf: spellings,
            },
            ...STACK_SETTINGS,
        },
        required: ["config"],
        additionalProperties: false,
        definitions,
    };
}
