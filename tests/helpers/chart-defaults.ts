// A pinned chart's stored upstream defaults (values.yaml, values.schema.json, subcharts), read in place from
// ../shared/charts and never copied, and the values check of a pin against them: the chart-values conformance test
// and the components' own values tests share it.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { ChartPin } from "../../contract/versions";
import {
    assembleDefaults,
    type ChartDefaults,
    type Subchart,
    type ValuesCheck,
} from "../../tools/validate/chart-values";
import { upstreamDataDir } from "../../tools/validate/upstream-data";

const CHART_DEFAULTS_DIR = upstreamDataDir("charts");

/**
 * Which stored defaults stand for each pinned version. A newer patch may use an older patch's defaults only with a
 * reason; a pin bump without an entry here fails, so its keys are looked at again.
 */
export const DEFAULTS_FOR: Readonly<Record<string, { readonly version: string; readonly why: string }>> = {
    "metallb 0.16.1": { version: "0.16.1", why: "the pinned version itself" },
    "csi-driver-nfs 4.13.4": { version: "4.13.4", why: "the pinned version itself" },
    "gpu-operator v26.7.0": { version: "v26.7.0", why: "the pinned version itself" },
    "keda 2.20.2": { version: "2.20.2", why: "the pinned version itself" },
    "cert-manager v1.21.3": {
        version: "v1.21.1",
        why:
            "v1.21.2/v1.21.3 are newer than the fetched upstream snapshot (2026-08-22), whose release-1.21 branch has " +
            "no change under deploy/charts/cert-manager since v1.21.1; their notes name no values change (v1.21.3 " +
            "only quotes the proxy values in a template)",
    },
    "gateway-helm v1.9.3": {
        version: "v1.9.0",
        why:
            "v1.9.1-v1.9.3 are newer than the fetched upstream snapshot (2026-08-22), which has no release/v1.9 " +
            "commit after v1.9.0; v1.9.3's notes list no breaking change; values.tmpl.yaml is the source of values.yaml",
    },
    "longhorn 1.12.1": { version: "1.12.1", why: "the pinned version itself" },
    "mariadb-operator 26.6.0": { version: "26.6.0", why: "the pinned version itself" },
    "mariadb-operator-crds 26.6.0": { version: "26.6.0", why: "the pinned version itself (its values.yaml is empty)" },
    "valkey 0.11.0": { version: "0.11.0", why: "the pinned version itself (the newest tag; no 1.0.x release yet)" },
    "kube-prometheus-stack 88.5.3": { version: "88.5.3", why: "the pinned version itself" },
    "loki 18.11.0": { version: "18.11.0", why: "the pinned version itself" },
    "alloy 1.11.1": { version: "1.11.1", why: "the pinned version itself" },
};

export type Tree = Record<string, unknown>;

function readTree(file: string): Tree | undefined {
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const parsed: unknown = file.endsWith(".json")
        ? JSON.parse(fs.readFileSync(file, "utf8"))
        : YAML.parse(fs.readFileSync(file, "utf8"));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Tree) : {};
}

/** A chart's stored defaults: values.yaml (gateway-helm keeps values.tmpl.yaml in git), schema, subcharts. */
function loadDefaults(chart: string, version: string): ChartDefaults {
    const dir = path.join(CHART_DEFAULTS_DIR, chart, version);
    if (!fs.existsSync(dir)) {
        throw new Error(`no stored defaults for ${chart} ${version} at ${dir}; set CHART_DEFAULTS_DIR`);
    }
    const values = readTree(path.join(dir, "values.yaml")) ?? readTree(path.join(dir, "values.tmpl.yaml")) ?? {};
    const manifest = readTree(path.join(dir, "Chart.yaml")) ?? {};
    const dependencies = Array.isArray(manifest.dependencies) ? (manifest.dependencies as Tree[]) : [];
    const subcharts: Subchart[] = dependencies.map((d) => ({
        name: String(d.name),
        ...(typeof d.alias === "string" ? { alias: d.alias } : {}),
        values: readTree(path.join(dir, String(d.name), "values.yaml")),
        schema: readTree(path.join(dir, String(d.name), "values.schema.json")),
    }));
    return assembleDefaults(values, readTree(path.join(dir, "values.schema.json")), subcharts);
}

export function checkFor(pin: ChartPin, values: Tree): ValuesCheck {
    const stored = DEFAULTS_FOR[`${pin.chart} ${pin.version}`];
    if (stored === undefined) {
        throw new Error(`${pin.chart} ${pin.version} has no entry in DEFAULTS_FOR; compare its values keys first`);
    }
    return {
        chart: pin.chart,
        version: pin.version,
        ...(stored.version === pin.version ? {} : { defaultsVersion: stored.version }),
        values,
        defaults: loadDefaults(pin.chart, stored.version),
        freeform: pin.freeformValues,
        resources: pin.containers.map((c) => c.resources),
    };
}
