import type { PlatformPolicy } from "../../lib/metadata";

export const securityPolicies: readonly PlatformPolicy[] = [];
