import type { CapturedResource } from "../runtime/capture";
import { countByEnforcement, isManifest } from "./artifacts";
import type { RenderResult } from "./render";
import { byCodePoint } from "../../contract/order";

/** The top-level component a resource belongs to (the child of the Stack on its parent chain). */
function owner(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): string {
    let current = r;
    for (let parent = byUrn.get(current.parent ?? ""); parent && parent.type !== "pulumi:pulumi:Stack";) {
        current = parent;
        parent = byUrn.get(current.parent ?? "");
    }
    return `${current.type} ${current.name}`;
}

/** A few lines for a human: objects per component and kind, violations by enforcement. */
export function summarize(result: RenderResult): string {
    const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, Map<string, number>>();
    for (const r of result.resources.filter(isManifest)) {
        const kinds = groups.get(owner(r, byUrn)) ?? new Map<string, number>();
        const kind = String(r.inputs.kind ?? r.type);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        groups.set(owner(r, byUrn), kinds);
    }
    const counts = countByEnforcement(result.violations);
    const lines = [
        `${result.stack}: ${result.resources.length} resources, ${result.resources.filter(isManifest).length} Kubernetes objects`,
        ...[...groups.entries()]
            .sort(([a], [b]) => byCodePoint(a, b))
            .map(([group, kinds]) => `  ${group}: ${[...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(", ")}`),
        `policies: ${counts.mandatory} mandatory, ${counts.advisory} advisory violation(s)`,
        ...result.violations
            .filter((v) => v.enforcement === "mandatory")
            .map((v) => `  [mandatory] ${v.policy}: ${v.message} (${v.urn || "stack"})`),
    ];
    return lines.join("\n");
}
