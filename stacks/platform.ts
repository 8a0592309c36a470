import * as pulumi from "@pulumi/pulumi";
import { ClusterInventory } from "../components/cluster";
import {
    apiServerEndpoint,
    CertManager,
    GATEWAY_ACCESS_LABEL,
    NetworkNamespace,
    MetalLb,
    NetworkFlows,
    parseEndpointRef,
    resolveFlows,
    SharedGateway,
    SYSTEM_NAMESPACES,
    systemFlows,
    WORLD,
    type AcmeArgs,
    type ClusterAddresses,
} from "../components/network";
import { GovernedNamespace } from "../components/tenancy";
import { clusterCapacity, isSchedulable, NodeRole, type PlatformConfig } from "./config";
import { containsAddress, formatIpv4, parseCidr, parseIpv4, parseRange } from "./config/ip";
import { acmeEnabled, FLOW_ALIASES } from "./config/network-checks";

export interface PlatformOutputs {
    /** Every tenant namespace, in config order. */
    readonly namespaces: pulumi.Output<string[]>;
    /** The shared Gateway's LoadBalancer address (from a MetalLB pool). */
    readonly gatewayAddress: string;
    /** Hostnames served over HTTPS by the shared Gateway. */
    readonly hostnames: string[];
    /** Every ClusterIssuer the stack creates. */
    readonly issuers: string[];
    /** The ClusterIssuer that signs the Gateway's certificates (tls.mode). */
    readonly activeIssuer: string;
}

/** Where the API server lives and where its calls to webhooks come from, from the cluster section. */
export function clusterAddresses(cluster: PlatformConfig["cluster"]): ClusterAddresses {
    const controlPlanes = cluster.nodes.filter((n) => n.role === NodeRole.controlPlane).map((n) => n.ip);
    return {
        apiServers: [...new Set([cluster.apiVip, ...controlPlanes])],
        apiServiceIp: formatIpv4(parseCidr(cluster.serviceCidr)!.first + 1),
        nodeSources: [cluster.nodeSubnet, cluster.podCidr],
    };
}

/** Tenant namespaces a config flow from the Gateway reaches: they may attach routes to it. */
export function gatewayAccessNamespaces(config: PlatformConfig): Set<string> {
    const aliases = new Set(FLOW_ALIASES);
    return new Set(
        config.network.flows
            .filter((f) => f.from === "gateway")
            .map((f) => parseEndpointRef(f.to, aliases))
            .flatMap((ref) => (ref?.kind === "namespace" ? [ref.namespace] : [])),
    );
}

/** The pool whose ranges hold an address (config checks guarantee there is one). */
export function poolOf(network: PlatformConfig["network"], address: string): string {
    const ip = parseIpv4(address)!;
    return network.lbPools.find((p) => p.addresses.some((r) => containsAddress(parseRange(r)!, ip)))!.name;
}

function acmeArgs(config: PlatformConfig, gateway: { name: string; namespace: string }): AcmeArgs | undefined {
    const { tls } = config;
    if (!acmeEnabled(tls) || tls.acme.email === undefined) {
        return undefined;
    }
    if (tls.acme.challenge === "dns01") {
        return {
            email: tls.acme.email,
            solver: {
                challenge: "dns01",
                dns01: tls.acme.dns01!,
                credential: pulumi.secret(config.dns01Credentials!),
            },
        };
    }
    return {
        email: tls.acme.email,
        solver: { challenge: "http01", gateway: { ...gateway, sectionName: "http" } },
    };
}

/**
 * Creates one stack's components in dependency order from its parsed config. The only place that knows
 * how config sections map to component args.
 */
export function createPlatform(config: PlatformConfig): PlatformOutputs {
    const mirror = config.registry.mirror;
    // Images always come through the mirror when one is set; charts only when the cluster is offline (online,
    // the policy pack allows the upstream chart repositories).
    const chartMirror = config.registry.offline ? mirror : undefined;
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
    const routed = gatewayAccessNamespaces(config);
    const tenants = config.tenants.map(
        (tenant) =>
            new GovernedNamespace(tenant.name, {
                podSecurity: tenant.podSecurity,
                quota: tenant.quota,
                limits: tenant.limits,
                labels: routed.has(tenant.name) ? { [GATEWAY_ACCESS_LABEL]: "true" } : {},
            }),
    );

    const { network } = config;
    const bgp =
        network.bgp.peers.length > 0 ? { localAsn: network.bgp.localAsn!, peers: network.bgp.peers } : undefined;
    const metallb = new MetalLb("metallb", {
        pools: network.lbPools,
        bgp,
        strictArp: network.kubeProxyMode === "ipvs",
        nodeCount: config.cluster.nodes.length,
        registryMirror: mirror,
        chartMirror,
    });
    const gatewayName = "platform";
    const acme = acmeArgs(config, { name: gatewayName, namespace: NetworkNamespace.gateway });
    const certManager = new CertManager("cert-manager", { acme, registryMirror: mirror, chartMirror });
    // No dependsOn MetalLB: the proxies' Service waits for its address until the pool exists.
    const gateway = new SharedGateway("gateway", {
        address: network.gateway.address,
        addressPool: poolOf(network, network.gateway.address),
        hostnames: network.gateway.hostnames,
        issuer: config.tls.mode,
        issuerDependencies: [certManager],
        replicas: network.gateway.replicas,
        gatewayName,
        registryMirror: mirror,
        chartMirror,
    });

    const cluster = clusterAddresses(config.cluster);
    const managed = [...config.tenants.map((t) => t.name), ...SYSTEM_NAMESPACES];
    const aliases = { gateway: gateway.ref.proxy, world: WORLD, "kube-apiserver": apiServerEndpoint(cluster) };
    new NetworkFlows(
        "network-flows",
        {
            flows: [
                ...systemFlows({
                    cluster,
                    gatewayProxy: gateway.ref.proxy,
                    acmeChallenge: acme ? config.tls.acme.challenge : undefined,
                }),
                ...resolveFlows(network.flows, managed, aliases),
            ],
            managedNamespaces: managed,
        },
        // Only the namespaces: the charts' pods need these flows to become ready, so waiting for the charts would
        // deadlock behind the namespaces' default deny.
        { dependsOn: [...metallb.namespaces, ...certManager.namespaces, ...gateway.namespaces, ...tenants] },
    );
    return {
        namespaces: pulumi.all(tenants.map((t) => t.namespace)),
        gatewayAddress: gateway.address,
        hostnames: gateway.hostnames,
        issuers: certManager.issuers,
        activeIssuer: config.tls.mode,
    };
}
