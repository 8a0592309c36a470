import { AREAS } from "../areas";
import type { ParsedSections } from "../areas/area";
import type { ConfigIssue } from "./errors";

/**
 * Every area's cross-field checks over whatever sections parsed, in list order. A check that builds on another
 * section runs only when that section is sound (parsed, and no earlier check faulted it), so one mistake
 * reports once.
 */
export function crossChecks(sections: ParsedSections): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const managedNamespaces = AREAS.flatMap((area) => area.namespaces(sections));
    const sound = (section: string) =>
        (sections as Record<string, unknown>)[section] !== undefined && !issues.some((i) => i.path[0] === section);
    for (const area of AREAS) {
        issues.push(...area.check(sections, { managedNamespaces, sound }));
    }
    return issues;
}
