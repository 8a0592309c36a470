import type { PlatformPolicy } from "../../lib/metadata";

export const chartsPolicies: readonly PlatformPolicy[] = [];
