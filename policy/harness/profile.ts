import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import * as fs from "node:fs";
import type { PlatformPolicy } from "../lib/metadata";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A `--policy-pack-config` file: `all` and per-policy entries, each a level or `{enforcementLevel, ...config}`. */
export type Profile = Readonly<Record<string, EnforcementLevel | Readonly<Record<string, unknown>>>>;

/** The enforcement and config one policy runs with under a profile. */
export interface ResolvedPolicy {
    readonly enforcement: EnforcementLevel;
    readonly config: Readonly<Record<string, unknown>>;
}

function typeMatches(schema: PolicyConfigJSONSchema, value: unknown): boolean {
    switch (schema.type) {
        case "array":
            return Array.isArray(value);
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number";
        case "string":
            return typeof value === "string";
        case "boolean":
            return typeof value === "boolean";
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        default:
            return true;
    }
}

/** Every problem in a profile against the pack's policies: unknown policies, levels and config keys. */
export function profileProblems(profile: Profile, policies: readonly PlatformPolicy[]): string[] {
    const problems: string[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    for (const [name, entry] of Object.entries(profile)) {
        const policy = byName.get(name);
        if (name !== "all" && !policy) {
            problems.push(`${name}: no such policy in the pack`);
            continue;
        }
        if (entry === null || (typeof entry !== "string" && typeof entry !== "object") || Array.isArray(entry)) {
            problems.push(`${name}: expected an enforcement level or an object, got ${JSON.stringify(entry)}`);
            continue;
        }
        const { enforcementLevel, ...config } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
            problems.push(
                `${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not one of ${LEVELS.join(", ")}`,
            );
        }
        const properties = policy?.configSchema?.properties ?? {};
        for (const [key, value] of Object.entries(config)) {
            const schema = properties[key];
            if (!schema) {
                problems.push(`${name}.${key}: not a config property of this policy`);
            } else if (!typeMatches(schema, value)) {
                problems.push(`${name}.${key}: expected ${String(schema.type)}, got ${JSON.stringify(value)}`);
            }
        }
    }
    return problems;
}

/** Resolves a policy the way the CLI does: its profile entry, else `all`, else its own level, else the pack's. */
export function resolvePolicy(profile: Profile, policy: PlatformPolicy, packLevel: EnforcementLevel): ResolvedPolicy {
    const entry = profile[policy.name];
    const all = profile.all;
    const { enforcementLevel, ...config } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
    const allLevel = typeof all === "string" ? all : (all?.enforcementLevel as EnforcementLevel | undefined);
    return {
        enforcement:
            (enforcementLevel as EnforcementLevel | undefined) ?? allLevel ?? policy.enforcementLevel ?? packLevel,
        config,
    };
}

/** A profile file that cannot be read, is not JSON, or does not fit the pack. */
export class ProfileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProfileError";
    }
}

/** Reads and validates a profile file; throws one ProfileError listing every problem. */
export function loadProfile(file: string, policies: readonly PlatformPolicy[]): Profile {
    let profile: unknown;
    try {
        profile = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new ProfileError(`${file}: ${(e as Error).message}`);
    }
    if (profile === null || typeof profile !== "object" || Array.isArray(profile)) {
        throw new ProfileError(`${file}: a profile is a JSON object of policy names to levels or config`);
    }
    const problems = profileProblems(profile as Profile, policies);
    if (problems.length > 0) {
        throw new ProfileError(`invalid policy profile ${file}:\n  ${problems.join("\n  ")}`);
    }
    return profile as Profile;
}
