import { z } from "zod";
import { parseQuantity } from "../../contract/quantity";
import { parseCidr, parseIpv4, parseRange, type Ipv4Range } from "./ip";

/** A Kubernetes quantity; YAML numbers are accepted and normalised to strings. */
export const quantity = z.codec(
    z.union([z.string(), z.number()]).refine((v) => parseQuantity(v) !== undefined, {
        message: "must be a Kubernetes quantity such as 500m, 2 or 4Gi",
    }),
    z.string(),
    { decode: (v) => String(v), encode: (v) => v },
);

export const count = z.number().int().nonnegative();

export const ipv4 = z.string().refine((v) => parseIpv4(v) !== undefined, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IPv4 address`,
});

export const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IPv4 CIDR with its network address (e.g. 10.0.0.0/24)`,
});

/** An address range as written (`text`) and as numbers; parsed here once, never again downstream. */
export interface AddressRange extends Ipv4Range {
    readonly text: string;
}

/** A MetalLB-style range or CIDR, decoded into an AddressRange (and encoded back to its text). */
export const addressRange = z.codec(
    z.string().refine((v) => parseRange(v) !== undefined, {
        error: (issue) => `${JSON.stringify(issue.input)} is not an IPv4 range (first-last, first ≤ last) or CIDR`,
    }),
    z.custom<AddressRange>(),
    { decode: (text) => ({ text, ...parseRange(text)! }), encode: (range) => range.text },
);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 label: what Kubernetes requires of namespace and most object names. */
export const dnsLabel = z.string().regex(DNS_LABEL, {
    message: "must be a DNS label: lowercase letters, digits and '-', at most 63 characters",
});

/** A DNS name made of RFC 1123 labels, at most 253 characters. */
export const dnsName = z
    .string()
    .refine((v) => v.length <= 253 && v.split(".").every((label) => DNS_LABEL.test(label)), {
        error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name`,
    });

/** A registry host with optional port and path prefix, e.g. `harbor.internal:5000/mirror`. */
export const registryHost = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._/-]+)?$/, {
    message: "must be a registry host with optional :port and /path, without a scheme",
});
