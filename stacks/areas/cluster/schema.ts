import { z } from "zod";
import { cidr, count, dnsLabel, ipv4, quantity, registryHost } from "../../config/primitives";

export const NodeRole = { controlPlane: "control-plane", worker: "worker" } as const;
export type NodeRole = (typeof NodeRole)[keyof typeof NodeRole];

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
});

export const clusterSchema = z
    .strictObject({
        nodeSubnet: cidr.describe("Subnet the nodes, the API VIP and the MetalLB pools live in."),
        podCidr: cidr.describe("Pod network; disjoint from nodeSubnet and serviceCidr."),
        serviceCidr: cidr.describe("Service network; disjoint from nodeSubnet and podCidr."),
        apiVip: ipv4.describe("Kubernetes API endpoint (kube-vip VIP, or the single control plane's address)."),
        nodes: z.array(node).min(1).describe("Every node with its capacity."),
        gpuTimeSlicing: z
            .strictObject({
                replicasPerGpu: z
                    .number()
                    .int()
                    .min(2)
                    .max(16)
                    .describe("How many pods share each GPU in turns (no memory isolation between them)."),
            })
            .optional()
            .describe(
                "NVIDIA time slicing: the device plugin advertises each GPU replicasPerGpu times, and capacity, quotas and the policy pack count those slices (stage's one T4 for a scaled service or several experiments). @default off (one pod per GPU)",
            ),
    })
    .describe("Cluster topology and declared capacity.");

export const registrySchema = z
    .strictObject({
        mirror: registryHost
            .optional()
            .describe("Registry mirror every image is pulled through; charts too when registry.offline."),
        offline: z.boolean().default(false).describe("Air-gapped: only the mirror is reachable. @default false"),
    })
    .describe("Image and chart sources.");

/** The config sections the cluster area owns. */
export const clusterSections = { cluster: clusterSchema, registry: registrySchema.prefault({}) } as const;

export type ClusterConfig = z.output<typeof clusterSchema>;
export type NodeConfig = ClusterConfig["nodes"][number];
export type RegistryConfig = z.output<typeof registrySchema>;
