import ipaddr from "ipaddr.js";

/** An inclusive IPv4 address range as 32-bit unsigned integers. */
export interface Ipv4Range {
    readonly first: number;
    readonly last: number;
}

/** Parses a dotted-quad IPv4 address; returns undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
        return undefined;
    }
    return ipaddr.IPv4.parse(text)
        .toByteArray()
        .reduce((acc, octet) => acc * 256 + octet, 0);
}

export function formatIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Parses `a.b.c.d/n`; the address must be the network address (no host bits set). */
export function parseCidr(text: string): Ipv4Range | undefined {
    const [address, prefixText, ...rest] = text.split("/");
    if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) {
        return undefined;
    }
    const base = parseIpv4(address);
    const prefix = Number(prefixText);
    if (base === undefined || prefix > 32) {
        return undefined;
    }
    const size = 2 ** (32 - prefix);
    if (base % size !== 0) {
        return undefined;
    }
    return { first: base, last: base + size - 1 };
}

/** Parses a MetalLB-style address entry: a CIDR or an inclusive `first-last` range, with no spaces around `-`. */
export function parseRange(text: string): Ipv4Range | undefined {
    if (text.includes("/")) {
        return parseCidr(text);
    }
    const parts = text.split("-");
    if (parts.length !== 2) {
        return undefined;
    }
    const first = parseIpv4(parts[0]);
    const last = parseIpv4(parts[1]);
    if (first === undefined || last === undefined || first > last) {
        return undefined;
    }
    return { first, last };
}

export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
    return a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Ipv4Range, inner: Ipv4Range): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

export function containsAddress(range: Ipv4Range, address: number): boolean {
    return range.first <= address && address <= range.last;
}
