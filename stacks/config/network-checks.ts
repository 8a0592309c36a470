import { defaultFlowName, parseEndpointRef } from "../../components/network/flows";
import { SYSTEM_NAMESPACES } from "../../components/network/namespaces";
import type { ConfigIssue } from "./errors";
import { containsAddress, parseIpv4, parseRange } from "./ip";
import { TlsMode, type PlatformConfig } from "./schema";

type Issues = ConfigIssue[];

/** Names a config flow may use for endpoints outside tenant and platform namespaces. */
export const FLOW_ALIASES: readonly string[] = ["gateway", "world", "kube-apiserver"];

function duplicates(values: readonly string[], at: (i: number) => PropertyKey[], what: string): Issues {
    const seen = new Map<string, number>();
    const issues: Issues = [];
    values.forEach((v, i) => {
        const first = seen.get(v);
        if (first === undefined) {
            seen.set(v, i);
        } else {
            issues.push({ path: at(i), message: `duplicate ${what} ${v} (also at index ${first})` });
        }
    });
    return issues;
}

export function checkGateway(network: PlatformConfig["network"]): Issues {
    const { address, hostnames } = network.gateway;
    const issues: Issues = [];
    const ip = parseIpv4(address)!;
    const ranges = network.lbPools.flatMap((p) => p.addresses);
    if (!ranges.some((text) => containsAddress(parseRange(text)!, ip))) {
        issues.push({
            path: ["network", "gateway", "address"],
            message: `${address} is outside every lbPools range (${ranges.join(", ")})`,
        });
    }
    issues.push(...duplicates(hostnames, (i) => ["network", "gateway", "hostnames", i], "hostname"));
    return issues;
}

export function checkBgp(network: PlatformConfig["network"]): Issues {
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
            (i) => ["network", "bgp", "peers", i, "name"],
            "peer name",
        ),
    );
    issues.push(
        ...duplicates(
            peers.map((p) => p.address),
            (i) => ["network", "bgp", "peers", i, "address"],
            "peer address",
        ),
    );
    return issues;
}

/** Flow endpoints must parse and name declared namespaces; flow names must be unique. */
export function checkFlows(network: PlatformConfig["network"], tenants: PlatformConfig["tenants"]): Issues {
    const issues: Issues = [];
    const aliases = new Set(FLOW_ALIASES);
    const known = [...tenants.map((t) => t.name), ...SYSTEM_NAMESPACES];
    const names: string[] = [];
    network.flows.forEach((flow, i) => {
        const kinds: string[] = [];
        for (const side of ["from", "to"] as const) {
            const path = ["network", "flows", i, side];
            const ref = parseEndpointRef(flow[side], aliases);
            if (ref === undefined) {
                issues.push({
                    path,
                    message: `${JSON.stringify(flow[side])} is not *, <namespace>, <namespace>/<app> or one of the aliases ${FLOW_ALIASES.join(", ")}`,
                });
                continue;
            }
            kinds.push(ref.kind === "alias" && ref.alias !== "gateway" ? "addresses" : "pods");
            if (ref.kind === "namespace" && !known.includes(ref.namespace)) {
                issues.push({
                    path,
                    message: `namespace ${ref.namespace} is not declared (tenants and platform namespaces: ${known.join(", ")})`,
                });
            }
        }
        if (kinds.length === 2 && kinds.every((k) => k === "addresses")) {
            issues.push({
                path: ["network", "flows", i],
                message: "connects two address aliases; a flow needs pods on one side",
            });
        }
        names.push(flow.name ?? defaultFlowName(flow.from, flow.to));
    });
    issues.push(...duplicates(names, (i) => ["network", "flows", i, "name"], "flow"));
    return issues;
}

/** Whether the stack creates ACME issuers: a Let's Encrypt mode, or an ACME e-mail given for switching later. */
export function acmeEnabled(tls: PlatformConfig["tls"]): boolean {
    return tls.mode !== TlsMode.internalCa || tls.acme.email !== undefined;
}

export function checkTls(
    tls: PlatformConfig["tls"],
    dns01Credentials: string | undefined,
    offline: boolean | undefined,
): Issues {
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
        if (dns01Credentials === undefined) {
            issues.push({
                path: ["dns01Credentials"],
                message:
                    "is required when tls.acme.challenge is dns01; set it with `pulumi config set --secret platform:dns01Credentials <value>`",
            });
        }
    }
    return issues;
}
