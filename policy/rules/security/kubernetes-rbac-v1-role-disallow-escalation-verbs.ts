import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { allows, grantedVerbs, type RbacRule, validateRoles } from "../../lib/security-rbac";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const AUTHENTICATION_GROUP = "authentication.k8s.io";

/**
 * escalate lets a subject write a Role granting more than it holds; bind lets it bind a role it does not hold; both
 * switch off the API server's escalation check, the one guard of RBAC against itself.
 */
const ROLE_VERBS = ["escalate", "bind"];
const ROLES = ["roles", "clusterroles"];

/** What impersonate can assume, by API group: every request then runs with that identity's rights. */
const IMPERSONATION_TARGETS: readonly (readonly [string, string])[] = [
    ["", "users"],
    ["", "groups"],
    ["", "serviceaccounts"],
    [AUTHENTICATION_GROUP, "uids"],
];

/**
 * User extras are subresources of `userextras`, one per extra key (`userextras/scopes`): a rule reaches the keys its
 * resources name (`userextras/<key>`, `*\/<key>`) and, with `*`, all of them; each is asked for as the authorizer would.
 */
function impersonatesUserExtras(rule: RbacRule): boolean {
    return rule.resources.some((resource) =>
        allows(rule, AUTHENTICATION_GROUP, `userextras/${resource.slice(resource.indexOf("/") + 1)}`, "impersonate"),
    );
}

// resourceNames do not excuse a grant: bind on one named ClusterRole such as cluster-admin, or impersonate of one
// named admin user, is all an attacker needs. Kyverno's restrict-escalation-verbs-roles judges escalate and bind
// only; impersonate is added as the same class of privilege escalation (CIS 5.1.8).
export const kubernetesRbacV1RoleDisallowEscalationVerbs: PlatformResourcePolicy = {
    name: "kubernetes-rbac-v1-role-disallow-escalation-verbs",
    description:
        "No Role or ClusterRole grants escalate or bind on roles and clusterroles, or impersonate on users, groups, serviceaccounts, uids or userextras.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Remove the escalate, bind and impersonate verbs (and verb wildcards on those resources); a controller that creates bindings is given the roles it hands out, so the API server's escalation check can vouch for it.",
    validateResource: validateRoles((rules, report) => {
        for (const rule of rules) {
            const grants = ROLE_VERBS.flatMap((verb) => {
                const on = ROLES.filter((resource) => allows(rule, RBAC_GROUP, resource, verb));
                return on.length > 0 ? [`${verb} on ${on.join(", ")}`] : [];
            });
            const impersonated = IMPERSONATION_TARGETS.filter(
                ([group, resource]) => grantedVerbs(rule, group, resource, ["impersonate"]).length > 0,
            ).map(([, resource]) => resource);
            if (impersonatesUserExtras(rule)) {
                impersonated.push("userextras");
            }
            if (impersonated.length > 0) {
                grants.push(`impersonate on ${impersonated.join(", ")}`);
            }
            if (grants.length > 0) {
                report(`${rule.label} grants ${grants.join("; ")}`);
            }
        }
    }),
};
