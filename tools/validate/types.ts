// Shapes shared by the validator's modules. Objects arrive as parsed YAML, so everything starts as `unknown`.

import { holdsRedaction } from "../../contract/secrets";
import { REDACTED, UNKNOWN_TEXT } from "../render/redact";

/** A plain JSON object as parsed from YAML. */
export type JsonObject = { [key: string]: unknown };

/** One step of a path inside an object: a property name or an array index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** One problem inside an object, before it is tied to the object it belongs to. */
export interface Issue {
    readonly path: Path;
    readonly message: string;
}

/** One line of the report: `<apiVersion> <kind> <namespace>/<name>: <path>: <message>`. */
export interface Problem {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    readonly path: string;
    readonly message: string;
}

export function isRecord(value: unknown): value is JsonObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function stringAt(value: unknown, key: string): string | undefined {
    if (!isRecord(value)) {
        return undefined;
    }
    const v = value[key];
    return typeof v === "string" ? v : undefined;
}

/**
 * The render shows Secret values as `<redacted>`, secrets in plain sight as `<redacted: kind>` (whole values or
 * inside one) and preview-unknown outputs as `<unknown>`: the real value is not known here, so no check may pass or
 * fail on it.
 */
export function isPlaceholder(value: unknown): boolean {
    return value === REDACTED || value === UNKNOWN_TEXT || (typeof value === "string" && holdsRedaction(value));
}

/** Whether a subtree holds a placeholder anywhere, so a rule over the whole subtree would judge a stand-in. */
export function containsPlaceholder(value: unknown): boolean {
    if (isPlaceholder(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsPlaceholder);
    }
    if (isRecord(value)) {
        return Object.values(value).some(containsPlaceholder);
    }
    return false;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Kubernetes-style field paths: `spec.template.spec.containers[0].name`, odd keys as `labels[app.kubernetes.io/name]`. */
export function formatPath(path: Path): string {
    if (path.length === 0) {
        return "<root>";
    }
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number") {
            out += `[${segment}]`;
        } else if (IDENTIFIER.test(segment)) {
            out += out === "" ? segment : `.${segment}`;
        } else {
            out += `[${segment}]`;
        }
    }
    return out;
}

/** The JSON type name Kubernetes uses in its messages. */
export function jsonType(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "array";
    }
    if (typeof value === "number") {
        return Number.isInteger(value) ? "integer" : "number";
    }
    return typeof value;
}

/** Identity of an object in the report. */
export interface ObjectRef {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
}

export function objectRef(object: unknown): ObjectRef {
    const metadata = isRecord(object) ? object.metadata : undefined;
    return {
        apiVersion: stringAt(object, "apiVersion") ?? "<no apiVersion>",
        kind: stringAt(object, "kind") ?? "<no kind>",
        namespace: stringAt(metadata, "namespace") ?? "",
        name: stringAt(metadata, "name") ?? "<no name>",
    };
}

export function toProblem(ref: ObjectRef, issue: Issue): Problem {
    return { ...ref, path: formatPath(issue.path), message: issue.message };
}

/** Splits `group/version` (core: just `v1`) into its parts. */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
    const slash = apiVersion.indexOf("/");
    return slash < 0
        ? { group: "", version: apiVersion }
        : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
