import fc from "fast-check";
import {
    contains,
    containsAddress,
    formatIpv4,
    overlaps,
    parseCidr,
    parseIpv4,
    parseRange,
    type Ipv4Range,
} from "../../stacks/config/ip";

const rangeSize = (r: Ipv4Range) => r.last - r.first + 1;

const SEED = 20260517;
const RUNS = { seed: SEED, numRuns: 500 };

const MAX = 2 ** 32 - 1;
const uint32 = fc.integer({ min: 0, max: MAX });
const octet = fc.integer({ min: 0, max: 255 });
const prefix = fc.integer({ min: 0, max: 32 });

/** A valid range [first, last] anywhere in the address space. */
const range = fc.tuple(uint32, uint32).map(([a, b]): Ipv4Range => ({ first: Math.min(a, b), last: Math.max(a, b) }));

/** A range within a 64-address window, so brute force over its addresses stays cheap. */
const BASE = 167772160; // 10.0.0.0
const smallRange = fc
    .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }))
    .map(([a, b]): Ipv4Range => ({ first: BASE + Math.min(a, b), last: BASE + Math.max(a, b) }));

function addresses(r: Ipv4Range): number[] {
    return Array.from({ length: rangeSize(r) }, (_, i) => r.first + i);
}

describe("IPv4 addresses", () => {
    it("round-trips every 32-bit value through format and parse", () => {
        fc.assert(
            fc.property(uint32, (n) => parseIpv4(formatIpv4(n)) === n),
            RUNS,
        );
    });

    it("formats every parsed dotted quad back to the same text", () => {
        fc.assert(
            fc.property(fc.tuple(octet, octet, octet, octet), (octets) => {
                const text = octets.join(".");
                return formatIpv4(parseIpv4(text)!) === text;
            }),
            RUNS,
        );
    });

    it("rejects quads with an octet above 255", () => {
        fc.assert(
            fc.property(octet, octet, octet, fc.integer({ min: 256, max: 99999 }), (a, b, c, d) => {
                return parseIpv4(`${a}.${b}.${c}.${d}`) === undefined && parseIpv4(`${d}.${a}.${b}.${c}`) === undefined;
            }),
            RUNS,
        );
    });

    it("maps the extremes to 0 and 2^32 - 1", () => {
        expect([parseIpv4("0.0.0.0"), parseIpv4("255.255.255.255")]).toEqual([0, MAX]);
    });
});

describe("CIDRs", () => {
    it("contains exactly 2^(32-n) addresses starting at the network address", () => {
        fc.assert(
            fc.property(uint32, prefix, (n, p) => {
                const size = 2 ** (32 - p);
                const network = Math.floor(n / size) * size;
                const parsed = parseCidr(`${formatIpv4(network)}/${p}`);
                return parsed !== undefined && parsed.first === network && rangeSize(parsed) === size;
            }),
            RUNS,
        );
    });

    it("rejects any address with host bits set", () => {
        fc.assert(
            fc.property(uint32, fc.integer({ min: 0, max: 31 }), (n, p) => {
                fc.pre(n % 2 ** (32 - p) !== 0);
                return parseCidr(`${formatIpv4(n)}/${p}`) === undefined;
            }),
            RUNS,
        );
    });

    it("rejects prefixes above 32", () => {
        fc.assert(
            fc.property(fc.integer({ min: 33, max: 99 }), (p) => parseCidr(`0.0.0.0/${p}`) === undefined),
            RUNS,
        );
    });
});

describe("ranges", () => {
    it("overlaps is symmetric", () => {
        fc.assert(
            fc.property(range, range, (a, b) => overlaps(a, b) === overlaps(b, a)),
            RUNS,
        );
    });

    it("overlaps agrees with a brute-force intersection of the addresses", () => {
        fc.assert(
            fc.property(smallRange, smallRange, (a, b) => {
                const shared = addresses(a).some((x) => containsAddress(b, x));
                return overlaps(a, b) === shared;
            }),
            RUNS,
        );
    });

    it("contains agrees with a brute-force subset test", () => {
        fc.assert(
            fc.property(smallRange, smallRange, (a, b) => {
                return contains(a, b) === addresses(b).every((x) => containsAddress(a, x));
            }),
            RUNS,
        );
    });

    it("contains implies overlaps", () => {
        fc.assert(
            fc.property(range, range, (a, b) => !contains(a, b) || overlaps(a, b)),
            RUNS,
        );
    });

    it("every range overlaps and contains itself", () => {
        fc.assert(
            fc.property(range, (r) => overlaps(r, r) && contains(r, r)),
            RUNS,
        );
    });

    it('parses "a-b" to {first: a, last: b} when a <= b, and rejects it otherwise', () => {
        fc.assert(
            fc.property(uint32, uint32, (a, b) => {
                const parsed = parseRange(`${formatIpv4(a)}-${formatIpv4(b)}`);
                return a <= b ? parsed?.first === a && parsed.last === b : parsed === undefined;
            }),
            RUNS,
        );
    });

    it("rejects whitespace around the dash or the addresses, which would reach the IPAddressPool as written", () => {
        fc.assert(
            fc.property(range, fc.constantFrom(" ", "\t", "\u00a0", "\ufeff"), fc.nat(3), (r, pad, at) => {
                const parts = [formatIpv4(r.first), "-", formatIpv4(r.last)];
                const padded = [...parts.slice(0, at), pad, ...parts.slice(at)].join("");
                return parseRange(padded) === undefined;
            }),
            RUNS,
        );
    });

    it("parses a CIDR entry to the same range as parseCidr", () => {
        fc.assert(
            fc.property(uint32, prefix, (n, p) => {
                const size = 2 ** (32 - p);
                const text = `${formatIpv4(Math.floor(n / size) * size)}/${p}`;
                expect(parseRange(text)).toEqual(parseCidr(text));
            }),
            RUNS,
        );
    });
});
