import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { INVENTORY } from "../../policy/lib/quotas-inventory";
import { platformLabels } from "../lib/labels";
import { childName } from "../lib/naming";

// Published in kube-public (cluster-info lives there for the same reason), under the label the policy pack
// finds it by; both come from the pack so they cannot drift.
const { namespace: INVENTORY_NAMESPACE, label: INVENTORY_LABEL } = INVENTORY;

export interface InventoryNode {
    readonly name: string;
    readonly ip: string;
    readonly role: string;
    readonly schedulable: boolean;
    readonly cpu: string;
    readonly memory: string;
    readonly gpus: number;
}

export interface ClusterInventoryArgs {
    /** Every node with its declared allocatable capacity. */
    nodes: readonly InventoryNode[];
    /** Schedulable totals: cores, bytes and whole GPUs. */
    capacity: { readonly cpu: number; readonly memory: number; readonly gpus: number };
}

/** ConfigMap data: totals as plain numbers so policies need no quantity parsing, nodes as JSON. */
export function inventoryData(args: ClusterInventoryArgs): Record<string, string> {
    return {
        cpu: String(args.capacity.cpu),
        memoryBytes: String(args.capacity.memory),
        gpus: String(args.capacity.gpus),
        nodes: JSON.stringify(args.nodes),
    };
}

/**
 * Publishes the declared node capacity as a read-only ConfigMap, so admins can read what the platform promised
 * and stack policies can check quotas and requests against it at preview.
 */
export class ClusterInventory extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterInventoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterInventory", name, {}, opts);
        new k8s.core.v1.ConfigMap(
            childName(name, "capacity"),
            {
                metadata: {
                    name: childName(name, "capacity"),
                    namespace: INVENTORY_NAMESPACE,
                    labels: platformLabels({ [INVENTORY_LABEL.key]: INVENTORY_LABEL.value }),
                },
                data: inventoryData(args),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
