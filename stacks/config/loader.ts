import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ParsedSections } from "../areas/area";
import { crossChecks } from "./checks";
import { CONFIG_NAMESPACE, ConfigError, type ConfigIssue } from "./errors";
import { plainData, RESERVED_KEYS, RESERVED_MESSAGE } from "./plain";
import { sectionSchemas, type PlatformConfig, type SectionName } from "./schema";
import { isSecretSection, setSecretCommand } from "./secrets";

export { CONFIG_NAMESPACE } from "./errors";

/** Namespaces a stack may set besides platform:, read by others: the engine's settings and the kubernetes provider. */
export const OTHER_NAMESPACES: readonly string[] = ["kubernetes", "pulumi"];

const SECTIONS = Object.keys(sectionSchemas) as SectionName[];

/** Whether a schema takes a string: its config value is then the text itself, as `pulumi.Config.get` reads it. */
function takesText(schema: z.ZodType): boolean {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
        return takesText(schema.unwrap() as z.ZodType);
    }
    return schema instanceof z.ZodString;
}

/** Sections read as text: a secret `12345678` or `true` stays the string it is. */
const TEXT_SECTIONS: ReadonlySet<string> = new Set(SECTIONS.filter((s) => takesText(sectionSchemas[s])));

/** The sections the stack must hold encrypted, as the areas declare them (`secretSection`). */
const SECRET_SECTIONS = SECTIONS.filter((s) => isSecretSection(sectionSchemas[s]));

function zodIssues(section: SectionName, error: z.ZodError): ConfigIssue[] {
    return error.issues.map((issue) => ({ path: [section, ...issue.path], message: issue.message }));
}

interface Checked {
    /** Undefined when there is any issue. */
    readonly config?: PlatformConfig;
    readonly issues: readonly ConfigIssue[];
}

/**
 * Every section as prototype-less plain data (reserved keys, too-deep nesting and changed prototypes are issues,
 * and such a section is not parsed further), then each section's schema, then the cross-field checks.
 */
function checkSections(raw: Readonly<Record<string, unknown>>): Checked {
    const issues: ConfigIssue[] = [];
    const values: Record<string, unknown> = Object.create(null);
    const unsound = new Set<string>();
    for (const key of Object.keys(raw).sort()) {
        if (RESERVED_KEYS.has(key)) {
            issues.push({ path: [key], message: RESERVED_MESSAGE });
        } else if (!(SECTIONS as string[]).includes(key)) {
            issues.push({ path: [key], message: `unknown config key; known keys are ${SECTIONS.join(", ")}` });
        } else {
            const data = plainData(raw[key], [key]);
            issues.push(...data.issues);
            values[key] = data.value;
            if (data.issues.length > 0) {
                unsound.add(key);
            }
        }
    }
    const parsed: Record<string, unknown> = {};
    for (const section of SECTIONS.filter((s) => !unsound.has(s))) {
        const result = sectionSchemas[section].safeParse(values[section]);
        if (result.success) {
            parsed[section] = result.data;
        } else {
            issues.push(...zodIssues(section, result.error));
        }
    }
    issues.push(...crossChecks(parsed as ParsedSections, (section) => Object.hasOwn(values, section)));
    return { config: issues.length === 0 ? (parsed as PlatformConfig) : undefined, issues };
}

/**
 * Parses raw section values (already decoded) into the typed config, or throws one ConfigError listing every
 * problem. Each section parses on its own, so a typo in one does not hide cross-field problems in others.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, unknown>>): PlatformConfig {
    const { config, issues } = checkSections(raw);
    if (config === undefined) {
        throw new ConfigError(issues);
    }
    return config;
}

function decodeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        // Not JSON: the schema reports the string under its key.
        return text;
    }
}

/**
 * The `platform:` sections of CLI-style config (full keys to strings, structured values JSON-encoded), in a
 * prototype-less object: text for sections whose schema takes a string, JSON-decoded for the others.
 */
export function configSections(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = Object.create(null);
    for (const fullKey of Object.keys(all).filter((k) => k.startsWith(prefix))) {
        const key = fullKey.slice(prefix.length);
        raw[key] = TEXT_SECTIONS.has(key) ? all[fullKey] : decodeJson(all[fullKey]);
    }
    return raw;
}

function unknownNamespace(name: string): string {
    const known = [CONFIG_NAMESPACE, ...OTHER_NAMESPACES].map((n) => `${n}:`).join(", ");
    const guess = (SECTIONS as string[]).includes(name) ? `; did you mean ${CONFIG_NAMESPACE}:${name}?` : "";
    return `is outside the namespaces this stack may set (${known})${guess}`;
}

export interface StackCheck extends Checked {
    /** Keys of OTHER_NAMESPACES: the engine or the kubernetes provider reads them, this program does not. */
    readonly otherKeys: readonly string[];
}

/**
 * Checks a stack's whole config as the CLI hands it over (full keys to strings, the keys that are secret): keys
 * outside the known namespaces, declared secret sections set in plain text, then every `platform:` section.
 */
export function checkStackConfig(
    all: Readonly<Record<string, string>>,
    secretKeys: readonly string[],
    stack: string,
): StackCheck {
    const issues: ConfigIssue[] = [];
    const otherKeys: string[] = [];
    for (const key of Object.keys(all).sort()) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        if (OTHER_NAMESPACES.includes(namespace)) {
            otherKeys.push(key);
        } else if (namespace !== CONFIG_NAMESPACE) {
            const name = key.slice(colon + 1);
            issues.push({ namespace, path: [name], message: unknownNamespace(name) });
        }
    }
    const secret = new Set(secretKeys);
    for (const section of SECRET_SECTIONS) {
        const key = `${CONFIG_NAMESPACE}:${section}`;
        if (Object.hasOwn(all, key) && !secret.has(key)) {
            issues.push({
                path: [section],
                message: `must be a secret, but is set in plain text; run \`${setSecretCommand(key, stack)}\``,
            });
        }
    }
    const sections = checkSections(configSections(all));
    issues.push(...sections.issues);
    return { config: issues.length === 0 ? sections.config : undefined, issues, otherKeys };
}

/** Declared secret sections the config lacks although a check requires them (an issue at exactly their key). */
export function requiredSecrets(check: StackCheck, all: Readonly<Record<string, string>>): string[] {
    return SECRET_SECTIONS.filter(
        (section) =>
            !Object.hasOwn(all, `${CONFIG_NAMESPACE}:${section}`) &&
            check.issues.some(
                (i) =>
                    (i.namespace ?? CONFIG_NAMESPACE) === CONFIG_NAMESPACE &&
                    i.path.length === 1 &&
                    i.path[0] === section,
            ),
    );
}

/** How the SDK itself tells a secret key (PULUMI_CONFIG_SECRET_KEYS); `@pulumi/pulumi` types it as internal. */
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/** Reads the running stack's whole config once, checks it and parses its `platform:` keys. */
export function loadPlatformConfig(): PlatformConfig {
    const all = pulumi.runtime.allConfig();
    const secretKeys = Object.keys(all).filter((k) => runtimeConfig.isConfigSecret(k));
    const { config, issues } = checkStackConfig(all, secretKeys, pulumi.getStack());
    if (config === undefined) {
        throw new ConfigError(issues);
    }
    return config;
}
