// The CLI's text: one line per problem, then a summary a reviewer can compare between runs (no timings in the
// lines that tests read, so two runs print the same).
import type { Problem } from "./types";
import type { ValidationReport } from "./validate";

export function formatProblem(p: Problem): string {
    return `${p.apiVersion} ${p.kind} ${p.namespace}/${p.name}: ${p.path}: ${p.message}`;
}

export interface SummaryContext {
    readonly stack: string;
    /** CRD directories read, as given; empty when none was available. */
    readonly crdDirs: readonly string[];
    /** CRD definitions found in them. */
    readonly crdCount: number;
}

export function summarize(report: ValidationReport, context: SummaryContext): string {
    const { core, custom, notChecked } = report.objects;
    const lines = [
        `validate ${context.stack}: ${core + custom + notChecked} objects, ${report.problems.length} problem(s)`,
        `  core:        ${core} checked against kubernetes-models`,
        context.crdDirs.length > 0
            ? `  custom:      ${custom} checked against ${context.crdCount} CRD definitions in ${context.crdDirs.join(", ")}`
            : `  custom:      ${custom} checked`,
        `  not checked: ${notChecked}${notChecked > 0 ? " custom resources (no CRD directory: their schemas were NOT checked)" : ""}`,
        `  CEL rules:   ${report.cel.evaluated} evaluated, ${report.cel.notEvaluated} not evaluated`,
    ];
    for (const [reason, count] of report.cel.reasons) {
        lines.push(`    not evaluated: ${count} × ${reason}`);
    }
    if (report.uncheckedPatterns > 0) {
        lines.push(
            `  patterns:    ${report.uncheckedPatterns} value(s) not checked against a pattern RE2 cannot compile`,
        );
    }
    return lines.join("\n");
}
