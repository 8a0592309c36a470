// String formats of CRD schemas, checked the way the apiserver's format registry (go-openapi strfmt) reads them.
// Formats it does not check (int32, int64, password, ...) are annotations here too.
import { isIPv4, isIPv6 } from "node:net";
import { RE2JS } from "@bufbuild/re2";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

function isCidr(text: string): boolean {
    const slash = text.indexOf("/");
    if (slash < 0) {
        return false;
    }
    const address = text.slice(0, slash);
    const bits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) {
        return false;
    }
    const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
    return Number(bits) <= max;
}

const CHECKS: Readonly<Record<string, (text: string) => boolean>> = {
    "date-time": (t) => RFC3339.test(t) && !Number.isNaN(Date.parse(t.replace(" ", "T"))),
    datetime: (t) => RFC3339.test(t) && !Number.isNaN(Date.parse(t.replace(" ", "T"))),
    date: (t) => DATE.test(t) && !Number.isNaN(Date.parse(t)),
    byte: (t) => BASE64.test(t),
    ipv4: isIPv4,
    ipv6: isIPv6,
    cidr: isCidr,
    uuid: (t) => UUID.test(t),
    hostname: (t) => HOSTNAME.test(t),
    mac: (t) => MAC.test(t),
};

/** false when the string breaks a format the apiserver checks; true for formats it does not check. */
export function formatHolds(format: string, text: string): boolean {
    const check = CHECKS[format];
    return check === undefined || check(text);
}

const patterns = new Map<string, RE2JS | null>();

/**
 * `pattern` with Go's regexp semantics (RE2), as the apiserver evaluates it, compiled once per run. A pattern RE2
 * cannot compile is reported as `undefined` (unchecked), never as a pass.
 */
export function patternHolds(pattern: string, text: string): boolean | undefined {
    let re = patterns.get(pattern);
    if (re === undefined) {
        try {
            re = RE2JS.compile(pattern);
        } catch {
            re = null;
        }
        patterns.set(pattern, re);
    }
    return re === null ? undefined : re.test(text);
}
