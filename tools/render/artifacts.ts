import { stringify } from "yaml";
import type { Violation } from "../../policy/harness/evaluate";
import type { Exemption, PlatformPolicy } from "../../policy/pack";
import type { CapturedResource } from "../runtime/capture";
import { redactInputs } from "./redact";
import { toSarif } from "./sarif";
import { valueAt } from "../../contract/json";
import { CHART_TYPES } from "../../contract/k8s-types";
import { byCodePoint } from "../../contract/order";

/** Kubernetes objects the program declares directly: custom resources of the kubernetes provider, not charts. */
export function isManifest(r: CapturedResource): boolean {
    return r.custom && r.type.startsWith("kubernetes:") && !CHART_TYPES.includes(r.type);
}

/** Recursively sorts object keys so output does not depend on registration or serialisation order. */
export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

export function stableJson(value: unknown): string {
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

type Manifest = Record<string, unknown>;

function manifestOrder(m: Manifest): string {
    return [
        valueAt(m, "apiVersion"),
        valueAt(m, "kind"),
        valueAt(m, "metadata.namespace") ?? "",
        valueAt(m, "metadata.name") ?? "",
    ].join("\u0000");
}

export function manifestsYaml(resources: readonly CapturedResource[]): string {
    const manifests = resources
        .filter(isManifest)
        .map((r) => redactInputs(r.inputs))
        .sort((a, b) => byCodePoint(manifestOrder(a), manifestOrder(b)));
    return manifests.map((m) => stringify(sortKeys(m), { lineWidth: 0 })).join("---\n");
}

export function chartsJson(resources: readonly CapturedResource[]): string {
    const charts = resources
        .filter((r) => CHART_TYPES.includes(r.type))
        .map((r) => {
            const inputs = redactInputs(r.inputs);
            return {
                name: r.name,
                type: r.type,
                namespace: inputs.namespace ?? null,
                chart: inputs.chart ?? null,
                version: inputs.version ?? null,
                repository: valueAt(inputs, "repositoryOpts.repo") ?? null,
                values: inputs.values ?? {},
            };
        });
    return stableJson(charts);
}

export function resourcesJson(resources: readonly CapturedResource[]): string {
    return stableJson(
        resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            dependencies: r.dependencies,
            options: r.options,
            inputs: redactInputs(r.inputs),
        })),
    );
}

export interface ReportContext {
    readonly pack: { readonly name: string; readonly version: string };
    readonly stack: string;
    readonly stackFile: string;
    readonly profileFile: string;
    readonly policies: readonly PlatformPolicy[];
    /** Active exemptions with how many violations each suppressed in this render. */
    readonly exemptions: readonly (Exemption & { readonly suppressed: number })[];
}

export function countByEnforcement(violations: readonly Violation[]): { mandatory: number; advisory: number } {
    return {
        mandatory: violations.filter((v) => v.enforcement === "mandatory").length,
        advisory: violations.filter((v) => v.enforcement === "advisory").length,
    };
}

function violationOrder(v: Violation): string {
    return [v.policy, v.urn, v.message].join("\u0000");
}

export function sortViolations(violations: readonly Violation[]): Violation[] {
    return [...violations].sort((a, b) => byCodePoint(violationOrder(a), violationOrder(b)));
}

export function policyReportJson(violations: readonly Violation[], ctx: ReportContext): string {
    return stableJson({
        pack: ctx.pack,
        stack: ctx.stack,
        profile: ctx.profileFile,
        summary: { ...countByEnforcement(violations), policies: ctx.policies.length },
        violations: sortViolations(violations),
        exemptions: ctx.exemptions,
    });
}

export function policyReportSarif(violations: readonly Violation[], ctx: ReportContext): string {
    return stableJson(toSarif(sortViolations(violations), ctx));
}
