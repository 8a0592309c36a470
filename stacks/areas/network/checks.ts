import { AcmeChallenge } from "../../../components/network/cert-manager-manifests";
import { flowPolicies, resolveFlows, type Endpoint, type Flow } from "../../../components/network/flows";
import { DEFAULT_GATEWAY_NAME } from "../../../components/network/gateway";
import {
    certificateRole,
    gatewayProxyEndpoint,
    listenerName,
    tlsSecretName,
} from "../../../components/network/gateway-manifests";
import { flowPolicyRole } from "../../../components/network/network-flows";
import { apiServerEndpoint, systemFlows, WORLD, type ClusterAddresses } from "../../../components/network/system-flows";
import { configKey, type ConfigIssue } from "../../config/errors";
import { contains, containsAddress, overlaps, parseCidr, parseIpv4, type Ipv4Range } from "../../config/ip";
import { derivedNameClashes, duplicates, type DerivedName, type Deriving } from "../../config/issues";
import { setSecretCommand } from "../../config/secrets";
import type { ClusterConfig } from "../cluster/schema";
import type { FlowAlias } from "./endpoints";
import { TlsMode, type NetworkConfig, type TlsConfig } from "./schema";

type Issues = ConfigIssue[];

const same = (v: string) => v;

export function checkPools(network: NetworkConfig, cluster: ClusterConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const subnet = parseCidr(cluster.nodeSubnet)!;
    const taken: { range: Ipv4Range; text: string }[] = [];
    const reserved = [
        ...cluster.nodes.map((n) => ({ address: parseIpv4(n.ip)!, what: `node ${n.name}'s address ${n.ip}` })),
        { address: parseIpv4(cluster.apiVip)!, what: `the API VIP ${cluster.apiVip}` },
    ];
    network.lbPools.forEach((pool, p) =>
        pool.addresses.forEach((range, a) => {
            const path = ["network", "lbPools", p, "addresses", a];
            const text = range.text;
            if (!contains(subnet, range)) {
                issues.push({ path, message: `${text} is outside nodeSubnet ${cluster.nodeSubnet}` });
            }
            const clash = taken.find((t) => overlaps(t.range, range));
            if (clash) {
                issues.push({ path, message: `${text} overlaps ${clash.text}` });
            }
            for (const r of reserved.filter((r) => containsAddress(range, r.address))) {
                issues.push({ path, message: `${text} contains ${r.what}` });
            }
            taken.push({ range, text });
        }),
    );
    issues.push(
        ...duplicates(
            network.lbPools,
            (p) => p.name,
            (i) => ["network", "lbPools", i, "name"],
            "pool name",
        ),
    );
    return issues;
}

/** The names SharedGateway gives a hostname's listener, Certificate (and its Secret) and Certificate resource. */
function hostnameNames(hostname: string): DerivedName[] {
    return [
        { what: "Gateway listener", name: listenerName(hostname) },
        { what: "Certificate and Secret", name: tlsSecretName(hostname) },
        { what: "Certificate resource", name: certificateRole(hostname) },
    ];
}

export function checkGateway(network: NetworkConfig, domain: string | undefined): Issues {
    const { address, hostnames } = network.gateway;
    const issues: Issues = [];
    const ip = parseIpv4(address)!;
    const ranges = network.lbPools.flatMap((p) => p.addresses);
    if (!ranges.some((range) => containsAddress(range, ip))) {
        issues.push({
            path: ["network", "gateway", "address"],
            message: `${address} is outside every lbPools range (${ranges.map((r) => r.text).join(", ")})`,
        });
    }
    issues.push(...duplicates(hostnames, same, (i) => ["network", "gateway", "hostnames", i], "hostname"));
    // Repeats are reported above; distinct hostnames may still derive one name (`a-b.x.com`, `a.b-x.com`).
    const distinct = hostnames.flatMap((hostname, i) =>
        hostnames.indexOf(hostname) === i
            ? [{ path: ["network", "gateway", "hostnames", i], names: hostnameNames(hostname) }]
            : [],
    );
    issues.push(...derivedNameClashes(distinct));
    if (domain !== undefined) {
        hostnames.forEach((hostname, i) => {
            if (hostname !== domain && !hostname.endsWith(`.${domain}`)) {
                issues.push({
                    path: ["network", "gateway", "hostnames", i],
                    message: `${hostname} is not tls.domain ${domain} or a name under it`,
                });
            }
        });
    }
    return issues;
}

export function checkBgp(network: NetworkConfig): Issues {
    const { localAsn, peers, requireRedundantPeers } = network.bgp;
    const issues: Issues = [];
    if (peers.length === 0) {
        return issues;
    }
    if (localAsn === undefined) {
        issues.push({ path: ["network", "bgp", "localAsn"], message: "is required when bgp.peers are declared" });
    }
    peers.forEach((peer, i) => {
        if (peer.asn === localAsn) {
            issues.push({
                path: ["network", "bgp", "peers", i, "asn"],
                message: `${peer.asn} equals bgp.localAsn; MetalLB peers over eBGP, so the AS numbers must differ`,
            });
        }
    });
    if (requireRedundantPeers && peers.length < 2) {
        issues.push({
            path: ["network", "bgp", "peers"],
            message: `declares ${peers.length} peer; bgp.requireRedundantPeers needs at least 2`,
        });
    }
    issues.push(
        ...duplicates(
            peers.map((p) => p.name),
            same,
            (i) => ["network", "bgp", "peers", i, "name"],
            "peer name",
        ),
    );
    issues.push(
        ...duplicates(
            peers.map((p) => p.address),
            same,
            (i) => ["network", "bgp", "peers", i, "address"],
            "peer address",
        ),
    );
    return issues;
}

