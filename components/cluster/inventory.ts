import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { INVENTORY, inventoryData, type InventoryFacts } from "../../contract/inventory";
import { platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";

/** Every node with its declared capacity, the schedulable totals, and the registry mirror if any. */
export type ClusterInventoryArgs = InventoryFacts;

/**
 * Publishes the declared node capacity and image source as a read-only ConfigMap, so admins can read what the
 * platform promised and stack policies can check quotas, requests and image sources against it at preview.
 */
export class ClusterInventory extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterInventoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterInventory", name, {}, opts);
        new k8s.core.v1.ConfigMap(
            childName(name, "capacity"),
            {
                metadata: {
                    name: childName(name, "capacity"),
                    namespace: INVENTORY.namespace,
                    labels: platformLabels({ [INVENTORY.label.key]: INVENTORY.label.value }),
                },
                data: inventoryData(args),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
