import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import ipaddr from "ipaddr.js";
import { INVENTORY, inventoryData, type InventoryFacts } from "../../contract/inventory";
import { platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";

/**
 * Every node with its declared capacity, the schedulable totals, the registry mirror if any, whether the cluster
 * is offline, and its address ranges (IPv4 CIDRs).
 */
export type ClusterInventoryArgs = InventoryFacts;

/** Whether `cidr` is written `a.b.c.d/n` as the pack reads it: decimal, no leading zeros, no host bits. */
function isIpv4Network(cidr: string): boolean {
    return (
        ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) &&
        `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${ipaddr.IPv4.parseCIDR(cidr)[1]}` === cidr
    );
}

/**
 * Publishes the declared node capacity, image source and network as a read-only ConfigMap, so admins can read what
 * the platform promised and stack policies can check quotas, requests, image and model sources against it at preview.
 */
export class ClusterInventory extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterInventoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterInventory", name, {}, opts);
        const malformed = args.networks.filter((cidr) => !isIpv4Network(cidr));
        if (malformed.length > 0) {
            throw new pulumi.ResourceError(
                `ClusterInventory ${name}: networks must be IPv4 CIDRs without host bits (a.b.c.d/n): ${malformed.join(", ")}`,
                this,
            );
        }
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
