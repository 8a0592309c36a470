import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { grantedVerbs, rbacRulesOf } from "../../lib/security-rbac";

const READ_VERBS = ["get", "list", "watch"];

// Only ClusterRoles: bound by a ClusterRoleBinding they read every namespace's Secrets, and any namespace may bind
// them. A namespaced Role that reads Secrets reaches only its own namespace, where the workload's own credentials
// live, so it is allowed. A rule that names resourceNames is skipped: it reads only the Secrets of those names (list
// and watch then need a metadata.name field selector), the narrowest grant RBAC offers, as controllers that read
// one well-known Secret use it. Kyverno has no such policy; this follows the CIS benchmark's 5.1.2 (minimize access
// to secrets).
export const kubernetesRbacV1ClusterroleDisallowSecretRead: PlatformResourcePolicy = {
    name: "kubernetes-rbac-v1-clusterrole-disallow-secret-read",
    description:
        "No ClusterRole grants get, list or watch on Secrets without naming them, since bound cluster-wide it reads every namespace's credentials.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Move the Secret read into a Role in the namespace that holds the Secrets (one Role and RoleBinding per namespace the workload needs), or list the Secrets it reads in resourceNames.",
    validateResource: validateResourceOfType(k8s.rbac.v1.ClusterRole, (role, _args, report) => {
        for (const rule of rbacRulesOf(role)) {
            const verbs = grantedVerbs(rule, "", "secrets", READ_VERBS);
            if (verbs.length > 0 && rule.resourceNames.length === 0) {
                report(`${rule.label} grants ${verbs.join(", ")} on secrets`);
            }
        }
    }),
};
