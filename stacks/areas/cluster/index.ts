import { ClusterInventory, PriorityClasses } from "../../../components/cluster";
import { PriorityClassName } from "../../../contract/priority-classes";
import type { ClusterAddresses } from "../../../components/network";
import { formatIpv4, parseCidr } from "../../config/ip";
import type { Area } from "../area";
import { clusterCapacity, isSchedulable, schedulableGpus } from "./capacity";
import { checkCluster, checkRegistry } from "./checks";
import { clusterSections, NodeRole, type ClusterConfig } from "./schema";
import { clusterTelemetry } from "./telemetry";

/** Where the API server lives and where its calls to webhooks come from, from the cluster section. */
export function clusterAddresses(cluster: ClusterConfig): ClusterAddresses {
    const controlPlanes = cluster.nodes.filter((n) => n.role === NodeRole.controlPlane).map((n) => n.ip);
    return {
        apiServers: [...new Set([cluster.apiVip, ...controlPlanes])],
        apiServiceIp: formatIpv4(parseCidr(cluster.serviceCidr)!.first + 1),
        nodeSources: [cluster.nodeSubnet, cluster.podCidr],
    };
}

/** The cluster's own address ranges: where the nodes, the pods and the Services live. */
export function clusterNetworks(cluster: ClusterConfig): string[] {
    return [cluster.nodeSubnet, cluster.podCidr, cluster.serviceCidr];
}

/** The nodes, their capacity, the image sources and the network: published as the inventory the policy pack reads. */
export const clusterArea: Area<typeof clusterSections> = {
    name: "cluster",
    sections: clusterSections,
    telemetry: () => clusterTelemetry(),
    namespaces: () => [],
    check: ({ cluster, registry }) => [
        ...(cluster ? checkCluster(cluster) : []),
        ...(registry ? checkRegistry(registry) : []),
    ],
    wire: ({ cluster, registry }, { managedNamespaces }) => {
        new ClusterInventory("platform", {
            nodes: cluster.nodes.map((n) => ({
                name: n.name,
                ip: n.ip,
                role: n.role,
                schedulable: isSchedulable(n),
                cpu: n.cpu,
                memory: n.memory,
                // What the scheduler sees (nvidia.com/gpu allocatable): time slices when the GPUs are shared.
                gpus: schedulableGpus(n, cluster),
            })),
            capacity: clusterCapacity(cluster),
            registryMirror: registry.mirror,
            namespaces: managedNamespaces,
            offline: registry.offline,
            networks: clusterNetworks(cluster),
        });
        const priorityClasses = new PriorityClasses("platform");
        return {
            outputs: {},
            namespaces: new Map(),
            flows: [],
            refs: {
                addresses: clusterAddresses(cluster),
                sources: {
                    registryMirror: registry.mirror,
                    chartMirror: registry.offline ? registry.mirror : undefined,
                },
                priorityClasses: {
                    platform: PriorityClassName.platform,
                    tenant: PriorityClassName.tenant,
                    resources: priorityClasses.resources,
                },
                topology: {
                    nodes: cluster.nodes.map(({ name, ip, role, cpu, gpus }) => ({ name, ip, role, cpu, gpus })),
                    nodeSubnet: cluster.nodeSubnet,
                    ...(cluster.gpuTimeSlicing ? { gpuTimeSlicing: cluster.gpuTimeSlicing } : {}),
                },
            },
        };
    },
};
