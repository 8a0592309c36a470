type Props = Record<string, any>;
export type Labels = Readonly<Record<string, string>>;

function expressionMatches(expression: Props, labels: Labels): boolean {
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
export function selectorMatches(selector: Props | undefined, labels: Labels): boolean {
    const matchLabels: Props = selector?.matchLabels ?? {};
    const expressions: readonly Props[] = selector?.matchExpressions ?? [];
    return (
        Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
        expressions.every((e) => expressionMatches(e, labels))
    );
}

/** Whether a selector has no terms at all, i.e. selects every pod (or every namespace). */
export function isEmptySelector(selector: Props | undefined): boolean {
    return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}
