import type { PlatformPolicy } from "./lib/metadata";
import { availabilityPolicies } from "./rules/availability";
import { chartsPolicies } from "./rules/charts";
import { networkPolicies } from "./rules/network";
import { quotaPolicies } from "./rules/quotas";
import { securityPolicies } from "./rules/security";
import { storagePolicies } from "./rules/storage";

export const PACK_NAME = "platform-guardrails";

/** Every rule of the pack; the CLI pack (index.ts), the offline harness and the catalog all read this list. */
export const policies: readonly PlatformPolicy[] = [
    ...quotaPolicies,
    ...networkPolicies,
    ...availabilityPolicies,
    ...securityPolicies,
    ...storagePolicies,
    ...chartsPolicies,
];
