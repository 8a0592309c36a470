import ipaddr from "ipaddr.js";
import { z } from "zod";
import { AcmeChallenge, Dns01Provider } from "../../../components/network/cert-manager-manifests";
import { Protocol } from "../../../components/network/flows";
import { addressRange, count, display, dnsLabel, dnsName, ipv4, text } from "../../config/primitives";
import { secretSection } from "../../config/secrets";
import { endpoint } from "./endpoints";

export const KubeProxyMode = { iptables: "iptables", ipvs: "ipvs" } as const;
export type KubeProxyMode = (typeof KubeProxyMode)[keyof typeof KubeProxyMode];

/** Private AS number ranges (RFC 6996): 2-byte and 4-byte. */
export const PRIVATE_ASN_RANGES: readonly (readonly [number, number])[] = [
    [64512, 65534],
    [4200000000, 4294967294],
];

export function isPrivateAsn(asn: number): boolean {
    return PRIVATE_ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi);
}

const asn = z
    .number()
    .int()
    .refine(isPrivateAsn, {
        error: (issue) => `${String(issue.input)} is not a private AS number (64512-65534 or 4200000000-4294967294)`,
    });

const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** What `text` says of a string with a stray character, for a union that also takes numbers; else undefined. */
const strayIn = (v: unknown): string | undefined =>
    typeof v === "string" ? text.safeParse(v).error?.issues[0].message : undefined;

const isPort = (v: number) => Number.isInteger(v) && v >= 1 && v <= 65535;

/** A port number or an IANA service name (a container port's name), as NetworkPolicy ports accept. */
const port = z
    .union([z.number(), z.string()])
    .refine((v) => strayIn(v) === undefined, { error: (issue) => strayIn(issue.input), abort: true })
    .refine((v) => (typeof v === "number" ? isPort(v) : PORT_NAME.test(v)), {
        error: (issue) =>
            `${JSON.stringify(issue.input)} is not a port number (1-65535) or a container port name (at most 15 lowercase letters, digits and '-')`,
    });

const flow = z.strictObject({
    name: dnsLabel
        .optional()
        .describe("Names the generated policies (flow-<name>-in/-out). @default <from>-to-<to>, slugged"),
    from: endpoint.describe(
        "Source: `*`, `<namespace>`, `<namespace>/<app>` (pods labelled app.kubernetes.io/name), or an alias: gateway, world, kube-apiserver.",
    ),
    to: endpoint.describe("Destination, in the same forms as `from`."),
    ports: z.array(port).min(1).describe("Allowed destination ports: numbers or container port names."),
    protocol: z
        .enum([Protocol.tcp, Protocol.udp, Protocol.sctp])
        .default(Protocol.tcp)
        .describe("Protocol of the ports. @default TCP"),
});

const bgpPeer = z.strictObject({
    name: dnsLabel.describe("BGPPeer object name."),
    address: ipv4.describe("The router's address."),
    asn: asn.describe("The router's AS number; must differ from bgp.localAsn (eBGP)."),
    port: z.number().int().min(1).max(65535).optional().describe("BGP port. @default 179"),
    holdTime: text
        .regex(/^\d+s$/, { message: "must be seconds, e.g. 90s" })
        .optional()
        .describe("BGP hold time. @default 90s (MetalLB's)"),
});

const networkFields = {
    gateway: z
        .strictObject({
            address: ipv4.describe("The shared Gateway's LoadBalancer address; must lie inside an lbPools range."),
            hostnames: z
                .array(dnsName)
                .min(1)
                .describe(
                    "Hostnames served over HTTPS; each gets a listener and a certificate from the stack's issuer.",
                ),
            replicas: count.min(1).default(1).describe("Envoy proxy replicas; 2 or more adds a PDB. @default 1"),
        })
        .describe("The shared Gateway API entry point (Envoy Gateway)."),
    kubeProxyMode: z
        .enum([KubeProxyMode.iptables, KubeProxyMode.ipvs])
        .default(KubeProxyMode.iptables)
        .describe("kube-proxy mode; ipvs makes the program set strictARP for MetalLB. @default iptables"),
    bgp: z
        .strictObject({
            localAsn: asn.optional().describe("The cluster's AS number; required when peers are declared."),
            peers: z
                .array(bgpPeer)
                .default([])
                .describe("Routers MetalLB announces the pools to; empty means layer 2 (ARP). @default []"),
            requireRedundantPeers: z
                .boolean()
                .default(false)
                .describe(
                    "When peers are declared, require at least two (one router failing keeps routes). @default false",
                ),
        })
        .prefault({})
        .describe("MetalLB BGP mode; layer 2 unless peers are declared."),
    flows: z
        .array(flow)
        .default([])
        .describe(
            "Allowed traffic on top of each namespace's default deny; each becomes ingress and egress NetworkPolicies. @default []",
        ),
};

const awsRegion = text.regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, {
    error: (issue) => `${display(String(issue.input))} is not an AWS region such as ap-northeast-2`,
});

