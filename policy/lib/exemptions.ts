import type { ReportViolation, ResourceValidation, StackValidationArgs } from "@pulumi/policy";
import * as fs from "node:fs";
import { parse } from "yaml";
import type { PlatformPolicy } from "./metadata";

/** A documented, owned, expiring exception to one policy for the resources it matches. */
export interface Exemption {
    readonly policy: string;
    /** Glob (`*` matches anything) over the resource URN or its Pulumi name; one of the two. */
    readonly match: { readonly urn?: string; readonly name?: string };
    readonly reason: string;
    readonly owner: string;
    /** Last day (UTC, YYYY-MM-DD) the exemption applies. */
    readonly expires: string;
}

/** How often each active exemption suppressed a violation, for the report. */
export type ExemptionLedger = Map<Exemption, number>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Entry = Readonly<Record<string, unknown>> | undefined;

function textOf(entry: Entry, key: string): string | undefined {
    const value = entry?.[key];
    return typeof value === "string" ? value : undefined;
}

function problemsOf(value: unknown, index: number): string[] {
    const entry = value !== null && typeof value === "object" ? (value as Entry) : undefined;
    const at = `exemptions[${index}]`;
    const problems: string[] = [];
    for (const key of ["policy", "reason", "owner"]) {
        if ((textOf(entry, key) ?? "").trim() === "") {
            problems.push(`${at}.${key}: required, a non-empty string`);
        }
    }
    const expires = textOf(entry, "expires");
    if (expires === undefined || !DATE.test(expires) || Number.isNaN(Date.parse(expires))) {
        problems.push(`${at}.expires: required, a date YYYY-MM-DD`);
    }
    const rawMatch = entry?.match;
    const match = rawMatch !== null && typeof rawMatch === "object" ? (rawMatch as Entry) : undefined;
    const kinds = ["urn", "name"].filter((k) => (textOf(match, k) ?? "") !== "");
    if (kinds.length !== 1) {
        problems.push(`${at}.match: exactly one of urn or name`);
    }
    return problems;
}

/** Parses the exemptions YAML (`exemptions: [...]`); throws one error listing every malformed entry. */
export function parseExemptions(text: string, source: string): Exemption[] {
    const doc = (parse(text) ?? {}) as { exemptions?: unknown };
    const entries = doc.exemptions ?? [];
    if (!Array.isArray(entries)) {
        throw new Error(`${source}: exemptions must be a list`);
    }
    const problems = entries.flatMap(problemsOf);
    if (problems.length > 0) {
        throw new Error(`${source}:\n  ${problems.join("\n  ")}`);
    }
    return entries as Exemption[];
}

export function loadExemptions(file: string): Exemption[] {
    return parseExemptions(fs.readFileSync(file, "utf8"), file);
}

/** Today as YYYY-MM-DD in UTC: exemptions expire at the end of their day everywhere. */
export function utcDay(date: Date): string {
    return date.toISOString().slice(0, 10);
}

export function isExpired(exemption: Exemption, today: string): boolean {
    return exemption.expires < today;
}

function globMatches(pattern: string, text: string): boolean {
    const source = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`).test(text);
}

export function matches(exemption: Exemption, urn: string): boolean {
    const { urn: urnPattern, name } = exemption.match;
    if (urnPattern !== undefined) {
        return globMatches(urnPattern, urn);
    }
    return name !== undefined && globMatches(name, urn.split("::").pop() ?? "");
}

/**
 * Wraps each policy so violations on resources an active exemption matches are suppressed (and counted),
 * keeping the type tag the engine uses to skip unrelated resources. Expired exemptions suppress nothing.
 */
export function applyExemptions(
    policies: readonly PlatformPolicy[],
    exemptions: readonly Exemption[],
    today: string,
    ledger: ExemptionLedger = new Map(),
): PlatformPolicy[] {
    return policies.map((policy) => {
        const active = exemptions.filter((e) => e.policy === policy.name && !isExpired(e, today));
        if (active.length === 0) {
            return policy;
        }
        const filtered =
            (report: ReportViolation, fallbackUrn: string): ReportViolation =>
            (message, urn) => {
                const exemption = active.find((e) => matches(e, urn ?? fallbackUrn));
                if (exemption) {
                    ledger.set(exemption, (ledger.get(exemption) ?? 0) + 1);
                } else {
                    report(message, urn);
                }
            };
        if ("validateStack" in policy) {
            return {
                ...policy,
                validateStack: (args: StackValidationArgs, report: ReportViolation) =>
                    policy.validateStack(args, filtered(report, "")),
            };
        }
        const wrap = (validate: ResourceValidation): ResourceValidation =>
            Object.assign(
                (args: Parameters<ResourceValidation>[0], report: ReportViolation) =>
                    validate(args, filtered(report, args.urn)),
                { __pulumiType: (validate as { __pulumiType?: string }).__pulumiType },
            );
        const validations = [policy.validateResource ?? []].flat();
        return { ...policy, validateResource: validations.map(wrap) };
    });
}
