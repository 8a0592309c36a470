import type { ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

/** The areas the catalog groups rules by; each rule's first tag. */
export const Topic = {
    quotas: "quotas",
    network: "network",
    availability: "availability",
    security: "security",
    storage: "storage",
    charts: "charts",
    governance: "governance",
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

/** What every rule in this pack must carry beyond @pulumi/policy's required fields. */
interface RuleMetadata {
    severity: Severity;
    tags: [Topic, ...string[]];
    remediationSteps: string;
}

export type PlatformResourcePolicy = ResourceValidationPolicy & RuleMetadata;
export type PlatformStackPolicy = StackValidationPolicy & RuleMetadata;
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;
