import type { PolicyConfigSchema } from "@pulumi/policy";

/** The engine passes only the profile's values; each rule merges them over its declared defaults. */
export function withDefaults<T extends object>(defaults: T, getConfig: () => object): T {
    return { ...defaults, ...(getConfig() as Partial<T>) };
}

/** The shared `exemptNamespaces` property: system namespaces a rule leaves to their owners. */
export const exemptNamespacesSchema: PolicyConfigSchema = {
    properties: {
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            description: "Namespaces this rule does not check.",
            default: [],
        },
    },
};
