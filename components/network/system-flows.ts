import { AcmeChallenge } from "./cert-manager-manifests";
import { Protocol, type Endpoint, type Flow, type FlowPort } from "./flows";
import { proxyContainerPort } from "./gateway-manifests";
import { NetworkNamespace } from "../../contract/namespaces";

/** Addresses outside the pod network: the internet and the LAN in front of the cluster. */
export const WORLD: Endpoint = { kind: "cidrs", name: "world", cidrs: ["0.0.0.0/0"] };

export interface ClusterAddresses {
    /** The API VIP and every control-plane node address. */
    readonly apiServers: readonly string[];
    /** The `kubernetes` Service's ClusterIP (first host of the service CIDR). */
    readonly apiServiceIp: string;
    /** Node subnet and pod CIDR: where the API server's calls to webhooks come from (tunnel addresses included). */
    readonly nodeSources: readonly string[];
}

export function apiServerEndpoint(addresses: ClusterAddresses): Endpoint {
    return {
        kind: "cidrs",
        name: "kube-apiserver",
        cidrs: [...addresses.apiServers, addresses.apiServiceIp].map((ip) => `${ip}/32`),
    };
}

function nodesEndpoint(addresses: ClusterAddresses): Endpoint {
    return { kind: "cidrs", name: "cluster-nodes", cidrs: [...addresses.nodeSources] };
}

function pods(namespace: string, labels: Record<string, string> = {}, name?: string): Endpoint {
    return { kind: "pods", name: name ?? namespace, namespaces: [namespace], labels };
}

const tcp = (...numbers: number[]): FlowPort[] => numbers.map((port) => ({ port, protocol: Protocol.tcp }));

export interface SystemFlowArgs {
    readonly cluster: ClusterAddresses;
    /** The shared Gateway's proxy pods. */
    readonly gatewayProxy: Endpoint;
    /** The ACME challenge in use, if any ACME issuer is configured. */
    readonly acmeChallenge?: AcmeChallenge;
}

/**
 * Flows the platform's own components need on top of default deny: clients to the Gateway's listeners, proxies
 * to the Envoy Gateway control plane, every system namespace to the API server, the API server to each webhook,
 * and cert-manager to ACME servers (and HTTP-01 solver pods behind the Gateway) when ACME is on.
 */
export function systemFlows(args: SystemFlowArgs): Flow[] {
    const api = apiServerEndpoint(args.cluster);
    const nodes = nodesEndpoint(args.cluster);
    const egController = pods(NetworkNamespace.envoyGateway, { "control-plane": "envoy-gateway" }, "envoy-gateway");
    const certManagerController = pods(
        NetworkNamespace.certManager,
        { "app.kubernetes.io/component": "controller" },
        "cert-manager/controller",
    );
    const flows: Flow[] = [
        {
            name: "world-to-gateway",
            from: WORLD,
            to: args.gatewayProxy,
            ports: tcp(proxyContainerPort(80), proxyContainerPort(443)),
        },
        { name: "gateway-to-envoy-gateway", from: args.gatewayProxy, to: egController, ports: tcp(18000) },
        { name: "nodes-to-envoy-gateway-webhook", from: nodes, to: egController, ports: tcp(9443) },
        {
            name: "nodes-to-cert-manager-webhook",
            from: nodes,
            to: pods(
                NetworkNamespace.certManager,
                { "app.kubernetes.io/component": "webhook" },
                "cert-manager/webhook",
            ),
            ports: tcp(10250),
        },
        {
            name: "nodes-to-metallb-webhook",
            from: nodes,
            to: pods(NetworkNamespace.metallb, { "app.kubernetes.io/component": "controller" }, "metallb/controller"),
            ports: tcp(9443),
        },
        ...[NetworkNamespace.metallb, NetworkNamespace.certManager, NetworkNamespace.envoyGateway].map((ns) => ({
            name: `${ns}-to-kube-apiserver`,
            from: pods(ns),
            to: api,
            ports: tcp(443, 6443),
        })),
    ];
    if (args.acmeChallenge !== undefined) {
        const acmePorts =
            args.acmeChallenge === AcmeChallenge.dns01
                ? [...tcp(443, 53), { port: 53, protocol: Protocol.udp }]
                : tcp(443, 80);
        flows.push({ name: "cert-manager-to-acme", from: certManagerController, to: WORLD, ports: acmePorts });
    }
    if (args.acmeChallenge === AcmeChallenge.http01) {
        flows.push({
            name: "gateway-to-http01-solver",
            from: args.gatewayProxy,
            to: pods(NetworkNamespace.gateway, { "acme.cert-manager.io/http01-solver": "true" }, "http01-solver"),
            ports: tcp(8089),
        });
    }
    return flows;
}
