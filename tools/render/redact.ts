import { PREVIEW_UNKNOWN } from "../../policy/harness/evaluate";
import { SecretValue } from "../runtime/capture";

export const REDACTED = "<redacted>";
export const UNKNOWN_TEXT = "<unknown>";

/** A secret's shape with every leaf value redacted: a secret map keeps its keys (a Secret's `stringData`). */
function redactLeaves(value: unknown): unknown {
    if (value instanceof SecretValue) {
        return redactLeaves(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(redactLeaves);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value).map((k) => [k, redactLeaves((value as Record<string, unknown>)[k])]),
        );
    }
    return REDACTED;
}

/** For writing: secret values become `<redacted>` (keys of secret maps kept), preview-unknowns `<unknown>`. */
export function redact(value: unknown): unknown {
    if (value instanceof SecretValue) {
        return redactLeaves(value.value);
    }
    if (value === PREVIEW_UNKNOWN) {
        return UNKNOWN_TEXT;
    }
    if (Array.isArray(value)) {
        return value.map(redact);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

/** For policies: secrets unwrapped, as the engine hands them to a policy pack; unknowns stay the sentinel. */
export function unwrapSecrets(value: unknown): unknown {
    if (value instanceof SecretValue) {
        return unwrapSecrets(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** Secret payloads are redacted whether or not the program marked them secret. */
export function redactSecretData(manifest: Record<string, unknown>): Record<string, unknown> {
    if (manifest.kind !== "Secret") {
        return manifest;
    }
    const out = { ...manifest };
    for (const field of ["data", "stringData"]) {
        const data = out[field];
        if (data !== null && typeof data === "object") {
            out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
        }
    }
    return out;
}
