import { z } from "zod";
import { PodSecurityLevel } from "../../../contract/pod-security";
import { count, dnsLabel, quantity } from "../../config/primitives";

const resourcePair = z.strictObject({ cpu: quantity, memory: quantity });

/** Seed 003 "Day 5" dev-quota and dev-limits: the documented defaults for every tenant. */
export const DAY5_QUOTA = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsCpu: "8",
    limitsMemory: "16Gi",
    pods: 10,
    services: 5,
    persistentVolumeClaims: 5,
    requestsStorage: "50Gi",
    gpus: 0,
} as const;

export const DAY5_LIMITS = {
    max: { cpu: "2", memory: "4Gi" },
    min: { cpu: "100m", memory: "128Mi" },
    default: { cpu: "500m", memory: "1Gi" },
    defaultRequest: { cpu: "200m", memory: "512Mi" },
} as const;

const quota = z
    .strictObject({
        requestsCpu: quantity.default(DAY5_QUOTA.requestsCpu).describe("requests.cpu. @default 4"),
        requestsMemory: quantity.default(DAY5_QUOTA.requestsMemory).describe("requests.memory. @default 8Gi"),
        limitsCpu: quantity.default(DAY5_QUOTA.limitsCpu).describe("limits.cpu. @default 8"),
        limitsMemory: quantity.default(DAY5_QUOTA.limitsMemory).describe("limits.memory. @default 16Gi"),
        pods: count.default(DAY5_QUOTA.pods).describe("pods. @default 10"),
        services: count.default(DAY5_QUOTA.services).describe("services. @default 5"),
        persistentVolumeClaims: count
            .default(DAY5_QUOTA.persistentVolumeClaims)
            .describe("persistentvolumeclaims. @default 5"),
        requestsStorage: quantity.default(DAY5_QUOTA.requestsStorage).describe("requests.storage. @default 50Gi"),
        gpus: count.default(DAY5_QUOTA.gpus).describe("requests.nvidia.com/gpu; 0 forbids GPUs. @default 0"),
    })
    .prefault({})
    .describe("ResourceQuota hard limits.");

const limits = z
    .strictObject({
        max: resourcePair.default(DAY5_LIMITS.max).describe("Per-container maximum. @default cpu 2, memory 4Gi"),
        min: resourcePair.default(DAY5_LIMITS.min).describe("Per-container minimum. @default cpu 100m, memory 128Mi"),
        default: resourcePair.default(DAY5_LIMITS.default).describe("Default limit. @default cpu 500m, memory 1Gi"),
        defaultRequest: resourcePair
            .default(DAY5_LIMITS.defaultRequest)
            .describe("Default request. @default cpu 200m, memory 512Mi"),
    })
    .prefault({})
    .describe("LimitRange for containers.");

const tenant = z.strictObject({
    name: dnsLabel.describe("Namespace name of the team."),
    podSecurity: z
        .enum([PodSecurityLevel.privileged, PodSecurityLevel.baseline, PodSecurityLevel.restricted])
        .default(PodSecurityLevel.restricted)
        .describe("Pod Security Admission level enforced on the namespace. @default restricted"),
    quota,
    limits,
});

export const tenantsSchema = z
    .array(tenant)
    .describe("Team namespaces, each governed by quota, limits and default deny.");

/** The config section the tenancy area owns. */
export const tenancySections = { tenants: tenantsSchema.default([]) } as const;

export type TenantConfig = z.output<typeof tenantsSchema>[number];
