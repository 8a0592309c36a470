import type { PolicyResource } from "@pulumi/policy";
import { K8sType, metadataName, metadataNamespace } from "./resources";

/**
 * Where the program publishes declared capacity. Defined here because the pack must load on its own under the
 * CLI; components/cluster/inventory.ts imports it, so the two cannot drift.
 */
export const INVENTORY = {
    type: K8sType.configMap,
    namespace: "kube-public",
    label: { key: "platform.io/inventory", value: "capacity" },
} as const;

export interface InventoryNode {
    readonly name: string;
    readonly schedulable: boolean;
    readonly gpus: number;
}

/** The declared capacity: totals over schedulable nodes (cores, bytes, whole GPUs); undefined where not a number. */
export interface Inventory {
    readonly urn: string;
    readonly name: string;
    readonly cpu?: number;
    readonly memoryBytes?: number;
    readonly gpus?: number;
    /** Every declared node; undefined when `data.nodes` is missing or not a JSON list. */
    readonly nodes?: readonly InventoryNode[];
}

type Props = Record<string, any>;

function plainNumber(text: unknown): number | undefined {
    if (typeof text !== "string" || !/^\d+(\.\d+)?$/.test(text.trim())) {
        return undefined;
    }
    return Number(text);
}

function parseNodes(text: unknown): InventoryNode[] | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const nodes: unknown = JSON.parse(text);
        if (!Array.isArray(nodes)) {
            return undefined;
        }
        return nodes.map((n: Props) => ({
            name: String(n?.name),
            schedulable: n?.schedulable === true,
            gpus: typeof n?.gpus === "number" ? n.gpus : 0,
        }));
    } catch {
        return undefined;
    }
}

function isInventory(r: PolicyResource): boolean {
    return (
        r.type === INVENTORY.type &&
        metadataNamespace(r.props) === INVENTORY.namespace &&
        r.props.metadata?.labels?.[INVENTORY.label.key] === INVENTORY.label.value
    );
}

/** The inventory ConfigMap (the first by urn if several are declared), or undefined when the stack has none. */
export function findInventory(resources: readonly PolicyResource[]): Inventory | undefined {
    const found = resources.filter(isInventory).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))[0];
    if (found === undefined) {
        return undefined;
    }
    const data: Props = found.props.data ?? {};
    return {
        urn: found.urn,
        name: metadataName(found.props) ?? found.name,
        cpu: plainNumber(data.cpu),
        memoryBytes: plainNumber(data.memoryBytes),
        gpus: plainNumber(data.gpus),
        nodes: parseNodes(data.nodes),
    };
}

/** Schedulable nodes, or undefined when there is no inventory or it lists no nodes. */
export function schedulableNodes(inventory: Inventory | undefined): readonly InventoryNode[] | undefined {
    return inventory?.nodes?.filter((n) => n.schedulable);
}
