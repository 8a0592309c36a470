/** The namespace of the program's own config keys: the project's name, which the CLI gives unqualified keys. */
export const CONFIG_NAMESPACE = "platform";

/** One problem in the stack config; `path` starts with the key within its namespace, e.g. ["network", "lbPools", 0]. */
export interface ConfigIssue {
    readonly path: readonly PropertyKey[];
    readonly message: string;
    /** The key's namespace; "" when the key has none. @default "platform" */
    readonly namespace?: string;
}

/** Formats a path as the key a user edits: `platform:network.lbPools[0].addresses[1]`. */
export function configKey(path: readonly PropertyKey[], namespace: string = CONFIG_NAMESPACE): string {
    const [key, ...rest] = path;
    const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${namespace === "" ? "" : `${namespace}:`}${String(key)}${tail}`;
}

/** Every problem found in a stack's config, thrown before any resource is registered. */
export class ConfigError extends Error {
    readonly issues: readonly ConfigIssue[];

    constructor(issues: readonly ConfigIssue[]) {
        const lines = issues.map((i) => `  ${configKey(i.path, i.namespace)}: ${i.message}`);
        super(
            `invalid platform config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
        );
        this.name = "ConfigError";
        this.issues = issues;
    }
}
