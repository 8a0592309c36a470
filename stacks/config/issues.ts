import type { ConfigIssue } from "./errors";

/** One issue per repeated key: `duplicate <what> <key> (also at index <first>)`, at the repeat's path. */
export function duplicates<T>(
    items: readonly T[],
    key: (item: T) => string,
    at: (index: number) => PropertyKey[],
    what: string,
): ConfigIssue[] {
    const seen = new Map<string, number>();
    const issues: ConfigIssue[] = [];
    items.forEach((item, index) => {
        const k = key(item);
        const first = seen.get(k);
        if (first === undefined) {
            seen.set(k, index);
        } else {
            issues.push({ path: at(index), message: `duplicate ${what} ${k} (also at index ${first})` });
        }
    });
    return issues;
}
