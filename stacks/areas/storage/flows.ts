import { StorageNamespace } from "../../../contract/namespaces";
import { nodesEndpoint, podsEndpoint, tcpPorts, type ClusterAddresses, type Flow } from "../../../components/network";

/** The webhook port of longhorn-manager (the admission webhook; conversion is served on the same listener). */
export const LONGHORN_WEBHOOK_PORT = 9502;

/**
 * What Longhorn needs on top of default deny, besides the API server: its pods talk among themselves on ports
 * Longhorn allocates at run time (manager API 9500-9503, instance managers 8500-8504, each engine and replica
 * process a port from 10000-30000, across nodes), so the flow inside longhorn-system allows every port, as
 * Longhorn's own NetworkPolicies do; and the API server calls the manager's webhook.
 */
export function longhornFlows(addresses: ClusterAddresses): Flow[] {
    const longhorn = podsEndpoint(StorageNamespace.longhorn);
    return [
        { name: "longhorn-system-internal", from: longhorn, to: longhorn, ports: [] },
        {
            name: "nodes-to-longhorn-webhook",
            from: nodesEndpoint(addresses),
            to: podsEndpoint(StorageNamespace.longhorn, { app: "longhorn-manager" }, "longhorn-manager"),
            ports: tcpPorts(LONGHORN_WEBHOOK_PORT),
        },
    ];
}
