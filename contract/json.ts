// Reading untyped JSON (captured inputs, preview props, chart values) without trusting its shape.

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `value[key]` when value is an object, else undefined. */
export function field(value: unknown, key: string): unknown {
    return isRecord(value) ? value[key] : undefined;
}

export function list(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

/** The value at a dotted path (`controller.resources`) or a list of keys, or undefined where the path leaves it. */
export function valueAt(root: unknown, path: string | readonly string[]): unknown {
    const keys = typeof path === "string" ? path.split(".") : path;
    return keys.reduce<unknown>((node, key) => field(node, key), root);
}

/** A non-empty string at `key`, trimmed (through the engine's proxy, an unknown value stops the policy reading it). */
export function trimmedText(node: unknown, key: string): string | undefined {
    const value = isRecord(node) ? node[key] : undefined;
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** `rest` under `prefix` with one slash between them (a registry and a repository), or `rest` alone. */
export function joinedPath(prefix: string | undefined, rest: string): string {
    return prefix === undefined ? rest : `${prefix.replace(/\/+$/, "")}/${rest}`;
}

/** A JSON list of strings written as text (a ConfigMap value, an annotation); undefined when it is not one. */
export function parseStringList(text: unknown): string[] | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const items: unknown = JSON.parse(text);
        return Array.isArray(items) && items.every((i) => typeof i === "string") ? items : undefined;
    } catch {
        return undefined;
    }
}
