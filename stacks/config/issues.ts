import { configKey, type ConfigIssue } from "./errors";
import { append } from "../../contract/group";

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

/** A name a config value derives, and what carries it: names must be unique per `what` (a kind, in one scope). */
export interface DerivedName {
    readonly what: string;
    readonly name: string;
}

/** The names one config key derives. */
export interface Deriving {
    readonly path: readonly PropertyKey[];
    readonly names: readonly DerivedName[];
}

function listed(names: readonly DerivedName[]): string {
    return names.map((n) => `${n.what} "${n.name}"`).join(", ");
}

/**
 * One issue per key whose derived names repeat an earlier key's, or a name the platform takes itself (`taken`, by
 * who takes it): two objects (or Pulumi resources) would share a name. The issue lists the shared names and names
 * the other key.
 */
export function derivedNameClashes(
    entries: readonly Deriving[],
    taken: ReadonlyMap<string, readonly DerivedName[]> = new Map(),
): ConfigIssue[] {
    const owners = new Map<string, string>();
    const id = (n: DerivedName) => JSON.stringify([n.what, n.name]);
    for (const [owner, names] of taken) {
        names.forEach((n) => owners.set(id(n), owner));
    }
    const issues: ConfigIssue[] = [];
    for (const entry of entries) {
        const self = configKey(entry.path);
        const shared = new Map<string, DerivedName[]>();
        for (const n of entry.names) {
            const owner = owners.get(id(n)) ?? self;
            owners.set(id(n), owner);
            if (owner !== self) {
                append(shared, owner, n);
            }
        }
        for (const [owner, names] of shared) {
            issues.push({ path: entry.path, message: `derives ${listed(names)}, the same as ${owner}` });
        }
    }
    return issues;
}
