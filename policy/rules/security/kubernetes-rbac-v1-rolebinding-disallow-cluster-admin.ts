import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import type { Props } from "../../lib/resources";
import { validateBindings } from "../../lib/security-rbac";

const CLUSTER_ADMIN = "cluster-admin";
const MASTERS = "system:masters";

// Kyverno's restrict-binding-clusteradmin judges the roleRef only; this rule also flags the system:masters group,
// which the API server lets through before RBAC is consulted, so no binding or role can ever narrow it (Kyverno keeps
// that in restrict-binding-system-groups). A RoleBinding to cluster-admin is flagged too: within its namespace it
// still grants every verb, Secrets and RBAC objects included, so the holder can hand itself anything there.
export const kubernetesRbacV1RolebindingDisallowClusterAdmin: PlatformResourcePolicy = {
    name: "kubernetes-rbac-v1-rolebinding-disallow-cluster-admin",
    description:
        "No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole or names the system:masters group, which bypasses authorization.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Bind a ClusterRole or Role that lists only the verbs and resources the subject needs; give people admin through a named group bound to a scoped role, and never add anyone to system:masters.",
    validateResource: validateBindings((binding, report) => {
        const roleRef: Props | undefined = binding.roleRef;
        if (roleRef?.kind === "ClusterRole" && roleRef.name === CLUSTER_ADMIN) {
            report(`roleRef is ClusterRole "${CLUSTER_ADMIN}", which grants every verb on every resource`);
        }
        ((binding.subjects ?? []) as Props[]).forEach((subject, index) => {
            if (subject?.kind === "Group" && subject.name === MASTERS) {
                report(`subjects[${index}] is Group "${MASTERS}", which the API server admits without RBAC`);
            }
        });
    }),
};
