import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ParsedSections } from "../areas/area";
import { crossChecks } from "./checks";
import { ConfigError, type ConfigIssue } from "./errors";
import { sectionSchemas, type PlatformConfig, type SectionName } from "./schema";

export const CONFIG_NAMESPACE = "platform";

const SECTIONS = Object.keys(sectionSchemas) as SectionName[];

function zodIssues(section: SectionName, error: z.ZodError): ConfigIssue[] {
    return error.issues.map((issue) => ({ path: [section, ...issue.path], message: issue.message }));
}

/**
 * Parses raw section values (already JSON-decoded) into the typed config, or throws one ConfigError listing
 * every problem. Each section parses on its own, so a typo in one does not hide cross-field problems in others.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, unknown>>): PlatformConfig {
    const issues: ConfigIssue[] = [];
    for (const key of Object.keys(raw).sort()) {
        if (!(SECTIONS as string[]).includes(key)) {
            issues.push({ path: [key], message: `unknown config key; known keys are ${SECTIONS.join(", ")}` });
        }
    }
    const parsed: ParsedSections = {};
    for (const section of SECTIONS) {
        const result = sectionSchemas[section].safeParse(raw[section]);
        if (result.success) {
            Object.assign(parsed, { [section]: result.data });
        } else {
            issues.push(...zodIssues(section, result.error));
        }
    }
    issues.push(...crossChecks(parsed));
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    return parsed as PlatformConfig;
}

/** The `platform:` sections of CLI-style config (full keys to strings, structured values JSON-encoded). */
export function configSections(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    for (const fullKey of Object.keys(all).filter((k) => k.startsWith(prefix))) {
        try {
            raw[fullKey.slice(prefix.length)] = JSON.parse(all[fullKey]);
        } catch {
            raw[fullKey.slice(prefix.length)] = all[fullKey];
        }
    }
    return raw;
}

/** Reads every `platform:` key of the running stack's config once and parses it. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(configSections(pulumi.runtime.allConfig()));
}
