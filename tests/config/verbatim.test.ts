import { configKey } from "../../stacks/config/errors";
import { display } from "../../stacks/config/primitives";
import { sectionSchemas } from "../../stacks/config/schema";
import { isSecretSection } from "../../stacks/config/secrets";
import { STACKS } from "../helpers/stack-config";
import { problemsAfter, stackSections, type RawConfig } from "./cases";

// Config values reach manifests as written (ResourceQuota hard limits, IPAddressPool ranges, names), so a value
// with a stray space, no-break space, byte order mark or invisible character is rejected, never passed through.

interface Case {
    readonly key: string;
    readonly set: (c: RawConfig, value: string) => void;
    readonly value: string;
    /** The value as the message shows it, invisible characters escaped. */
    readonly shown: string;
    readonly character: string;
    readonly index: number;
}

const CASES: Case[] = [
    {
        key: "tenants[1].quota.requestsCpu",
        set: (c, v) => (c.tenants[1].quota.requestsCpu = v),
        value: " 4",
        shown: '" 4"',
        character: "a space (U+0020)",
        index: 0,
    },
    {
        key: "cluster.nodes[1].cpu",
        set: (c, v) => (c.cluster.nodes[1].cpu = v),
        value: "4\u00a0",
        shown: '"4\\u00a0"',
        character: "a no-break space (U+00A0)",
        index: 1,
    },
    {
        key: "tenants[1].quota.limitsMemory",
        set: (c, v) => (c.tenants[1].quota.limitsMemory = v),
        value: "\ufeff4Gi",
        shown: '"\\ufeff4Gi"',
        character: "a byte order mark (U+FEFF)",
        index: 0,
    },
    {
        key: "tenants[1].limits.max.cpu",
        set: (c, v) => (c.tenants[1].limits.max.cpu = v),
        value: "2 cores",
        shown: '"2 cores"',
        character: "a space (U+0020)",
        index: 1,
    },
    {
        key: "network.lbPools[0].addresses[0]",
        set: (c, v) => (c.network.lbPools[0].addresses[0] = v),
        value: "192.168.56.200 - 192.168.56.209",
        shown: '"192.168.56.200 - 192.168.56.209"',
        character: "a space (U+0020)",
        index: 14,
    },
    {
        key: "network.lbPools[0].addresses[0]",
        set: (c, v) => (c.network.lbPools[0].addresses[0] = v),
        value: " 192.168.56.200/29",
        shown: '" 192.168.56.200/29"',
        character: "a space (U+0020)",
        index: 0,
    },
    {
        key: "cluster.nodes[1].ip",
        set: (c, v) => (c.cluster.nodes[1].ip = v),
        value: "192.168.56.21\n",
        shown: '"192.168.56.21\\n"',
        character: "a line feed (U+000A)",
        index: 13,
    },
    {
        key: "cluster.podCidr",
        set: (c, v) => (c.cluster.podCidr = v),
        value: "10.233.64.0/18\t",
        shown: '"10.233.64.0/18\\t"',
        character: "a tab (U+0009)",
        index: 14,
    },
    {
        key: "tenants[0].name",
        set: (c, v) => (c.tenants[0].name = v),
        value: "web\u200b",
        shown: '"web\\u200b"',
        character: "a zero-width space (U+200B)",
        index: 3,
    },
    {
        key: "network.gateway.hostnames[1]",
        set: (c, v) => (c.network.gateway.hostnames[1] = v),
        value: "inference.cccr-miniproject.com\u00a0",
        shown: '"inference.cccr-miniproject.com\\u00a0"',
        character: "a no-break space (U+00A0)",
        index: 30,
    },
    {
        key: "registry.mirror",
        set: (c, v) => (c.registry.mirror = v),
        value: "harbor.lab\u2060/mirror",
        shown: '"harbor.lab\\u2060/mirror"',
        character: "an invisible or control character (U+2060)",
        index: 10,
    },
];

/** Prod with a BGP peer and RFC2136 settings, so the fields the stack files leave out are there to change. */
const RFC2136 = { provider: "rfc2136", nameserver: "10.0.0.53:53", tsigKeyName: "acme-update" };
const PEER = { name: "tor-a", address: "10.0.0.1", asn: 64513 };
const withPeers = (c: RawConfig) =>
    (c.network.bgp = { localAsn: 64512, peers: [PEER, { ...PEER, name: "tor-b", address: "10.0.0.2" }] });

