import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";
import { changeProps, NS } from "./fixtures";

/** Shared compliant RBAC fixtures for the security rules; each test changes one field of a copy. */
type Props = Record<string, any>;

const RBAC_API = "rbac.authorization.k8s.io/v1";

/** A least-privilege grant that every RBAC rule passes: read ConfigMaps and Deployments, record events. */
export function readerRules(): Props[] {
    return [
        { apiGroups: [""], resources: ["configmaps", "pods", "pods/log"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] },
        { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
    ];
}

/** A Role (namespaced) or ClusterRole with `rules`. */
export function roleOf(type: string, rules: Props[] = readerRules(), name = "web-reader"): HarnessResource {
    const kind = type === K8sType.clusterRole ? "ClusterRole" : "Role";
    const metadata = kind === "Role" ? { name, namespace: NS } : { name };
    return fixture(type, name, { apiVersion: RBAC_API, kind, metadata, rules });
}

/** The same Role or ClusterRole with one rule: the single-field failures start from here. */
export function roleWith(type: string, rule: Props): HarnessResource {
    return roleOf(type, [rule]);
}

/** Both kinds every role rule reads, as [kind, type token] for it.each titles. */
export const ROLE_TYPES: [string, string][] = [
    ["Role", K8sType.role],
    ["ClusterRole", K8sType.clusterRole],
];

/** Both binding kinds every binding rule reads, as [kind, type token]. */
export const BINDING_TYPES: [string, string][] = [
    ["RoleBinding", K8sType.roleBinding],
    ["ClusterRoleBinding", K8sType.clusterRoleBinding],
];

/** A RoleBinding (in NS) or ClusterRoleBinding of ServiceAccount `account` to ClusterRole web-reader. */
export function bindingOf(
    type: string,
    subjects: Props[] = [{ kind: "ServiceAccount", name: "web", namespace: NS }],
    name = "web-reader",
): HarnessResource {
    const kind = type === K8sType.clusterRoleBinding ? "ClusterRoleBinding" : "RoleBinding";
    const metadata = kind === "RoleBinding" ? { name, namespace: NS } : { name };
    return fixture(type, `${name}-${kind}`, {
        apiVersion: RBAC_API,
        kind,
        metadata,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "web-reader" },
        subjects,
    });
}

/** A copy of a binding with its roleRef changed. */
export function withRoleRef(binding: HarnessResource, roleRef: Props): HarnessResource {
    return changeProps(binding, (props) => {
        props.roleRef = roleRef;
    });
}

/** A ServiceAccount declared by the stack. */
export function serviceAccount(name = "web", namespace = NS, props: Props = {}): HarnessResource {
    return fixture(K8sType.serviceAccount, `${name}-sa`, {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace },
        ...props,
    });
}
