/** Labels every object the platform creates carries, so ownership is visible in kubectl. */
export const MANAGED_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "platform",
};

export function platformLabels(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...MANAGED_LABELS, ...extra };
}
