import { quantity } from "../../../contract/quantity";
import { NodeRole, type ClusterConfig, type NodeConfig } from "./schema";

/** What tenants may be promised: the sum over schedulable nodes (cores, bytes, whole GPUs). */
export interface Capacity {
    readonly cpu: number;
    readonly memory: number;
    readonly gpus: number;
    readonly nodes: readonly string[];
}

export function isSchedulable(node: NodeConfig): boolean {
    return node.schedulable ?? node.role === NodeRole.worker;
}

export function clusterCapacity(cluster: ClusterConfig): Capacity {
    const nodes = cluster.nodes.filter(isSchedulable);
    return {
        cpu: nodes.reduce((sum, n) => sum + quantity(n.cpu), 0),
        memory: nodes.reduce((sum, n) => sum + quantity(n.memory), 0),
        gpus: nodes.reduce((sum, n) => sum + n.gpus, 0),
        nodes: nodes.map((n) => n.name),
    };
}