const NAMESERVER = /^(?:\[(?<v6>[^\]]*)\]|(?<host>[^:[\]]+))(?::(?<port>\d{1,5}))?$/;

/** `host[:port]` as cert-manager's RFC2136 solver takes it: a DNS name or IPv4 address, an IPv6 one in brackets. */
function isNameserver(value: string): boolean {
    const groups = NAMESERVER.exec(value)?.groups;
    if (groups === undefined) {
        return false;
    }
    const { v6, host, port } = groups;
    const hostIsValid = v6 === undefined ? dnsName.safeParse(host).success : ipaddr.IPv6.isValid(v6);
    return hostIsValid && (port === undefined || isPort(Number(port)));
}

const nameserver = text.refine(isNameserver, {
    error: (issue) =>
        `${display(String(issue.input))} is not host[:port]: a DNS name or IPv4 address, or an IPv6 address in brackets, with a port of 1-65535`,
});

/** The algorithms cert-manager's RFC2136 solver supports. */
const TSIG_ALGORITHMS = ["HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"] as const;

const dns01 = z
    .discriminatedUnion("provider", [
        z.strictObject({
            provider: z.literal(Dns01Provider.route53),
            region: awsRegion.describe("AWS region of the Route53 API, e.g. ap-northeast-2."),
            accessKeyId: text.min(1).describe("IAM access key ID; its secret key is platform:dns01Credentials."),
            hostedZoneId: text.min(1).optional().describe("Hosted zone to use. @default found by cert-manager"),
        }),
        z.strictObject({ provider: z.literal(Dns01Provider.cloudflare) }),
        z.strictObject({
            provider: z.literal(Dns01Provider.rfc2136),
            nameserver: nameserver.describe("Authoritative DNS server, host[:port]; an IPv6 host in brackets."),
            tsigKeyName: text.min(1).describe("TSIG key name; the key is platform:dns01Credentials."),
            tsigAlgorithm: z
                .enum(TSIG_ALGORITHMS)
                .default("HMACSHA256")
                .describe("TSIG algorithm. @default HMACSHA256"),
        }),
    ])
    .describe("DNS-01 provider; the credential is the secret config key platform:dns01Credentials.");

const tlsFields = {
    acme: z
        .strictObject({
            email: text
                .check(z.email({ error: (issue) => `${display(String(issue.input))} is not an e-mail address` }))
                .optional()
                .describe("ACME account e-mail; required for the letsencrypt-* modes."),
            challenge: z
                .enum([AcmeChallenge.http01, AcmeChallenge.dns01])
                .default(AcmeChallenge.http01)
                .describe("http01 (through the Gateway) or dns01 (through the DNS provider). @default http01"),
            dns01: dns01.optional(),
        })
        .prefault({})
        .describe("Let's Encrypt settings, used by the letsencrypt-staging and letsencrypt-prod modes."),
};

export const TlsMode = {
    internalCa: "internal-ca",
    letsEncryptStaging: "letsencrypt-staging",
    letsEncryptProd: "letsencrypt-prod",
} as const;
export type TlsMode = (typeof TlsMode)[keyof typeof TlsMode];

/**
 * `platform:dns01Credentials`: the DNS-01 provider credential; set it with `pulumi config set --secret`. Held to
 * `text` like every value, but a message never shows it.
 */
export const dns01CredentialsSchema = z
    .string()
    .min(1)
    .refine((v) => text.safeParse(v).success, {
        message:
            "contains whitespace or an invisible character (not shown: the value is secret); values are used as written, so set it again without it",
    })
    .optional()
    .describe("DNS-01 provider credential (secret access key, API token or TSIG secret).");

const lbPool = z.strictObject({
    name: dnsLabel.describe("IPAddressPool name."),
    addresses: z.array(addressRange).min(1).describe("Ranges (first-last) or CIDRs inside cluster.nodeSubnet."),
    autoAssign: z
        .boolean()
        .default(true)
        .describe("Whether MetalLB hands these out without an explicit request. @default true"),
});

export const networkSchema = z
    .strictObject({
        lbPools: z.array(lbPool).min(1).describe("MetalLB address pools for LoadBalancer Services."),
        ...networkFields,
    })
    .describe("Addressing, exposure and allowed traffic.");

export const tlsSchema = z
    .strictObject({
        domain: dnsName.describe("Base DNS domain for exposed hostnames."),
        mode: z
            .enum([TlsMode.internalCa, TlsMode.letsEncryptStaging, TlsMode.letsEncryptProd])
            .default(TlsMode.internalCa)
            .describe("Which ClusterIssuer signs certificates. @default internal-ca"),
        ...tlsFields,
    })
    .describe("Domain and certificate issuance.");

/** The config sections the network area owns. */
export const networkSections = {
    network: networkSchema,
    tls: tlsSchema,
    dns01Credentials: secretSection(dns01CredentialsSchema),
} as const;

export type NetworkConfig = z.output<typeof networkSchema>;
export type TlsConfig = z.output<typeof tlsSchema>;
