import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validateRoles, type RbacRule } from "../../lib/security-rbac";

/**
 * The values of each list that grant everything in it. In nonResourceURLs a trailing `*` is a prefix match, so `/*`
 * reaches every URL exactly as `*` does; a narrower prefix (`/api/*`, `/metrics*`) is allowed.
 */
const WILDCARDS: readonly (readonly [keyof RbacRule, readonly string[]])[] = [
    ["apiGroups", ["*"]],
    ["resources", ["*"]],
    ["verbs", ["*"]],
    ["nonResourceURLs", ["*", "/*"]],
];

// Kyverno's restrict-wildcard-verbs and restrict-wildcard-resources judge verbs and resources; this rule also judges
// apiGroups and nonResourceURLs, since `*` there grants every API group (CRDs installed later included) or every
// endpoint. Only whole-list wildcards count: `*\/scale` reaches one subresource and pods/exec-like ones are judged by
// kubernetes-rbac-v1-role-disallow-pod-exec.
export const kubernetesRbacV1RoleDisallowWildcards: PlatformResourcePolicy = {
    name: "kubernetes-rbac-v1-role-disallow-wildcards",
    description:
        'No Role or ClusterRole rule grants "*" in its apiGroups, resources, verbs or nonResourceURLs, which would also cover APIs added after it was written.',
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "List the API groups, resources and verbs the subject uses (kubectl auth can-i --list, or the audit log, shows them) instead of a wildcard.",
    validateResource: validateRoles((rules, report) => {
        for (const rule of rules) {
            const found = WILDCARDS.flatMap(([field, wildcards]) => {
                const values = (rule[field] as readonly string[]).filter((value) => wildcards.includes(value));
                return values.length > 0 ? [`${field} (${values.map((v) => `"${v}"`).join(", ")})`] : [];
            });
            if (found.length > 0) {
                report(`${rule.label} grants a wildcard in ${found.join(", ")}`);
            }
        }
    }),
};
