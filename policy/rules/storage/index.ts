import type { PlatformPolicy } from "../../lib/metadata";

export const storagePolicies: readonly PlatformPolicy[] = [];
