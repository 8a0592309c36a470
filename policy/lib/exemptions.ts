import type { ReportViolation, ResourceValidation, StackValidationArgs } from "@pulumi/policy";
import * as fs from "node:fs";
import { parse } from "yaml";
import type { PlatformPolicy } from "./metadata";
import { objectType } from "../../contract/objects";

/** What an exemption is matched against: a resource's URN and the object it declares. */
interface Subject {
    readonly urn: string;
    readonly type: string;
    readonly props: unknown;
}

/** The object an exemption covers, exactly: no globs, no namespace-wide or kind-wide exceptions. */
export interface ExemptObject {
    readonly kind: string;
    /** Empty for a cluster-scoped object. */
    readonly namespace: string;
    readonly name: string;
}

/**
 * A documented, owned, expiring exception to one rule for one object that one component declares: it suppresses
 * violations only on resources whose URN descends from a `component` resource (so the same object declared by
 * anything else is still judged) and whose object is `resource`.
 */
export interface Exemption {
    readonly policy: string;
    /** Type token of the component whose resources need it, e.g. `platform:network:MetalLb`. */
    readonly component: string;
    readonly resource: ExemptObject;
    readonly reason: string;
    readonly owner: string;
    /** Last day (UTC, YYYY-MM-DD) the exemption applies. */
    readonly expires: string;
}

/** How often each active exemption suppressed a violation, for the report. */
export type ExemptionLedger = Map<Exemption, number>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COMPONENT = /^platform:[a-z][a-zA-Z0-9-]*:[A-Z][A-Za-z0-9]*$/;
const FIELDS = ["policy", "component", "resource", "reason", "owner", "expires"];

type Entry = Readonly<Record<string, unknown>> | undefined;

function textOf(entry: Entry, key: string): string | undefined {
    const value = entry?.[key];
    return typeof value === "string" ? value : undefined;
}

function recordOf(value: unknown): Entry {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Entry) : undefined;
}

function problemsOf(value: unknown, index: number): string[] {
    const entry = recordOf(value);
    const at = `exemptions[${index}]`;
    const problems = Object.keys(entry ?? {})
        .filter((key) => !FIELDS.includes(key))
        .map((key) => `${at}.${key}: unknown field; an exemption has ${FIELDS.join(", ")}`);
    for (const key of ["policy", "reason", "owner"]) {
        if ((textOf(entry, key) ?? "").trim() === "") {
            problems.push(`${at}.${key}: required, a non-empty string`);
        }
    }
    if (!COMPONENT.test(textOf(entry, "component") ?? "")) {
        problems.push(
            `${at}.component: required, the type token of the platform component that needs it (platform:<area>:<Type>)`,
        );
    }
    const expires = textOf(entry, "expires");
    if (expires === undefined || !DATE.test(expires) || Number.isNaN(Date.parse(expires))) {
        problems.push(`${at}.expires: required, a date YYYY-MM-DD`);
    }
    const resource = recordOf(entry?.resource);
    for (const key of ["kind", "name"]) {
        const text = textOf(resource, key) ?? "";
        if (text === "" || text.includes("*")) {
            problems.push(`${at}.resource.${key}: required, the object's exact ${key} (no globs)`);
        }
    }
    if (textOf(resource, "namespace") === undefined || (textOf(resource, "namespace") ?? "").includes("*")) {
        problems.push(`${at}.resource.namespace: required, the object's exact namespace ("" if cluster-scoped)`);
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

/** The component types a URN's resource descends from: `urn:pulumi:s::p::A$B$C::name` → A, B. */
function ancestorTypes(urn: string): string[] {
    const types = urn.split("::")[2]?.split("$") ?? [];
    return types.slice(0, -1);
}

/** `DaemonSet "metallb-system/speaker" of platform:network:MetalLb`, for messages and the catalog. */
export function describeExemptObject(exemption: Exemption): string {
    const { kind, namespace, name } = exemption.resource;
    return `${kind} "${namespace === "" ? name : `${namespace}/${name}`}" of ${exemption.component}`;
}

/** Whether the exemption covers the resource at `urn` declaring `props` as an object of type `type`. */
export function matches(exemption: Exemption, urn: string, type: string, props: unknown): boolean {
    const { kind, namespace, name } = exemption.resource;
    const metadata = recordOf(recordOf(props)?.metadata);
    return (
        ancestorTypes(urn).includes(exemption.component) &&
        objectType(type, props).endsWith(`:${kind}`) &&
        (textOf(metadata, "namespace") ?? "") === namespace &&
        textOf(metadata, "name") === name
    );
}

/**
 * Wraps each policy so violations on resources an active exemption covers are suppressed (and counted),
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
            (report: ReportViolation, find: (urn: string | undefined) => Subject | undefined): ReportViolation =>
            (message, urn) => {
                const subject = find(urn);
                const exemption = subject && active.find((e) => matches(e, subject.urn, subject.type, subject.props));
                if (exemption) {
                    ledger.set(exemption, (ledger.get(exemption) ?? 0) + 1);
                } else {
                    report(message, urn);
                }
            };
        if ("validateStack" in policy) {
            return {
                ...policy,
                validateStack: (args: StackValidationArgs, report: ReportViolation) => {
                    const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
                    return policy.validateStack(
                        args,
                        filtered(report, (urn) => (urn === undefined ? undefined : byUrn.get(urn))),
                    );
                },
            };
        }
        const wrap = (validate: ResourceValidation): ResourceValidation =>
            Object.assign(
                (args: Parameters<ResourceValidation>[0], report: ReportViolation) =>
                    validate(
                        args,
                        filtered(report, (urn) => (urn === undefined || urn === args.urn ? args : undefined)),
                    ),
                { __pulumiType: (validate as { __pulumiType?: string }).__pulumiType },
            );
        const validations = [policy.validateResource ?? []].flat();
        return { ...policy, validateResource: validations.map(wrap) };
    });
}
