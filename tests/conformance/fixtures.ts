// Small objects and CRDs for the validator's one-field cases: each test starts from a valid object and changes
// one field. Upstream CRDs are read in place from the shared CRD directory, never copied into the repository.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { crdsOf, DEFAULT_CRD_DIR, type Crd } from "../../tools/validate/crds";
import type { Schema } from "../../tools/validate/structural";
import { formatProblem } from "../../tools/validate/report";
import type { ValidationReport } from "../../tools/validate/validate";

export type Obj = Record<string, unknown>;

/**
 * A deep copy of `object` with the field at a dotted path (`spec.template.spec.containers.0.name`) set to
 * `value`, or removed when `value` is undefined: one-field cases without reaching into untyped objects.
 */
export function withField(object: Obj, dotted: string, value: unknown): Obj {
    const copy = structuredClone(object);
    const keys = dotted.split(".");
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
        const parent = node as Record<string, unknown>;
        parent[key] ??= {};
        node = parent[key];
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
        delete (node as Record<string, unknown>)[last];
    } else {
        (node as Record<string, unknown>)[last] = value;
    }
    return copy;
}

export function namespace(name: string): Obj {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

export function deployment(): Obj {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "apps" },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web", tier: "frontend" } },
                spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
            },
        },
    };
}

/** A CRD of group example.com around one version schema, as the apiserver would store it. */
export function crd(kind: string, spec: Schema, scope: "Namespaced" | "Cluster" = "Namespaced"): Crd {
    const plural = `${kind.toLowerCase()}s`;
    return {
        name: `${plural}.example.com`,
        group: "example.com",
        kind,
        scope,
        versions: [
            {
                name: "v1",
                served: true,
                schema: {
                    type: "object",
                    properties: {
                        apiVersion: { type: "string" },
                        kind: { type: "string" },
                        metadata: { type: "object" },
                        spec,
                    },
                },
            },
        ],
        source: "test",
    };
}

export function widget(spec: unknown, kind = "Widget"): Obj {
    return { apiVersion: "example.com/v1", kind, metadata: { name: "w", namespace: "apps" }, spec };
}

/** One upstream CRD file from the shared directory, parsed. */
export function upstreamCrds(relative: string): Crd[] {
    const file = path.join(DEFAULT_CRD_DIR, relative);
    return crdsOf([parse(fs.readFileSync(file, "utf8"))], relative);
}

export function lines(report: ValidationReport): string[] {
    return report.problems.map(formatProblem);
}
