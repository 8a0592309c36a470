import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type PolicyResource, type ResourceValidation } from "@pulumi/policy";
import { K8sType } from "../../contract/k8s-types";
import { list } from "../../contract/json";
import { metadataNamespace, type Props } from "./resources";

type Report = (message: string) => void;

/** The lists of one declared PolicyRule; a missing list is empty, as the API server reads it. */
export interface RbacRule {
    /** `rules[2]`, for messages. */
    readonly label: string;
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
    readonly resourceNames: readonly string[];
    readonly nonResourceURLs: readonly string[];
}

const strings = (value: unknown): string[] => list(value).filter((item): item is string => typeof item === "string");

/**
 * The declared rules of a Role or ClusterRole. A ClusterRole with an aggregationRule has its rules filled in by the
 * controller from other ClusterRoles, which the pack judges on their own; only what this object declares is read.
 * Each list is read when a rule asks for it, so a value unknown at preview stops only the rules that need it.
 */
export function rbacRulesOf(props: Props): RbacRule[] {
    return (list(props.rules) as Props[]).map((rule, index) => ({
        label: `rules[${index}]`,
        get apiGroups() {
            return strings(rule?.apiGroups);
        },
        get resources() {
            return strings(rule?.resources);
        },
        get verbs() {
            return strings(rule?.verbs);
        },
        get resourceNames() {
            return strings(rule?.resourceNames);
        },
        get nonResourceURLs() {
            return strings(rule?.nonResourceURLs);
        },
    }));
}

const WILDCARD = "*";

/**
 * Whether a declared resource matches `resource` (`pods`, or `pods/exec` for a subresource) as the RBAC authorizer
 * matches it: `*` matches everything, subresources included; `*\/exec` matches the exec subresource of any resource;
 * otherwise the names are compared exactly and case-sensitively (`pods` does not grant `pods/exec`).
 */
export function resourceMatches(declared: string, resource: string): boolean {
    if (declared === WILDCARD || declared === resource) {
        return true;
    }
    const slash = resource.indexOf("/");
    return slash > 0 && declared === `*${resource.slice(slash)}`;
}

/** Whether the rule grants `verb` on `resource` in API group `group` (`""` is core), as the authorizer decides. */
export function allows(rule: RbacRule, group: string, resource: string, verb: string): boolean {
    const listed = (values: readonly string[], value: string) => values.includes(WILDCARD) || values.includes(value);
    return (
        listed(rule.apiGroups, group) &&
        listed(rule.verbs, verb) &&
        rule.resources.some((declared) => resourceMatches(declared, resource))
    );
}

/** The `verbs` of which the rule grants at least one on `resource` in `group`. */
export function grantedVerbs(rule: RbacRule, group: string, resource: string, verbs: readonly string[]): string[] {
    return verbs.filter((verb) => allows(rule, group, resource, verb));
}

/**
 * Resource validations of every Role and every ClusterRole (by object type, so Patches and CustomResources of those
 * kinds count): `check` gets the object's declared rules and reports findings as they are.
 */
export function validateRoles(check: (rules: RbacRule[], report: Report) => void): ResourceValidation[] {
    return [
        validateResourceOfType(k8s.rbac.v1.Role, (role, _args, report) => check(rbacRulesOf(role), report)),
        validateResourceOfType(k8s.rbac.v1.ClusterRole, (role, _args, report) => check(rbacRulesOf(role), report)),
    ];
}

/** Resource validations of every RoleBinding and every ClusterRoleBinding, on their untyped props. */
export function validateBindings(check: (binding: Props, report: Report) => void): ResourceValidation[] {
    return [
        validateResourceOfType(k8s.rbac.v1.RoleBinding, (binding, _args, report) => check(binding, report)),
        validateResourceOfType(k8s.rbac.v1.ClusterRoleBinding, (binding, _args, report) => check(binding, report)),
    ];
}

/** A text field, or undefined when it is missing or empty: the API server treats `""` as unset in these fields. */
export function nonEmpty(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Whether a RoleBinding or ClusterRoleBinding names ServiceAccount `namespace/name` among its subjects, as the
 * authorizer matches subjects: the ServiceAccount itself (a RoleBinding's subject without a namespace means the
 * binding's own), the group of all ServiceAccounts or of that namespace's, or the account's user name.
 */
export function bindsServiceAccount(binding: PolicyResource, namespace: string, name: string): boolean {
    const own = binding.type === K8sType.roleBinding ? metadataNamespace(binding.props) : undefined;
    return (list(binding.props.subjects) as Props[]).some((subject) => {
        switch (subject?.kind) {
            case "ServiceAccount":
                return subject.name === name && (nonEmpty(subject.namespace) ?? own) === namespace;
            case "Group":
                return (
                    subject.name === "system:serviceaccounts" || subject.name === `system:serviceaccounts:${namespace}`
                );
            case "User":
                return subject.name === `system:serviceaccount:${namespace}:${name}`;
            default:
                return false;
        }
    });
}
