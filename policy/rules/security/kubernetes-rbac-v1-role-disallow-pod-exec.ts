import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { grantedVerbs, validateRoles } from "../../lib/security-rbac";

/**
 * exec and attach run commands in, or take over the terminal of, a container: its filesystem, its mounted Secrets
 * and its ServiceAccount token. portforward tunnels from the client to any port of the pod through the kubelet, so it
 * reaches ports no Service exposes and passes around NetworkPolicies and the Gateway.
 */
const SUBRESOURCES = ["pods/exec", "pods/attach", "pods/portforward"];

/**
 * create is what kubectl's POST (SPDY) upgrade needs; get is what a WebSocket upgrade needed until Kubernetes 1.31
 * (and still needs where the AuthorizePodWebsocketUpgradeCreatePermission gate is off), so both count.
 */
const VERBS = ["create", "get"];

// Polaris and kube-score do not judge RBAC; Kyverno's restrict-pod-exec-like checks live at admission of the exec
// request. The rule judges the grant itself, resourceNames or not: exec into one named pod is still exec.
export const kubernetesRbacV1RoleDisallowPodExec: PlatformResourcePolicy = {
    name: "kubernetes-rbac-v1-role-disallow-pod-exec",
    description:
        "No Role or ClusterRole grants create or get on pods/exec, pods/attach or pods/portforward, through which a subject runs commands in a pod or tunnels into it.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Remove the pods/exec, pods/attach and pods/portforward grants (and any core-group resource wildcard); debug through logs and metrics, or a short-lived break-glass binding created when it is needed.",
    validateResource: validateRoles((rules, report) => {
        for (const rule of rules) {
            const granted = SUBRESOURCES.flatMap((resource) => {
                const verbs = grantedVerbs(rule, "", resource, VERBS);
                return verbs.length > 0 ? [`${resource} (${verbs.join(", ")})`] : [];
            });
            if (granted.length > 0) {
                report(`${rule.label} grants ${granted.join(", ")}`);
            }
        }
    }),
};
