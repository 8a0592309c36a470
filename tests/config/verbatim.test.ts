import { problemsAfter, type RawConfig } from "./cases";

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

describe("values with stray characters", () => {
    it.each(CASES)("rejects platform:$key written $shown, showing the character", (c) => {
        expect(problemsAfter("stage", (raw) => c.set(raw, c.value))[0]).toBe(
            `platform:${c.key}: ${c.shown} contains ${c.character} at index ${c.index}; values are used as written, so remove it`,
        );
    });
});
