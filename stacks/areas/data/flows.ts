import { DataNamespace } from "../../../contract/namespaces";
import {
    apiServerEndpoint,
    apiServerFlow,
    nodesEndpoint,
    podsEndpoint,
    tcpPorts,
    type ClusterAddresses,
    type Flow,
} from "../../../components/network";
import {
    MARIADB_AGENT_PORT,
    MARIADB_OPERATOR_POD_LABELS,
    MARIADB_OPERATOR_WEBHOOK_PORT,
    MARIADB_PORT,
    MAXSCALE_ADMIN_PORT,
    jobPodLabels,
    mariadbPodLabels,
    maxscaleName,
    maxscalePodLabels,
} from "../../../components/data";

/** The agent's probe port on replicated members, which the kubelet calls. */
const AGENT_PROBE_PORT = 5566;

/**
 * What mariadb-operator and one MariaDB (`name` in `namespace`) need on top of default deny, from the operator's
 * documented pod labels: the operator to the API server, the API server to its webhook, the controller to the
 * members (SQL, and the agent when replicated), members to each other (replication), the backup and restore jobs to
 * the members, and, when replicated, the members' agent to the API server and the kubelet to its probe. With
 * MaxScale: MaxScale to the members, and the operator and the kubelet (probes) to its REST API. Apps declare
 * their own flow to the database's pods (MariaDbDatabaseRef.pods).
 */
export function mariadbFlows(
    name: string,
    namespace: string,
    topology: { readonly replicated: boolean; readonly maxscale: boolean },
    addresses: ClusterAddresses,
): Flow[] {
    const { replicated } = topology;
    const members = podsEndpoint(namespace, mariadbPodLabels(name), `${namespace}/${name}`);
    const sql = replicated ? tcpPorts(MARIADB_PORT, MARIADB_AGENT_PORT) : tcpPorts(MARIADB_PORT);
    const operator = DataNamespace.mariadbOperator;
    const flows: Flow[] = [
        apiServerFlow(operator, addresses),
        {
            name: "nodes-to-mariadb-operator-webhook",
            from: nodesEndpoint(addresses),
            to: podsEndpoint(operator, MARIADB_OPERATOR_POD_LABELS.webhook, "mariadb-operator/webhook"),
            ports: tcpPorts(MARIADB_OPERATOR_WEBHOOK_PORT),
        },
        {
            name: `mariadb-operator-to-${name}`,
            from: podsEndpoint(operator, MARIADB_OPERATOR_POD_LABELS.controller, "mariadb-operator/controller"),
            to: members,
            ports: sql,
        },
        ...(["backup", "restore"] as const).map((job) => ({
            name: `${name}-${job}-to-${name}`,
            from: podsEndpoint(namespace, jobPodLabels(name, job), `${namespace}/${name}-${job}`),
            to: members,
            ports: tcpPorts(MARIADB_PORT),
        })),
    ];
    if (replicated) {
        flows.push(
            { name: `${name}-replication`, from: members, to: members, ports: tcpPorts(MARIADB_PORT) },
            {
                name: `${name}-to-kube-apiserver`,
                from: members,
                to: apiServerEndpoint(addresses),
                ports: tcpPorts(443, 6443),
            },
            {
                name: `nodes-to-${name}-agent`,
                from: nodesEndpoint(addresses),
                to: members,
                ports: tcpPorts(AGENT_PROBE_PORT),
            },
        );
    }
    if (topology.maxscale) {
        const maxscale = podsEndpoint(namespace, maxscalePodLabels(name), `${namespace}/${maxscaleName(name)}`);
        flows.push(
            { name: `${maxscaleName(name)}-to-${name}`, from: maxscale, to: members, ports: tcpPorts(MARIADB_PORT) },
            {
                name: `mariadb-operator-to-${maxscaleName(name)}`,
                from: podsEndpoint(operator, MARIADB_OPERATOR_POD_LABELS.controller, "mariadb-operator/controller"),
                to: maxscale,
                ports: tcpPorts(MAXSCALE_ADMIN_PORT),
            },
            {
                name: `nodes-to-${maxscaleName(name)}`,
                from: nodesEndpoint(addresses),
                to: maxscale,
                ports: tcpPorts(MAXSCALE_ADMIN_PORT),
            },
        );
    }
    return flows;
}
