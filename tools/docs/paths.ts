import * as path from "node:path";

/** The repository root; every path below is relative to it, with forward slashes. */
export const ROOT = path.resolve(__dirname, "../..");

export const SCHEMA_FILE = "schemas/platform-config.schema.json";
export const CONFIG_REFERENCE_FILE = "docs/config-reference.md";
export const POLICY_CATALOG_FILE = "docs/policies.md";

/** Where a rule's tests live: tests/policy/rules/<area>/<rule-name>.test.ts. */
export function policyTestFile(area: string, policy: string): string {
    return `tests/policy/rules/${area}/${policy}.test.ts`;
}

/** Where a stack's policy profile lives. */
export function profileFile(stack: string): string {
    return `policy/profiles/${stack}.json`;
}
