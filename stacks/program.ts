import { loadPlatformConfig } from "./config";
import { createPlatform, type PlatformOutputs } from "./platform";

/** The whole Pulumi program: what `pulumi up` runs (via index.ts) and what the offline render runs. */
export function platformProgram(): PlatformOutputs {
    return createPlatform(loadPlatformConfig());
}
