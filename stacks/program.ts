import { loadPlatformConfig } from "./config";
import { createPlatform } from "./platform";

/** The whole Pulumi program: what `pulumi up` runs (via index.ts) and what the offline render runs. */
export function platformProgram(): Record<string, unknown> {
    return createPlatform(loadPlatformConfig());
}
