import type { StackValidationArgs } from "@pulumi/policy";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { qualifiedName } from "../../lib/network-selectors";
import { metadataName, metadataNamespace, ofType, type Props } from "../../lib/resources";
import { bindsServiceAccount, nonEmpty } from "../../lib/security-rbac";
import { podSpecOf } from "../../lib/workloads";
import { K8sType } from "../../../contract/k8s-types";
import { kindOf } from "../../../contract/objects";

const DEFAULT_ACCOUNT = "default";

/**
 * The ServiceAccount a pod runs as, as the API server defaults it: serviceAccountName, else the deprecated
 * serviceAccount alias, else the namespace's `default` (an empty name counts as unset).
 */
function accountOf(podSpec: Props): string {
    return nonEmpty(podSpec.serviceAccountName) ?? nonEmpty(podSpec.serviceAccount) ?? DEFAULT_ACCOUNT;
}

/** The kubelet mounts a token unless the pod says false, or the pod is silent and its ServiceAccount says false. */
function mountsToken(podSpec: Props, account: Props | undefined): boolean {
    const own: unknown = podSpec.automountServiceAccountToken;
    return own === undefined || own === null ? account?.automountServiceAccountToken !== false : own !== false;
}

// Stricter than Polaris' automountServiceAccountToken check and kube-score's pod-serviceaccount check, which ask every
// pod to opt out: a token is accepted where it can be of use, for a ServiceAccount this stack declares and binds to a
// role. A ServiceAccount the stack does not declare is flagged because its grants cannot be seen here; the namespace's
// default one always is, since anything bound to it is granted to every pod of the namespace that names no account.
export const kubernetesCoreV1PodDisableServiceAccountToken: PlatformStackPolicy = {
    name: "kubernetes-core-v1-pod-disable-service-account-token",
    description:
        "A pod mounts an API token only as a ServiceAccount that the stack declares and a RoleBinding or ClusterRoleBinding names, never as its namespace's default one.",
    severity: "low",
    tags: [Topic.security],
    remediationSteps:
        "Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount); a workload that calls the API gets its own ServiceAccount, declared next to it, with a Role and RoleBinding for what it calls.",
    validateStack: (args: StackValidationArgs, report) => {
        const accounts = ofType(args.resources, K8sType.serviceAccount);
        const bindings = [
            ...ofType(args.resources, K8sType.roleBinding),
            ...ofType(args.resources, K8sType.clusterRoleBinding),
        ];
        for (const workload of args.resources) {
            // Undefined for anything but a workload (WORKLOAD_TYPES) that declares its pod spec.
            const podSpec = podSpecOf(workload.type, workload.props);
            if (podSpec === undefined) {
                continue;
            }
            const namespace = metadataNamespace(workload.props);
            const name = accountOf(podSpec);
            const account = accounts.find(
                (sa) => metadataName(sa.props) === name && metadataNamespace(sa.props) === namespace,
            );
            if (!mountsToken(podSpec, account?.props)) {
                continue;
            }
            const mounts =
                `${kindOf(workload.type)} "${qualifiedName(workload.props)}" mounts ` +
                `the API token of ServiceAccount "${namespace}/${name}"`;
            if (name === DEFAULT_ACCOUNT) {
                report(`${mounts}, the namespace's default`, workload.urn);
            } else if (account === undefined) {
                report(`${mounts}, which the stack does not declare`, workload.urn);
            } else if (!bindings.some((binding) => bindsServiceAccount(binding, namespace, name))) {
                report(`${mounts}, which no RoleBinding or ClusterRoleBinding names`, workload.urn);
            }
        }
    },
};
