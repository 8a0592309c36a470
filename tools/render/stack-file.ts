import * as fs from "node:fs";
import { parse } from "yaml";

/** Config as the CLI hands it to a program: full keys to strings, plus which keys are secret. */
export interface StackConfig {
    readonly file: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

/** The value a `secure:` entry gets offline: render cannot decrypt, and every writer redacts it anyway. */
export const OFFLINE_SECRET = "offline-render-placeholder";

/** A stack file that cannot be read or is not YAML with a `config` mapping. */
export class StackFileError extends Error {
    constructor(file: string, problem: string) {
        super(`${file}: ${problem}`);
        this.name = "StackFileError";
    }
}

/** Reads a Pulumi.<stack>.yaml the way the CLI does, without decrypting `secure:` values. */
export function readStackFile(file: string): StackConfig {
    let doc: unknown;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackFileError(file, (e as Error).message.split("\n")[0]);
    }
    const entries = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
        throw new StackFileError(file, "`config` must be a mapping of keys to values");
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        const secure = value !== null && typeof value === "object" && "secure" in value;
        if (secure) {
            secretKeys.push(key);
        }
        config[key] = secure ? OFFLINE_SECRET : typeof value === "string" ? value : JSON.stringify(value);
    }
    return { file, config, secretKeys };
}
