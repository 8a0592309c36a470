import * as pulumi from "@pulumi/pulumi";
import { ClusterInventory } from "../components/cluster";
import { GovernedNamespace } from "../components/tenancy";
import { clusterCapacity, isSchedulable, type PlatformConfig } from "./config";

export interface PlatformOutputs {
    /** Every tenant namespace, in config order. */
    readonly namespaces: pulumi.Output<string[]>;
}

/**
 * Creates one stack's components in dependency order from its parsed config. The only place that knows
 * how config sections map to component args.
 */
export function createPlatform(config: PlatformConfig): PlatformOutputs {
    new ClusterInventory("platform", {
        nodes: config.cluster.nodes.map((n) => ({
            name: n.name,
            ip: n.ip,
            role: n.role,
            schedulable: isSchedulable(n),
            cpu: n.cpu,
            memory: n.memory,
            gpus: n.gpus,
        })),
        capacity: clusterCapacity(config.cluster),
    });
    const tenants = config.tenants.map(
        (tenant) =>
            new GovernedNamespace(tenant.name, {
                podSecurity: tenant.podSecurity,
                quota: tenant.quota,
                limits: tenant.limits,
            }),
    );
    return { namespaces: pulumi.all(tenants.map((t) => t.namespace)) };
}
