export type Labels = Readonly<Record<string, string>>;

/** A metav1.LabelSelectorRequirement as declared. */
export interface LabelSelectorRequirement {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
}

/** A metav1.LabelSelector as declared. */
export interface LabelSelector {
    readonly matchLabels?: Readonly<Record<string, string>>;
    readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

function expressionMatches(expression: LabelSelectorRequirement, labels: Labels): boolean {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values: readonly string[] = expression.values ?? [];
    switch (expression.operator) {
        case "In":
            return has && values.includes(labels[expression.key]);
        case "NotIn":
            return !has || !values.includes(labels[expression.key]);
        case "Exists":
            return has;
        case "DoesNotExist":
            return !has;
        default:
            // The API server rejects any other operator; a selector it would reject selects nothing.
            return false;
    }
}

/**
 * Whether a metav1.LabelSelector matches a label set: every matchLabels pair and every matchExpressions
 * requirement must hold, so an empty (or absent) selector matches everything. Kinds where a null selector
 * selects nothing (PodDisruptionBudgets) check for null first.
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
    const matchLabels = selector?.matchLabels ?? {};
    const expressions = selector?.matchExpressions ?? [];
    return (
        Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
        expressions.every((e) => expressionMatches(e, labels))
    );
}

/** Whether a selector has no terms at all, i.e. selects every pod (or every namespace). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
    return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** The policy types a NetworkPolicy enforces: its list, or the API server's default when it declares none. */
export function effectivePolicyTypes(spec: {
    readonly policyTypes?: readonly string[];
    readonly egress?: readonly unknown[];
}): readonly string[] {
    const declared = spec.policyTypes;
    if (declared !== undefined && declared.length > 0) {
        return declared;
    }
    return (spec.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}
