import * as path from "node:path";
import { loadExemptions, utcDay } from "./lib/exemptions";
import type { PlatformPolicy } from "./lib/metadata";
import { judgeByObject } from "./lib/object-types";
import { availabilityPolicies } from "./rules/availability";
import { chartsPolicies } from "./rules/charts";
import { platformDisallowExpiredExemptions } from "./rules/governance/platform-disallow-expired-exemptions";
import { networkPolicies } from "./rules/network";
import { quotaPolicies } from "./rules/quotas";
import { securityPolicies } from "./rules/security";
import { storagePolicies } from "./rules/storage";
import { platformDisallowRemovedApiVersions } from "./rules/governance/platform-disallow-removed-api-versions";
import { platformDisallowUngovernedNamespace } from "./rules/governance/platform-disallow-ungoverned-namespace";

// The pack's surface for tools (render, docs), which never reach into policy/lib.
export {
    applyExemptions,
    describeExemptObject,
    isExpired,
    utcDay,
    type Exemption,
    type ExemptionLedger,
} from "./lib/exemptions";
export { Topic, type PlatformPolicy } from "./lib/metadata";

export const PACK_NAME = "platform-guardrails";

export const EXEMPTIONS_FILE = path.join(__dirname, "exemptions.yaml");

/** The pack's exemptions, validated when the pack loads. */
export const exemptions = loadExemptions(EXEMPTIONS_FILE);

const rules: readonly PlatformPolicy[] = judgeByObject([
    ...quotaPolicies,
    ...networkPolicies,
    ...availabilityPolicies,
    ...securityPolicies,
    ...storagePolicies,
    ...chartsPolicies,
    platformDisallowRemovedApiVersions,
    platformDisallowUngovernedNamespace,
]);

/** Every policy of the pack as of `today` (YYYY-MM-DD, UTC), which decides which exemptions have expired. */
export function buildPolicies(today: string): PlatformPolicy[] {
    return [
        ...rules,
        platformDisallowExpiredExemptions(
            exemptions,
            today,
            rules.map((r) => r.name),
        ),
    ];
}

/** Every policy of the pack today; the CLI pack (index.ts), the offline harness and the catalog all read it. */
export const policies: readonly PlatformPolicy[] = buildPolicies(utcDay(new Date()));
