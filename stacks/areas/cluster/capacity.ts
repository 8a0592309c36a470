import { quantity } from "../../../contract/quantity";
import { NodeRole, type ClusterConfig, type NodeConfig } from "./schema";

/** What tenants may be promised: the sum over schedulable nodes (cores, bytes, advertised GPUs). */
export interface Capacity {
    readonly cpu: number;
    readonly memory: number;
    readonly gpus: number;
    readonly nodes: readonly string[];
}

export function isSchedulable(node: NodeConfig): boolean {
    return node.schedulable ?? node.role === NodeRole.worker;
}

/** The GPUs the device plugin advertises on a node: each GPU once, or replicasPerGpu times when time-sliced. */
export function schedulableGpus(node: NodeConfig, cluster: ClusterConfig): number {
    return node.gpus * (cluster.gpuTimeSlicing?.replicasPerGpu ?? 1);
}

export function clusterCapacity(cluster: ClusterConfig): Capacity {
    const nodes = cluster.nodes.filter(isSchedulable);
    return {
        cpu: nodes.reduce((sum, n) => sum + quantity(n.cpu), 0),
        memory: nodes.reduce((sum, n) => sum + quantity(n.memory), 0),
        gpus: nodes.reduce((sum, n) => sum + schedulableGpus(n, cluster), 0),
        nodes: nodes.map((n) => n.name),
    };
}
