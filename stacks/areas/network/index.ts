import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_ACCESS_LABEL } from "../../../contract/labels";
import { NetworkNamespace } from "../../../contract/namespaces";
import {
    CertManager,
    DEFAULT_GATEWAY_NAME,
    MetalLb,
    resolveFlows,
    SharedGateway,
    systemFlows,
    type AcmeArgs,
} from "../../../components/network";
import type { PlatformConfig } from "../../config/schema";
import { containsAddress, parseIpv4 } from "../../config/ip";
import { need, type Area } from "../area";
import { clusterAddresses } from "../cluster";
import {
    acmeEnabled,
    checkBgp,
    checkFlowNames,
    checkFlows,
    checkGateway,
    checkPools,
    checkTls,
    flowAliases,
} from "./checks";
import { networkSections, type NetworkConfig } from "./schema";
import { networkTelemetry } from "./telemetry";

const AREA = "network";

/** Tenant namespaces a config flow from the Gateway reaches: they may attach routes to it. */
export function gatewayAccessNamespaces(network: NetworkConfig): Set<string> {
    return new Set(
        network.flows
            .filter((f) => f.from.kind === "alias" && f.from.alias === "gateway")
            .flatMap((f) => (f.to.kind === "namespace" ? [f.to.namespace] : [])),
    );
}

/** The pool whose ranges hold an address (config checks guarantee there is one). */
export function poolOf(network: NetworkConfig, address: string): string {
    const ip = parseIpv4(address)!;
    return network.lbPools.find((p) => p.addresses.some((range) => containsAddress(range, ip)))!.name;
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

/** MetalLB address pools, the shared Gateway with its certificates, the ClusterIssuers and the declared flows. */
export const networkArea: Area<typeof networkSections> = {
    name: AREA,
    sections: networkSections,
    telemetry: () => networkTelemetry(),
    namespaces: () => Object.values(NetworkNamespace),
    check: ({ network, cluster, tls, registry }, { managedNamespaces, sound, given }) => {
        const poolIssues = network && cluster ? checkPools(network, cluster) : [];
        return [
            ...poolIssues,
            // Checks that build on pools or tenants run only once those are sound, so one mistake reports once.
            ...(network && cluster && poolIssues.length === 0 ? checkGateway(network, tls?.domain) : []),
            ...(network ? checkBgp(network) : []),
            ...(network && sound("tenants") ? checkFlows(network, managedNamespaces) : []),
            ...(network && cluster && sound("tenants")
                ? checkFlowNames(network, managedNamespaces, clusterAddresses(cluster))
                : []),
            ...(tls ? checkTls(tls, given("dns01Credentials"), registry?.offline) : []),
        ];
    },
    tenantLabels: ({ network }) =>
        new Map([...gatewayAccessNamespaces(network)].map((ns) => [ns, { [GATEWAY_ACCESS_LABEL]: "true" }])),
    wire: (config, { refs, managedNamespaces }) => {
        const { network } = config;
        const { registryMirror, chartMirror } = need(refs, "sources", AREA);
        const addresses = need(refs, "addresses", AREA);
        const bgp =
            network.bgp.peers.length > 0 ? { localAsn: network.bgp.localAsn!, peers: network.bgp.peers } : undefined;
        const metallb = new MetalLb("metallb", {
            pools: network.lbPools.map((p) => ({ ...p, addresses: p.addresses.map((range) => range.text) })),
            bgp,
            strictArp: network.kubeProxyMode === "ipvs",
            nodeCount: need(refs, "topology", AREA).nodes.length,
            registryMirror,
            chartMirror,
        });
        const acme = acmeArgs(config, { name: DEFAULT_GATEWAY_NAME, namespace: NetworkNamespace.gateway });
        const certManager = new CertManager("cert-manager", { acme, registryMirror, chartMirror });
        // No dependsOn MetalLB: the proxies' Service waits for its address until the pool exists.
        const gateway = new SharedGateway("gateway", {
            address: network.gateway.address,
            addressPool: poolOf(network, network.gateway.address),
            hostnames: network.gateway.hostnames,
            issuer: config.tls.mode,
            issuerDependencies: [certManager],
            replicas: network.gateway.replicas,
            registryMirror,
            chartMirror,
        });
        return {
            outputs: {
                gatewayAddress: gateway.address,
                hostnames: gateway.hostnames,
                issuers: certManager.issuers,
                activeIssuer: config.tls.mode,
            },
            namespaces: new Map([...metallb.namespaces, ...certManager.namespaces, ...gateway.namespaces]),
            flows: [
                ...systemFlows({
                    cluster: addresses,
                    gatewayProxy: gateway.ref.proxy,
                    acmeChallenge: acme ? config.tls.acme.challenge : undefined,
                }),
                ...resolveFlows(network.flows, managedNamespaces, flowAliases(gateway.ref.proxy, addresses)),
            ],
            refs: { gateway: gateway.ref, certManager: [certManager] },
        };
    },
};
