// One wording for each kind of problem, whether kubernetes-models or a CRD schema found it, so a reader (and a
// test) sees the same message for the same mistake in a core kind and in a custom resource.
import { jsonType } from "./types";

export const UNKNOWN_FIELD = "unknown field";
export const REQUIRED = "required value";

export function wrongType(expected: string, value: unknown): string {
    return `must be of type ${expected}, got ${jsonType(value)}`;
}

export function unsupportedValue(value: unknown, allowed: readonly unknown[]): string {
    return `unsupported value ${JSON.stringify(value)}: supported values: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
}

export function badFormat(format: string): string {
    return `must be a valid ${format}`;
}

export function noPattern(pattern: string): string {
    return `must match the regular expression ${JSON.stringify(pattern)}`;
}
