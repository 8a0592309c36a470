import { z } from "zod";
import { parseQuantity } from "../../contract/quantity";
import { parseCidr, parseIpv4, parseRange, type Ipv4Range } from "./ip";

/** Whitespace, control and invisible (format) characters: a value holding one looks right but is not what it says. */
const STRAY = /[\s\p{Cc}\p{Cf}]/u;

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
    0x09: "a tab",
    0x0a: "a line feed",
    0x0d: "a carriage return",
    0x20: "a space",
    0xa0: "a no-break space",
    0x200b: "a zero-width space",
    0xfeff: "a byte order mark",
};

/** A string as JSON with everything outside printable ASCII escaped, so invisible characters show. */
export function display(text: string): string {
    return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function strayMessage(text: string, index = text.search(STRAY)): string {
    const code = text.codePointAt(index)!;
    const name = CHARACTER_NAMES[code] ?? "an invisible or control character";
    const point = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    return `${display(text)} contains ${name} (${point}) at index ${index}; values are used as written, so remove it`;
}

/** Rejects a string with a stray character before any grammar check, so the message names the character. */
const noStray = {
    check: (v: unknown) => typeof v !== "string" || !STRAY.test(v),
    params: { error: (issue: { input: unknown }) => strayMessage(String(issue.input)), abort: true },
} as const;

/** A string with no whitespace, control or invisible character anywhere: the base of every string primitive. */
export const text = z.string().refine(noStray.check, noStray.params);

/** Where a string of space-separated words first holds a stray character: a space at either end or after another. */
function strayInWords(v: string): number {
    const match = /^ | $| {2}|[^\S ]|[\p{Cc}\p{Cf}]/u.exec(v);
    return match === null ? -1 : match[0] === "  " ? match.index + 1 : match.index;
}

/** Words separated by single spaces (a cron schedule); any other stray character is named, as `text` names it. */
export const words = z.string().refine((v) => strayInWords(v) < 0, {
    error: (issue) => strayMessage(String(issue.input), strayInWords(String(issue.input))),
    abort: true,
});

/** A Kubernetes quantity; YAML numbers are accepted and normalised to strings. */
export const quantity = z.codec(
    z
        .union([z.string(), z.number()])
        .refine(noStray.check, noStray.params)
        .refine((v) => parseQuantity(v) !== undefined, {
            message: "must be a Kubernetes quantity such as 500m, 2 or 4Gi",
        }),
    z.string(),
    { decode: (v) => String(v), encode: (v) => v },
);

export const count = z.number().int().nonnegative();

export const ipv4 = text.refine((v) => parseIpv4(v) !== undefined, {
    error: (issue) => `${display(String(issue.input))} is not an IPv4 address`,
});

export const cidr = text.refine((v) => parseCidr(v) !== undefined, {
    error: (issue) => `${display(String(issue.input))} is not an IPv4 CIDR with its network address (e.g. 10.0.0.0/24)`,
});

/** An address range as written (`text`) and as numbers; parsed here once, never again downstream. */
export interface AddressRange extends Ipv4Range {
    readonly text: string;
}

/** A MetalLB-style range or CIDR, decoded into an AddressRange (and encoded back to its text). */
export const addressRange = z.codec(
    text.refine((v) => parseRange(v) !== undefined, {
        error: (issue) => `${display(String(issue.input))} is not an IPv4 range (first-last, first ≤ last) or CIDR`,
    }),
    z.custom<AddressRange>(),
    { decode: (written) => ({ text: written, ...parseRange(written)! }), encode: (range) => range.text },
);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 label: what Kubernetes requires of namespace and most object names. */
export const dnsLabel = text.regex(DNS_LABEL, {
    message: "must be a DNS label: lowercase letters, digits and '-', at most 63 characters",
});

/** A DNS name made of RFC 1123 labels, at most 253 characters. */
export const dnsName = text.refine((v) => v.length <= 253 && v.split(".").every((label) => DNS_LABEL.test(label)), {
    error: (issue) => `${display(String(issue.input))} is not a DNS name`,
});

/** A registry host with optional port and path prefix, e.g. `harbor.internal:5000/mirror`. */
export const registryHost = text.regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._/-]+)?$/, {
    message: "must be a registry host with optional :port and /path, without a scheme",
});

/** An error for a strict object's unknown keys, naming them and the known ones. */
export const unknownKeys =
    (what: string, known: readonly string[], note = "") =>
    (issue: { code?: string; keys?: string[] }) =>
        issue.code === "unrecognized_keys"
            ? `unknown ${what} ${issue.keys!.map((k) => display(k)).join(", ")}; known: ${known.join(", ")}${note}`
            : undefined;

/**
 * One of fixed values. A string with a stray character is told so, as `text` tells it; any other value is shown
 * as JSON (the loader hands over prototype-less objects, which String() cannot convert).
 */
export function option<const T extends readonly [string, ...string[]]>(values: T, what: string) {
    return z.enum(values, {
        error: ({ input }) => {
            const stray = typeof input === "string" ? text.safeParse(input).error?.issues[0].message : undefined;
            const shown = typeof input === "string" ? display(input) : JSON.stringify(input);
            return stray ?? `${shown} is not ${what} (${values.join(", ")})`;
        },
    });
}
