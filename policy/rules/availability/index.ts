import type { PlatformPolicy } from "../../lib/metadata";

export const availabilityPolicies: readonly PlatformPolicy[] = [];
