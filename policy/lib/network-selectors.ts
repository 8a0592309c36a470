import type { PolicyResource } from "@pulumi/policy";
import { metadataName, metadataNamespace, ofType, type Props } from "./resources";
import { effectivePolicyTypes, isEmptySelector, selectorMatches, type Labels } from "../../contract/selectors";
import { K8sType } from "../../contract/k8s-types";
import { NAMESPACE_NAME_LABEL } from "../../contract/labels";

export { effectivePolicyTypes, isEmptySelector, selectorMatches, type Labels };

/** `app=web,tier=front` for messages; `(none)` for no labels. */
export function formatLabels(labels: Labels): string {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    return pairs.length > 0 ? pairs.join(",") : "(none)";
}

/** Where each workload kind keeps its pod template's metadata; a bare Pod's own metadata for a Pod. */
export function podTemplateLabels(type: string, props: Props): Labels {
    if (type === K8sType.pod) {
        return props.metadata?.labels ?? {};
    }
    const template =
        type === K8sType.cronJob
            ? props.spec?.jobTemplate?.spec?.template
            : (props.spec?.template as Props | undefined);
    return template?.metadata?.labels ?? {};
}

/** The ingress rules that take effect (rules of a type the policy does not enforce are ignored). */
export function ingressRules(spec: Props): Props[] {
    return effectivePolicyTypes(spec).includes("Ingress") ? (spec.ingress ?? []) : [];
}

export function egressRules(spec: Props): Props[] {
    return effectivePolicyTypes(spec).includes("Egress") ? (spec.egress ?? []) : [];
}

export const DNS_PORT = 53;

/** An egress rule whose every port is 53: a name-resolution rule, not an application flow. */
export function isDnsOnlyRule(rule: Props): boolean {
    const ports: Props[] = rule.ports ?? [];
    return ports.length > 0 && ports.every((p) => p.port === DNS_PORT && (p.endPort ?? DNS_PORT) === DNS_PORT);
}

/**
 * Whether a NetworkPolicy opens something for the pods it selects: at least one enforced ingress rule, or at
 * least one enforced egress rule that is not DNS-only. A default deny (no rules) and the namespace-wide DNS
 * policy therefore do not count as an allow policy.
 */
export function hasAllowRule(spec: Props): boolean {
    return ingressRules(spec).length > 0 || egressRules(spec).some((rule) => !isDnsOnlyRule(rule));
}

/** Labels of every declared Namespace by name, each with its automatic name label; undeclared ones get only that. */
export function namespaceLabels(resources: readonly PolicyResource[]): (namespace: string) => Labels {
    const declared = new Map<string, Labels>();
    for (const ns of ofType(resources, K8sType.namespace)) {
        const name = metadataName(ns.props);
        if (name !== undefined) {
            declared.set(name, { ...(ns.props.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name });
        }
    }
    return (namespace) => declared.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
}

/** `a, b, c` for messages, or `none` when the list is empty. */
export function formatList(items: readonly string[]): string {
    return items.length > 0 ? items.join(", ") : "none";
}

/** `namespace/name`, the way kubectl identifies a namespaced object. */
export function qualifiedName(props: Props): string {
    return `${metadataNamespace(props)}/${metadataName(props) ?? "(unnamed)"}`;
}
