import { ConfigError, configKey } from "../../stacks/config/errors";
import { configSections, parsePlatformConfig } from "../../stacks/config/loader";
import type { PlatformConfig } from "../../stacks/config/schema";
import { offlineConfig, readStackFile } from "../../tools/render/stack-file";
import { stackFile } from "../helpers/stack-config";

/** Raw sections as loosely typed JSON, so a case can change any field, valid or not. */
export type RawConfig = Record<string, any>;

/**
 * A stack file's `platform:` sections as the program sees them in the offline render (secrets as the render's
 * stand-in), decoded the way loadPlatformConfig decodes them, as ordinary objects a case may change.
 */
export function stackSections(stack: string): RawConfig {
    return structuredClone(configSections(offlineConfig(readStackFile(stackFile(stack)), stack).config));
}

/** A fresh copy of a real stack file's `platform:` sections with one change applied. */
export function withChange(stack: string, change: (raw: RawConfig) => void): RawConfig {
    const raw = stackSections(stack);
    change(raw);
    return raw;
}

/** Parses, expecting a ConfigError; returns it so a case can assert its message and issues. */
export function configError(raw: RawConfig): ConfigError {
    let parsed: PlatformConfig;
    try {
        parsed = parsePlatformConfig(raw);
    } catch (e) {
        if (e instanceof ConfigError) {
            return e;
        }
        throw e;
    }
    throw new Error(`expected a ConfigError, but the config parsed: ${JSON.stringify(parsed)}`);
}

/** Every problem as the user reads it: `platform:<key>: <message>`. */
export function problems(raw: RawConfig): string[] {
    return configError(raw).issues.map((i) => `${configKey(i.path)}: ${i.message}`);
}

/** The problems after one change to a stack's config. */
export function problemsAfter(stack: string, change: (raw: RawConfig) => void): string[] {
    return problems(withChange(stack, change));
}
