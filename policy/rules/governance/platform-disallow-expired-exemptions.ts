import { describeExemptObject, isExpired, type Exemption } from "../../lib/exemptions";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";

/**
 * Built from the pack's exemptions and today's date: an expired exemption, or one naming a policy the pack
 * does not have, is itself a violation, so exceptions cannot outlive their review.
 */
export function platformDisallowExpiredExemptions(
    exemptions: readonly Exemption[],
    today: string,
    knownPolicies: readonly string[],
): PlatformStackPolicy {
    return {
        name: "platform-disallow-expired-exemptions",
        description: "Every policy exemption names a policy of the pack and has not passed its expiry date.",
        severity: "medium",
        tags: [Topic.governance],
        remediationSteps:
            "Fix the exempted resources and delete the exemption, or review it with its owner and extend `expires` in policy/exemptions.yaml.",
        validateStack: (_args, report) => {
            for (const e of exemptions) {
                const target = describeExemptObject(e);
                if (!knownPolicies.includes(e.policy)) {
                    report(`exemption for unknown policy ${e.policy} for ${target} (owner ${e.owner})`);
                } else if (isExpired(e, today)) {
                    report(`exemption for ${e.policy} for ${target} (owner ${e.owner}) expired on ${e.expires}`);
                }
            }
        },
    };
}
