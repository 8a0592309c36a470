import { AREAS } from "../areas";
import type { ParsedSections } from "../areas/area";
import type { ConfigIssue } from "./errors";
import { append } from "../../contract/group";

/**
 * Every area's cross-field checks over whatever sections parsed, in list order. A check that builds on another
 * section runs only when that section is sound (parsed, and no earlier check faulted it), so one mistake
 * reports once.
 */
export function crossChecks(sections: ParsedSections, given: (section: string) => boolean): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const namespaceOwners = new Map<string, string[]>();
    for (const area of AREAS) {
        for (const ns of area.namespaces(sections)) {
            append(namespaceOwners, ns, area.name);
        }
    }
    const managedNamespaces = [...namespaceOwners.keys()];
    const sound = (section: string) =>
        (sections as Record<string, unknown>)[section] !== undefined && !issues.some((i) => i.path[0] === section);
    for (const area of AREAS) {
        issues.push(...area.check(sections, { managedNamespaces, namespaceOwners, sound, given }));
    }
    return issues;
}
