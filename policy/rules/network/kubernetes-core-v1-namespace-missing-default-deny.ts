import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { requireInEveryNamespace } from "../../lib/namespaces";
import { K8sType } from "../../../contract/k8s-types";
import type { Props } from "../../lib/resources";

function selectsAllPods(spec: Props): boolean {
    const selector = spec.podSelector ?? {};
    return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** A policy that selects every pod and, for both directions, declares the type with no allow rules. */
export function isDefaultDeny(props: Props): boolean {
    const spec = props.spec ?? {};
    const types: string[] = spec.policyTypes ?? [];
    const denies = (type: string, rules: string) => types.includes(type) && (spec[rules] ?? []).length === 0;
    return selectsAllPods(spec) && denies("Ingress", "ingress") && denies("Egress", "egress");
}

export const kubernetesCoreV1NamespaceMissingDefaultDeny: PlatformStackPolicy = {
    name: "kubernetes-core-v1-namespace-missing-default-deny",
    description: "Every namespace denies all ingress and egress by default, so only declared flows are allowed.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Add a NetworkPolicy with an empty podSelector and policyTypes [Ingress, Egress] and no rules (GovernedNamespace does).",
    ...requireInEveryNamespace(
        K8sType.networkPolicy,
        (ns) => `namespace "${ns}" has no default-deny NetworkPolicy for ingress and egress`,
        isDefaultDeny,
    ),
};
