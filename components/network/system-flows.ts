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

/** The nodes (and tunnel addresses): where kubelets, host-network pods and the API server's webhook calls come from. */
export function nodesEndpoint(addresses: ClusterAddresses): Endpoint {
    return { kind: "cidrs", name: "cluster-nodes", cidrs: [...addresses.nodeSources] };
}

/** Pods in one namespace: all of them, or those with `labels` (shown as `name`). */
export function podsEndpoint(namespace: string, labels: Record<string, string> = {}, name?: string): Endpoint {
    return { kind: "pods", name: name ?? namespace, namespaces: [namespace], labels };
}

export const tcpPorts = (...numbers: number[]): FlowPort[] => numbers.map((port) => ({ port, protocol: Protocol.tcp }));

/** A system namespace's pods to the API server (443 on the Service, 6443 on the control planes). */
export function apiServerFlow(namespace: string, addresses: ClusterAddresses): Flow {
    return {
        name: `${namespace}-to-kube-apiserver`,
        from: podsEndpoint(namespace),
        to: apiServerEndpoint(addresses),
        ports: tcpPorts(443, 6443),
    };
}

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
    const nodes = nodesEndpoint(args.cluster);
    const egController = podsEndpoint(
        NetworkNamespace.envoyGateway,
        { "control-plane": "envoy-gateway" },
        "envoy-gateway",
    );
    const certManagerController = podsEndpoint(
        NetworkNamespace.certManager,
        { "app.kubernetes.io/component": "controller" },
        "cert-manager/controller",
    );
    const flows: Flow[] = [
        {
            name: "world-to-gateway",
            from: WORLD,
            to: args.gatewayProxy,
            ports: tcpPorts(proxyContainerPort(80), proxyContainerPort(443)),
        },
        { name: "gateway-to-envoy-gateway", from: args.gatewayProxy, to: egController, ports: tcpPorts(18000) },
        { name: "nodes-to-envoy-gateway-webhook", from: nodes, to: egController, ports: tcpPorts(9443) },
        {
            name: "nodes-to-cert-manager-webhook",
            from: nodes,
            to: podsEndpoint(
                NetworkNamespace.certManager,
                { "app.kubernetes.io/component": "webhook" },
                "cert-manager/webhook",
            ),
            ports: tcpPorts(10250),
        },
        {
            name: "nodes-to-metallb-webhook",
            from: nodes,
            to: podsEndpoint(
                NetworkNamespace.metallb,
                { "app.kubernetes.io/component": "controller" },
                "metallb/controller",
            ),
            ports: tcpPorts(9443),
        },
        ...[NetworkNamespace.metallb, NetworkNamespace.certManager, NetworkNamespace.envoyGateway].map((ns) =>
            apiServerFlow(ns, args.cluster),
        ),
    ];
    if (args.acmeChallenge !== undefined) {
        const acmePorts =
            args.acmeChallenge === AcmeChallenge.dns01
                ? [...tcpPorts(443, 53), { port: 53, protocol: Protocol.udp }]
                : tcpPorts(443, 80);
        flows.push({ name: "cert-manager-to-acme", from: certManagerController, to: WORLD, ports: acmePorts });
    }
    if (args.acmeChallenge === AcmeChallenge.http01) {
        flows.push({
            name: "gateway-to-http01-solver",
            from: args.gatewayProxy,
            to: podsEndpoint(
                NetworkNamespace.gateway,
                { "acme.cert-manager.io/http01-solver": "true" },
                "http01-solver",
            ),
            ports: tcpPorts(8089),
        });
    }
    return flows;
}