const FREE_FORM: Case[] = [
    {
        key: "tls.acme.dns01.accessKeyId",
        set: (c, v) => (c.tls.acme.dns01.accessKeyId = v),
        value: "AKIAIOSFODNN7EXAMPLE\u200b",
        shown: '"AKIAIOSFODNN7EXAMPLE\\u200b"',
        character: "a zero-width space (U+200B)",
        index: 20,
    },
    {
        key: "tls.acme.dns01.hostedZoneId",
        set: (c, v) => (c.tls.acme.dns01.hostedZoneId = v),
        value: "Z2FDTNDATAQYW2\t",
        shown: '"Z2FDTNDATAQYW2\\t"',
        character: "a tab (U+0009)",
        index: 14,
    },
    {
        key: "tls.acme.dns01.tsigKeyName",
        set: (c, v) => (c.tls.acme.dns01 = { ...RFC2136, tsigKeyName: v }),
        value: "acme update",
        shown: '"acme update"',
        character: "a space (U+0020)",
        index: 4,
    },
    {
        key: "tls.acme.dns01.nameserver",
        set: (c, v) => (c.tls.acme.dns01 = { ...RFC2136, nameserver: v }),
        value: "10.0.0.53:53\r",
        shown: '"10.0.0.53:53\\r"',
        character: "a carriage return (U+000D)",
        index: 12,
    },
    {
        key: "network.bgp.peers[1].holdTime",
        set: (c, v) => {
            withPeers(c);
            c.network.bgp.peers[1].holdTime = v;
        },
        value: "90s\u00a0",
        shown: '"90s\\u00a0"',
        character: "a no-break space (U+00A0)",
        index: 3,
    },
    {
        key: "network.flows[0].ports[0]",
        set: (c, v) => (c.network.flows[0].ports = [v]),
        value: "http ",
        shown: '"http "',
        character: "a space (U+0020)",
        index: 4,
    },
    {
        key: "network.flows[1].to",
        set: (c, v) => (c.network.flows[1].to = v),
        value: "web/\ufeffmariadb",
        shown: '"web/\\ufeffmariadb"',
        character: "a byte order mark (U+FEFF)",
        index: 4,
    },
];

describe("values with stray characters", () => {
    it.each(CASES)("rejects platform:$key written $shown, showing the character", (c) => {
        expect(problemsAfter("stage", (raw) => c.set(raw, c.value))[0]).toBe(
            `platform:${c.key}: ${c.shown} contains ${c.character} at index ${c.index}; values are used as written, so remove it`,
        );
    });
});

describe("free-form values with stray characters", () => {
    it.each(FREE_FORM)("rejects platform:$key written $shown, showing the character", (c) => {
        expect(problemsAfter("prod", (raw) => c.set(raw, c.value))).toContain(
            `platform:${c.key}: ${c.shown} contains ${c.character} at index ${c.index}; values are used as written, so remove it`,
        );
    });
});

/** Keys whose value is one of a fixed set: with a stray character it is no option, and zod says that instead. */
const OPTION_KEYS = new Set(["role", "kubeProxyMode", "mode", "challenge", "provider", "protocol", "podSecurity"]);

/** The path of every string in a value. */
function stringPaths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
    if (typeof value === "string") {
        return [at];
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, Array.isArray(value) ? Number(k) : k]));
}

describe("every string a stack file sets", () => {
    it.each(STACKS)("is rejected in Pulumi.%s.yaml with a trailing space, which the message names", (stack) => {
        const base = stackSections(stack);
        // Declared secrets have their own message, which does not show the value.
        const targets = stringPaths(base).filter(
            (p) =>
                !isSecretSection(sectionSchemas[p[0] as keyof typeof sectionSchemas]) &&
                !OPTION_KEYS.has(String(p.at(-1))),
        );
        const at = (raw: RawConfig, p: readonly PropertyKey[]) =>
            p.reduce((node: RawConfig, k) => node[k as string], raw);
        const passedOn = targets.filter((p) => {
            const written = `${at(base, p)} `;
            const problems = problemsAfter(stack, (raw) => (at(raw, p.slice(0, -1))[p.at(-1) as string] = written));
            return !problems.includes(
                `${configKey(p)}: ${display(written)} contains a space (U+0020) at index ${written.length - 1}; values are used as written, so remove it`,
            );
        });
        expect(targets.length).toBeGreaterThan(20);
        expect(passedOn.map((p) => configKey(p))).toEqual([]);
    });
});
