import * as fs from "node:fs";
import * as path from "node:path";
import type { Profile } from "../../policy/harness/profile";
import { loadProfile } from "../../policy/harness/profile";
import { exemptions, PACK_NAME, policies } from "../../policy/pack";
import { platformConfigJsonSchema } from "./config-schema";
import { configReference } from "./config-reference";
import { CONFIG_REFERENCE_FILE, POLICY_CATALOG_FILE, ROOT, SCHEMA_FILE } from "./paths";
import { policyCatalog } from "./policy-catalog";
import { ADVISORY_REASONS_FILE, loadAdvisoryReasons } from "./advisory-reasons";
import { byCodePoint } from "../../contract/order";

/** Stacks shown first, in this order; any other profile follows alphabetically. */
const STACK_ORDER = ["stage", "prod"];

function readRepoFile(repoPath: string): string | undefined {
    const file = path.join(ROOT, repoPath);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

function profiles(): { stack: string; profile: Profile }[] {
    const dir = path.join(ROOT, "policy", "profiles");
    const rank = (s: string) => (STACK_ORDER.includes(s) ? STACK_ORDER.indexOf(s) : STACK_ORDER.length);
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort((a, b) => rank(a) - rank(b) || byCodePoint(a, b))
        .map((stack) => ({ stack, profile: loadProfile(path.join(dir, `${stack}.json`), policies) }));
}

/**
 * Every generated file, repository path to content, computed from the sources as they are now. Reads files but
 * writes none, so the staleness test can compare without touching the tree. Deterministic: no clocks, stable order.
 */
export function generateDocs(): Record<string, string> {
    const schema = platformConfigJsonSchema();
    const packVersion = (JSON.parse(readRepoFile("policy/package.json") ?? "{}") as { version?: string }).version;
    return {
        [SCHEMA_FILE]: `${JSON.stringify(schema, null, 4)}\n`,
        [CONFIG_REFERENCE_FILE]: configReference(schema),
        [POLICY_CATALOG_FILE]: policyCatalog({
            pack: { name: PACK_NAME, version: packVersion ?? "unversioned" },
            policies,
            profiles: profiles(),
            exemptions,
            advisoryReasons: loadAdvisoryReasons(path.join(ROOT, ADVISORY_REASONS_FILE)),
            readFile: readRepoFile,
        }),
    };
}