/** Flow endpoints must name managed namespaces and have pods on one side. */
export function checkFlows(network: NetworkConfig, known: readonly string[]): Issues {
    const issues: Issues = [];
    network.flows.forEach((flow, i) => {
        const kinds: string[] = [];
        for (const side of ["from", "to"] as const) {
            const ref = flow[side];
            kinds.push(ref.kind === "alias" && ref.alias !== "gateway" ? "addresses" : "pods");
            if (ref.kind === "namespace" && !known.includes(ref.namespace)) {
                issues.push({
                    path: ["network", "flows", i, side],
                    message: `namespace ${ref.namespace} is not declared (tenants and platform namespaces: ${known.join(", ")})`,
                });
            }
        }
        if (kinds.every((k) => k === "addresses")) {
            issues.push({
                path: ["network", "flows", i],
                message: "connects two address aliases; a flow needs pods on one side",
            });
        }
    });
    return issues;
}

/**
 * The platform's own flows under every ACME setting, so that switching tls later never breaks a config flow. Their
 * names and placement do not depend on the addresses.
 */
function platformFlows(addresses: ClusterAddresses, gatewayProxy: Endpoint): Flow[] {
    const flows = [undefined, ...Object.values(AcmeChallenge)].flatMap((acmeChallenge) =>
        systemFlows({ cluster: addresses, gatewayProxy, acmeChallenge }),
    );
    return flows.filter((flow, i) => flows.findIndex((f) => f.name === flow.name) === i);
}

/** The Pulumi names NetworkFlows gives a flow's NetworkPolicies. */
function policyNames(flow: Flow, managed: ReadonlySet<string>): DerivedName[] {
    return flowPolicies(flow, managed).map((p) => ({ what: "NetworkPolicy resource", name: flowPolicyRole(p) }));
}

/**
 * Flow names must be unique, the platform's own flows included (NetworkPolicy names derive from them), and so must
 * the Pulumi names of the policies across namespaces (`a` + `flow-b-flow-c-in` is `a-flow-b` + `flow-c-in`).
 */
/** The endpoints the flow aliases stand for, keyed by the aliases config accepts: for the wiring and the checks. */
export function flowAliases(gatewayProxy: Endpoint, addresses: ClusterAddresses): Record<FlowAlias, Endpoint> {
    return { gateway: gatewayProxy, world: WORLD, "kube-apiserver": apiServerEndpoint(addresses) };
}

export function checkFlowNames(network: NetworkConfig, known: readonly string[], addresses: ClusterAddresses): Issues {
    const managed = new Set(known);
    const gatewayProxy = gatewayProxyEndpoint(DEFAULT_GATEWAY_NAME);
    const flows = resolveFlows(network.flows, known, flowAliases(gatewayProxy, addresses));
    const own = platformFlows(addresses, gatewayProxy);
    const path = (i: number) => ["network", "flows", i, ...(network.flows[i].name === undefined ? [] : ["name"])];
    const named = (f: Flow, names: DerivedName[]): [string, DerivedName[]] => [`the platform's flow ${f.name}`, names];
    const nameIssues = derivedNameClashes(
        flows.map((flow, i) => ({ path: path(i), names: [{ what: "flow name", name: flow.name }] })),
        new Map(own.map((f) => named(f, [{ what: "flow name", name: f.name }]))),
    );
    // A flow whose name repeats reports once, not again for each policy.
    const renamed = new Set(nameIssues.map((issue) => issue.path.join()));
    const policies: Deriving[] = flows
        .map((flow, i) => ({ path: path(i), names: policyNames(flow, managed) }))
        .filter((entry) => !renamed.has(entry.path.join()));
    return [...nameIssues, ...derivedNameClashes(policies, new Map(own.map((f) => named(f, policyNames(f, managed)))))];
}

/** Whether the stack creates ACME issuers: a Let's Encrypt mode, or an ACME e-mail given for switching later. */
export function acmeEnabled(tls: TlsConfig): boolean {
    return tls.mode !== TlsMode.internalCa || tls.acme.email !== undefined;
}

/** `credentialsSet`: whether the stack sets platform:dns01Credentials at all (a malformed one reports itself). */
export function checkTls(tls: TlsConfig, credentialsSet: boolean, offline: boolean | undefined): Issues {
    const issues: Issues = [];
    if (tls.mode !== TlsMode.internalCa && tls.acme.email === undefined) {
        issues.push({ path: ["tls", "acme", "email"], message: `is required when tls.mode is ${tls.mode}` });
    }
    if (tls.mode !== TlsMode.internalCa && offline === true) {
        issues.push({
            path: ["tls", "mode"],
            message: `${tls.mode} needs the ACME servers; an offline stack (registry.offline) must use internal-ca`,
        });
    }
    if (acmeEnabled(tls) && tls.acme.challenge === "dns01") {
        if (tls.acme.dns01 === undefined) {
            issues.push({ path: ["tls", "acme", "dns01"], message: "is required when tls.acme.challenge is dns01" });
        }
        if (!credentialsSet) {
            // Checks do not know the stack, so the command reads `--stack <stack>`.
            issues.push({
                path: ["dns01Credentials"],
                message: `is required when tls.acme.challenge is dns01; run \`${setSecretCommand(configKey(["dns01Credentials"]))}\``,
            });
        }
    }
    return issues;
}
