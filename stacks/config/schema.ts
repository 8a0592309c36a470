import { z } from "zod";
import { PodSecurityLevel } from "../../components/lib/pod-security";
import { dns01CredentialsSchema, networkExtensions, tlsExtensions } from "./network-schema";
import { addressRange, cidr, count, dnsLabel, dnsName, ipv4, quantity, registryHost } from "./primitives";

export const NodeRole = { controlPlane: "control-plane", worker: "worker" } as const;
export type NodeRole = (typeof NodeRole)[keyof typeof NodeRole];

export const TlsMode = {
    internalCa: "internal-ca",
    letsEncryptStaging: "letsencrypt-staging",
    letsEncryptProd: "letsencrypt-prod",
} as const;
export type TlsMode = (typeof TlsMode)[keyof typeof TlsMode];

const node = z.strictObject({
    name: dnsLabel.describe("Node name as registered in Kubernetes."),
    ip: ipv4.describe("Node address inside cluster.nodeSubnet."),
    role: z.enum([NodeRole.controlPlane, NodeRole.worker]).describe("control-plane or worker."),
    schedulable: z
        .boolean()
        .optional()
        .describe(
            "Whether tenant workloads may run here; counts toward capacity. @default true for workers, false for control planes",
        ),
    cpu: quantity.describe("Allocatable CPU, e.g. 2 or 1500m."),
    memory: quantity.describe("Allocatable memory, e.g. 2560Mi."),
    gpus: count.default(0).describe("Whole NVIDIA GPUs on the node. @default 0"),
    gpuModel: z.string().optional().describe("GPU model, informational (e.g. Tesla T4)."),
});

export const clusterSchema = z
    .strictObject({
        nodeSubnet: cidr.describe("Subnet the nodes, the API VIP and the MetalLB pools live in."),
        podCidr: cidr.describe("Pod network; disjoint from nodeSubnet and serviceCidr."),
        serviceCidr: cidr.describe("Service network; disjoint from nodeSubnet and podCidr."),
        apiVip: ipv4.describe("Kubernetes API endpoint (kube-vip VIP, or the single control plane's address)."),
        nodes: z.array(node).min(1).describe("Every node with its capacity."),
    })
    .describe("Cluster topology and declared capacity.");

const lbPool = z.strictObject({
    name: dnsLabel.describe("IPAddressPool name."),
    addresses: z.array(addressRange).min(1).describe("Ranges (first-last) or CIDRs inside cluster.nodeSubnet."),
    autoAssign: z
        .boolean()
        .default(true)
        .describe("Whether MetalLB hands these out without an explicit request. @default true"),
});

export const networkSchema = z
    .strictObject({
        lbPools: z.array(lbPool).min(1).describe("MetalLB address pools for LoadBalancer Services."),
        ...networkExtensions,
    })
    .describe("Addressing, exposure and allowed traffic.");

export const storageSchema = z
    .strictObject({
        nfs: z
            .strictObject({
                server: z.union([ipv4, dnsName]).describe("NFS server address or host name."),
                path: z
                    .string()
                    .regex(/^\/[^\s]*$/, { message: "must be an absolute path" })
                    .describe("Exported path."),
            })
            .optional()
            .describe("NFS export backing the RWX StorageClass; omitted means no NFS class."),
    })
    .describe("Storage backends.");

export const tlsSchema = z
    .strictObject({
        domain: dnsName.describe("Base DNS domain for exposed hostnames."),
        mode: z
            .enum([TlsMode.internalCa, TlsMode.letsEncryptStaging, TlsMode.letsEncryptProd])
            .default(TlsMode.internalCa)
            .describe("Which ClusterIssuer signs certificates. @default internal-ca"),
        ...tlsExtensions,
    })
    .describe("Domain and certificate issuance.");

export const registrySchema = z
    .strictObject({
        mirror: registryHost
            .optional()
            .describe("Registry mirror every image is pulled through; charts too when registry.offline."),
        offline: z.boolean().default(false).describe("Air-gapped: only the mirror is reachable. @default false"),
    })
    .describe("Image and chart sources.");

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

/** Every config section under the `platform:` namespace, in the order the loader reports them. */
export const sectionSchemas = {
    cluster: clusterSchema,
    network: networkSchema,
    storage: storageSchema.prefault({}),
    tls: tlsSchema,
    registry: registrySchema.prefault({}),
    tenants: tenantsSchema.default([]),
    dns01Credentials: dns01CredentialsSchema,
} as const;

export const platformConfigSchema = z.strictObject(sectionSchemas);

export type PlatformConfig = z.output<typeof platformConfigSchema>;
export type ClusterConfig = PlatformConfig["cluster"];
export type NodeConfig = ClusterConfig["nodes"][number];
export type TenantConfig = PlatformConfig["tenants"][number];
export type SectionName = keyof typeof sectionSchemas;
