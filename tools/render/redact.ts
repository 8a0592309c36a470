import { PREVIEW_UNKNOWN } from "../../policy/harness/evaluate";
import { SecretValue } from "../runtime/capture";
import { isRecord, type JsonRecord } from "../../contract/json";
import { isLiteral, leafName, namesSecret, redactionMarker, redactSecretsIn, secretIn } from "../../contract/secrets";

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
function redactSecretData(manifest: unknown): unknown {
    if (!isRecord(manifest) || manifest.kind !== "Secret") {
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

/** ConfigMap `binaryData` is judged decoded; a secret in it is redacted whole, as base64 has no readable part. */
function redactBinaryData(data: JsonRecord): JsonRecord {
    return Object.fromEntries(
        Object.entries(data).map(([key, encoded]) => {
            if (typeof encoded !== "string" || !isLiteral(encoded)) {
                return [key, encoded];
            }
            const secret = secretIn(key, Buffer.from(encoded, "base64").toString("utf8"));
            return [key, secret === undefined ? encoded : redactionMarker(secret)];
        }),
    );
}

/** The object or list a string holds as JSON, or undefined. */
function parseJson(text: string): object | undefined {
    if (!/^\s*[[{]/.test(text)) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(text);
        return parsed !== null && typeof parsed === "object" ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A string as it may be written. JSON not named like a secret (the `kubectl.kubernetes.io/last-applied-configuration`
 * annotation, which holds the whole object; a ConfigMap's config.json) is redacted as the tree it holds and written
 * back compact, as kubectl writes it, only when something in it was redacted.
 */
function redactText(name: string, text: string): string {
    const json = namesSecret(name) ? undefined : parseJson(text);
    if (json === undefined) {
        return redactSecretsIn(name, text);
    }
    const redacted = JSON.stringify(redactPlaintext(redactSecretData(json)));
    return redacted === JSON.stringify(json) ? text : `${redacted}${text.endsWith("\n") ? "\n" : ""}`;
}

/**
 * Secrets in plain sight (contract/secrets.ts), the ones the pack flags by name or form, redacted in a tree that
 * has been through `redact`: every string is judged under the name it goes by (its key; for a `value` beside a
 * `name`, as in env entries, that name; for a list item, the list's).
 */
function redactPlaintext(value: unknown, name = ""): unknown {
    if (typeof value === "string") {
        return redactText(name, value);
    }
    // A number is a password too when named like one (`auth.password: 12345678` in chart values).
    if (typeof value === "number") {
        const redacted = redactSecretsIn(name, String(value));
        return redacted === String(value) ? value : redacted;
    }
    if (Array.isArray(value)) {
        return value.map((item) => redactPlaintext(item, name));
    }
    if (!isRecord(value)) {
        return value;
    }
    return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
            key,
            key === "binaryData" && isRecord(item)
                ? redactBinaryData(item)
                : redactPlaintext(item, leafName(key, value)),
        ]),
    );
}

/**
 * A resource's inputs as every written file shows them: Pulumi secrets and Secret payloads `<redacted>`,
 * preview-unknowns `<unknown>`, secrets in plain sight `<redacted: kind>`. Policies see the real values
 * (`unwrapSecrets`); only what is written is redacted.
 */
export function redactInputs(inputs: unknown): Record<string, unknown> {
    return redactPlaintext(redactSecretData(redact(inputs))) as Record<string, unknown>;
}
