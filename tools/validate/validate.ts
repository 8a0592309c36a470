// The validator's pure core: objects and CRDs in, problems and counts out. The CLI and the tests both call it.
import { parseAllDocuments } from "yaml";
import { CelRuleRunner } from "./cel";
import { isCoreKind, sortIssues, validateCore, validateObjectMeta } from "./core";
import type { Crd, CrdLookup } from "./crds";
import { coreScope, semanticIssues, type Scope } from "./semantic";
import { validateStructural } from "./structural";
import {
    isRecord,
    objectRef,
    splitApiVersion,
    stringAt,
    toProblem,
    type Issue,
    type JsonObject,
    type Problem,
} from "./types";

export interface ValidationReport {
    readonly problems: readonly Problem[];
    readonly objects: {
        /** Built-in kinds checked against kubernetes-models. */
        readonly core: number;
        /** Custom resources checked against a CRD (or reported for having none). */
        readonly custom: number;
        /** Custom resources not checked because no CRD directory was available. */
        readonly notChecked: number;
    };
    readonly cel: {
        readonly evaluated: number;
        readonly notEvaluated: number;
        /** Reasons with counts, most frequent first. */
        readonly reasons: readonly (readonly [string, number])[];
    };
    /** `pattern`s of CRD schemas that RE2 could not compile, so were not checked. */
    readonly uncheckedPatterns: number;
}

/** Every document of a multi-document YAML stream; a YAML error is thrown, not validated. */
export function parseManifests(text: string): unknown[] {
    return parseAllDocuments(text)
        .map((doc) => {
            if (doc.errors.length > 0) {
                throw new Error(`manifests: ${doc.errors[0].message}`);
            }
            return doc.toJS() as unknown;
        })
        .filter((doc) => doc !== null && doc !== undefined);
}

function noCrd(group: string, version: string, kind: string, crd?: Crd): string {
    const gv = group === "" ? version : `${group}/${version}`;
    if (crd === undefined) {
        return `no CRD for ${gv} ${kind}`;
    }
    return `no CRD for ${gv} ${kind}: CRD ${crd.name} has versions ${crd.versions.map((v) => v.name).join(", ")}`;
}

interface CustomResult {
    readonly issues: Issue[];
    readonly scope: Scope | undefined;
}

function validateCustom(
    object: JsonObject,
    crds: CrdLookup,
    runner: CelRuleRunner,
    onUncheckedPattern: () => void,
): CustomResult {
    const { group, version } = splitApiVersion(String(object.apiVersion));
    const kind = String(object.kind);
    const crd = crds.find(group, kind);
    const served = crd?.versions.find((v) => v.name === version);
    if (crd === undefined || served === undefined) {
        return { issues: [{ path: ["apiVersion"], message: noCrd(group, version, kind, crd) }], scope: crd?.scope };
    }
    if (!served.served) {
        return {
            issues: [{ path: ["apiVersion"], message: `version ${version} of CRD ${crd.name} is not served` }],
            scope: crd.scope,
        };
    }
    if (served.schema === undefined) {
        return {
            issues: [{ path: ["apiVersion"], message: `CRD ${crd.name} has no schema for ${version}` }],
            scope: crd.scope,
        };
    }
    const issues = validateStructural(object, served.schema, {
        rules: runner,
        objectMeta: validateObjectMeta,
        onUncheckedPattern,
    });
    return { issues, scope: crd.scope };
}

/**
 * Validates objects as the apiserver would admit them. `crds` undefined means no CRD directory: built-in kinds
 * are still checked, custom resources are counted as not checked (no problem is reported for them).
 */
export function validateObjects(objects: readonly unknown[], crds: CrdLookup | undefined): ValidationReport {
    const problems: Problem[] = [];
    const counts = { core: 0, custom: 0, notChecked: 0 };
    const runner = new CelRuleRunner();
    let uncheckedPatterns = 0;
    const namespaces = new Set(
        objects
            .filter((o) => isRecord(o) && o.apiVersion === "v1" && o.kind === "Namespace")
            .map((o) => stringAt(isRecord(o) ? o.metadata : undefined, "name"))
            .filter((n): n is string => n !== undefined),
    );
    for (const object of objects) {
        const ref = objectRef(object);
        if (!isRecord(object) || typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
            const missing = isRecord(object) && typeof object.apiVersion === "string" ? "kind" : "apiVersion";
            problems.push(toProblem(ref, { path: [missing], message: "required value" }));
            continue;
        }
        let issues: Issue[];
        let scope: Scope | undefined;
        if (isCoreKind(object.apiVersion, object.kind)) {
            counts.core++;
            issues = validateCore(object);
            scope = coreScope(object.apiVersion, object.kind);
        } else if (crds === undefined) {
            counts.notChecked++;
            issues = [];
            scope = undefined;
        } else {
            counts.custom++;
            ({ issues, scope } = validateCustom(object, crds, runner, () => uncheckedPatterns++));
        }
        issues.push(...semanticIssues(object, scope, { namespaces }));
        problems.push(...sortIssues(issues).map((issue) => toProblem(ref, issue)));
    }
    const reasons = [...runner.counts.reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
        problems,
        objects: counts,
        cel: { evaluated: runner.counts.evaluated, notEvaluated: runner.counts.notEvaluated, reasons },
        uncheckedPatterns,
    };
}
