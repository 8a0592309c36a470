import { EPHEMERAL_STORAGE } from "../../contract/ephemeral-storage";
import { field } from "../../contract/json";
import { parseQuantity } from "../../contract/quantity";

type Read =
    | { readonly kind: "missing"; readonly at: string }
    | { readonly kind: "invalid"; readonly at: string; readonly raw: unknown }
    | { readonly kind: "ok"; readonly text: string; readonly value: number };

function read(block: unknown, side: "requests" | "limits"): Read {
    const at = `${side}.${EPHEMERAL_STORAGE}`;
    const raw = field(field(block, side), EPHEMERAL_STORAGE);
    if (raw === undefined || raw === null || raw === "") {
        return { kind: "missing", at };
    }
    const value = typeof raw === "string" || typeof raw === "number" ? parseQuantity(raw) : undefined;
    return value === undefined ? { kind: "invalid", at, raw } : { kind: "ok", text: String(raw), value };
}

/**
 * What is wrong with the ephemeral-storage of one resources block (`{ requests, limits }`), as phrases: a request or
 * limit unset, not a quantity, or a request above the limit (the API server refuses that pod). Empty when sound.
 */
export function ephemeralStorageProblems(block: unknown): string[] {
    const request = read(block, "requests");
    const limit = read(block, "limits");
    const missing = [request, limit].flatMap((r) => (r.kind === "missing" ? [r.at] : []));
    const problems = [
        ...(missing.length > 0 ? [`sets no ${missing.join(", ")}`] : []),
        ...[request, limit].flatMap((r) =>
            r.kind === "invalid" ? [`sets ${r.at} to ${JSON.stringify(r.raw)}, not a quantity`] : [],
        ),
    ];
    if (request.kind === "ok" && limit.kind === "ok" && request.value > limit.value) {
        problems.push(`requests ${request.text} of ${EPHEMERAL_STORAGE}, above its limit ${limit.text}`);
    }
    return problems;
}
