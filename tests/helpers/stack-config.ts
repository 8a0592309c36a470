import * as path from "node:path";
import { configSections } from "../../stacks/config/loader";
import { ROOT } from "../../tools/render/render";
import { readStackFile } from "../../tools/render/stack-file";

export const STACKS = ["stage", "prod"] as const;

export function stackFile(stack: string): string {
    return path.join(ROOT, `Pulumi.${stack}.yaml`);
}

/** A stack file's `platform:` sections, decoded, as the loader sees them (keys without the prefix). */
export function rawSections(stack: string): Record<string, unknown> {
    return configSections(readStackFile(stackFile(stack)).config);
}

/** Sections back to the CLI's full-key string form. */
export function toCliConfig(sections: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(sections).map(([k, v]) => [`platform:${k}`, JSON.stringify(v)]));
}
