// Config values as plain data: prototype-less objects, arrays and scalars, with limits on what a value may hold.
import type { ConfigIssue } from "./errors";

/** How many levels of mappings and sequences a config value may nest, the value itself being level 1. */
export const MAX_DEPTH = 32;

/** Keys that reach into JavaScript's object machinery: assigned to an object, `__proto__` replaces its prototype. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export const RESERVED_MESSAGE =
    "is a reserved key: __proto__, constructor and prototype reach into JavaScript objects, so no config value may use them";

export const TOO_DEEP_MESSAGE = `nests more than ${MAX_DEPTH} levels deep; no config value needs that many`;

export const NOT_PLAIN_MESSAGE = "is not plain data: its prototype was changed (an assigned __proto__ key?)";

/** None, or Object.prototype of any realm (jest's test realm and structuredClone's differ). */
function isPlainPrototype(prototype: object | null): boolean {
    return (
        prototype === null || (Object.getPrototypeOf(prototype) === null && Object.hasOwn(prototype, "hasOwnProperty"))
    );
}

/**
 * A deep copy of a decoded value with every mapping prototype-less, or the issues that stop it: a reserved key
 * anywhere, nesting deeper than MAX_DEPTH, an object that is not plain data. `path` is the value's own key path.
 */
export function plainData(value: unknown, path: readonly PropertyKey[]): { value: unknown; issues: ConfigIssue[] } {
    const issues: ConfigIssue[] = [];
    const copy = (v: unknown, at: readonly PropertyKey[], depth: number): unknown => {
        if (v === null || typeof v !== "object") {
            return v;
        }
        if (depth > MAX_DEPTH) {
            issues.push({ path: at, message: TOO_DEEP_MESSAGE });
            return undefined;
        }
        if (Array.isArray(v)) {
            return v.map((item, i) => copy(item, [...at, i], depth + 1));
        }
        if (!isPlainPrototype(Object.getPrototypeOf(v))) {
            issues.push({ path: at, message: NOT_PLAIN_MESSAGE });
            return undefined;
        }
        const out: Record<string, unknown> = Object.create(null);
        for (const key of Object.keys(v)) {
            if (RESERVED_KEYS.has(key)) {
                issues.push({ path: [...at, key], message: RESERVED_MESSAGE });
            } else {
                out[key] = copy((v as Record<string, unknown>)[key], [...at, key], depth + 1);
            }
        }
        return out;
    };
    const copied = copy(value, path, 1);
    return { value: copied, issues };
}
