/** One problem in the stack config; `path` starts with the section, e.g. ["network", "lbPools", 0]. */
export interface ConfigIssue {
    readonly path: readonly PropertyKey[];
    readonly message: string;
}

/** Formats a path as the key a user edits: `platform:network.lbPools[0].addresses[1]`. */
export function configKey(path: readonly PropertyKey[]): string {
    const [section, ...rest] = path;
    const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `platform:${String(section)}${tail}`;
}

/** Every problem found in a stack's config, thrown before any resource is registered. */
export class ConfigError extends Error {
    readonly issues: readonly ConfigIssue[];

    constructor(issues: readonly ConfigIssue[]) {
        const lines = issues.map((i) => `  ${configKey(i.path)}: ${i.message}`);
        super(
            `invalid platform config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
        );
        this.name = "ConfigError";
        this.issues = issues;
    }
}
