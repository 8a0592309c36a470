// Every values key the program sets on a chart must be one the chart reads at its pinned version: Helm ignores a
// misspelt key without a word. The keys come from the real render of both stacks; the charts' upstream defaults
// (values.yaml, values.schema.json, subcharts) are read from ../shared/charts, never copied into this repository.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { metallbValues } from "../../components/network/metallb-manifests";
import { valueAt } from "../../contract/json";
import { CHART_TYPES } from "../../contract/k8s-types";
import { CHARTS, type ChartPin } from "../../contract/versions";
import { renderStack, toHarnessResource } from "../../tools/render/render";
import {
    assembleDefaults,
    chartValuesProblems,
    keyProblems,
    type ChartDefaults,
    type Subchart,
    type ValuesCheck,
} from "../../tools/validate/chart-values";
import { upstreamDataDir } from "../../tools/validate/upstream-data";

const CHART_DEFAULTS_DIR = upstreamDataDir("charts");
const STACKS = ["stage", "prod"] as const;

/**
 * Which stored defaults stand for each pinned version. A newer patch may use an older patch's defaults only with a
 * reason; a pin bump without an entry here fails, so its keys are looked at again.
 */
const DEFAULTS_FOR: Readonly<Record<string, { readonly version: string; readonly why: string }>> = {
    "metallb 0.16.1": { version: "0.16.1", why: "the pinned version itself" },
    "csi-driver-nfs 4.13.4": { version: "4.13.4", why: "the pinned version itself" },
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
};

type Tree = Record<string, unknown>;

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

/** The pin a chart reference installs: its last path segment (`oci://mirror/charts/gateway-helm` too). */
function pinOf(chart: string): ChartPin | undefined {
    const name = chart.slice(chart.lastIndexOf("/") + 1);
    return Object.values(CHARTS).find((p: ChartPin) => p.chart === name);
}

function checkFor(pin: ChartPin, values: Tree): ValuesCheck {
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

/**
 * The image values a pin names that the chart's stored defaults lack: each image's `repository` and its enabledBy
 * switch, and the chart-wide registry; as `chart: path`.
 */
function missingImageValues(pin: ChartPin): string[] {
    const defaults = checkFor(pin, {}).defaults.values;
    const paths = [
        ...(pin.images ?? []).flatMap((image) => [
            `${image.path}.repository`,
            ...(image.enabledBy === undefined ? [] : [image.enabledBy]),
        ]),
        ...(pin.imageRegistryFrom === undefined ? [] : [pin.imageRegistryFrom]),
    ];
    return paths.filter((path) => valueAt(defaults, path) === undefined).map((path) => `${pin.chart}: ${path}`);
}

interface RenderedChart {
    readonly stack: string;
    readonly chart: string;
    readonly version: unknown;
    readonly values: Tree;
}

const rendered: RenderedChart[] = [];

beforeAll(async () => {
    for (const stack of STACKS) {
        const { resources } = await renderStack({ stack });
        for (const r of resources.filter((c) => CHART_TYPES.includes(c.type))) {
            const { chart, version, values } = toHarnessResource(r).props;
            rendered.push({ stack, chart: String(chart), version, values: (values ?? {}) as Tree });
        }
    }
}, 120_000);

function renderedChart(stack: string, chart: string): RenderedChart {
    const found = rendered.find((c) => c.stack === stack && pinOf(c.chart)?.chart === chart);
    if (found === undefined) {
        throw new Error(`the ${stack} render installs no ${chart}`);
    }
    return found;
}

describe("chart values conformance", () => {
    it("finds every chart the stacks install pinned, at the pinned version, with its stored defaults mapped", () => {
        expect(rendered.length).toBeGreaterThan(0);
        for (const c of rendered) {
            const pin = pinOf(c.chart);
            expect([c.stack, c.chart, pin?.version]).toEqual([c.stack, c.chart, c.version]);
            expect(Object.keys(DEFAULTS_FOR)).toContain(`${pin?.chart} ${pin?.version}`);
        }
        // A pin no stack installs would go unchecked (stage leaves Longhorn off; prod installs every chart).
        expect(rendered.map((c) => pinOf(c.chart)?.chart)).toEqual(
            expect.arrayContaining(Object.values(CHARTS).map((p: ChartPin) => p.chart)),
        );
    });

    describe.each(Object.values(CHARTS).map((pin: ChartPin) => [pin.chart] as const))("%s", (chart) => {
        it("sets only keys the chart reads at its pinned version in every stack that installs it", () => {
            const installs = rendered.filter((c) => pinOf(c.chart)?.chart === chart);
            expect(installs.length).toBeGreaterThan(0);
            for (const c of installs) {
                expect([c.stack, chartValuesProblems(checkFor(pinOf(c.chart)!, c.values))]).toEqual([c.stack, []]);
            }
        });
    });

    it("conforms in MetalLB's BGP mode too, which a stack switches to by declaring peers", () => {
        for (const mirror of [undefined, "harbor.example.com/mirror"]) {
            const values = metallbValues({ bgp: true, mirror });
            expect(chartValuesProblems(checkFor(CHARTS.metallb, values))).toEqual([]);
        }
    });

    it("names chart, version, stored defaults and path when a key is misspelt", () => {
        const values = renderedChart("prod", "gateway-helm").values;
        const misspelt = { ...values, global: { image: { registry: "harbor.example.com/mirror/docker.io" } } };
        expect(keyProblems(checkFor(CHARTS.envoyGateway, misspelt))).toEqual([
            "gateway-helm v1.9.3 (defaults read at v1.9.0): values path global.image.registry is neither a key of " +
                "the chart's default values nor declared by its values.schema.json; Helm would ignore it (fix the " +
                "key, or list a free-form prefix in the pin's freeformValues in contract/versions.ts)",
        ]);
    });

    it("finds every image path, image switch and chart-wide registry a pin declares in the chart's defaults", () => {
        expect(Object.values(CHARTS).flatMap((pin: ChartPin) => missingImageValues(pin))).toEqual([]);
        expect(
            missingImageValues({
                ...CHARTS.envoyGateway,
                images: [{ ...CHARTS.envoyGateway.images[0], path: "deployment.image" }],
                imageRegistryFrom: "global.image.registry",
            }),
        ).toEqual(["gateway-helm: deployment.image.repository", "gateway-helm: global.image.registry"]);
    });

    it("checks a subchart's keys under its dependency key", () => {
        const check = checkFor(CHARTS.metallb, { "frr-k8s": { frrk8s: { frr: { metricPort: 7573 } } } });
        expect(keyProblems(check)).toEqual([
            expect.stringContaining("metallb 0.16.1: values path frr-k8s.frrk8s.frr.metricPort is neither a key"),
        ]);
        expect(keyProblems({ ...check, values: { "frr-k8s": { frrk8s: { frr: { metricsPort: 7573 } } } } })).toEqual(
            [],
        );
    });

    it("accepts requests and limits under a declared container's resources, and nothing else there", () => {
        const check = checkFor(CHARTS.metallb, {
            controller: { resources: { requests: { cpu: "10m" }, limit: { memory: "100Mi" } } },
        });
        expect(keyProblems(check)).toEqual([
            "metallb 0.16.1: values path controller.resources.limit.memory is not a ResourceRequirements field " +
                "(requests.<name> or limits.<name>)",
        ]);
    });

    it("lets keys without a default pass only under the pin's free-form prefixes", () => {
        const values = renderedChart("stage", "cert-manager").values;
        const check = checkFor(CHARTS.certManager, values);
        expect(CHARTS.certManager.freeformValues).toEqual(["config"]);
        expect(keyProblems({ ...check, freeform: [] })).toEqual(
            expect.arrayContaining([expect.stringContaining("values path config.gatewayAPI.enabled is neither")]),
        );
    });

    it("reports what the chart's values schema rejects", () => {
        const check = checkFor(CHARTS.certManager, { webhook: { replicaCount: "two" } });
        expect(chartValuesProblems(check)).toEqual([
            "cert-manager v1.21.3 (defaults read at v1.21.1): values webhook.replicaCount must be number " +
                "(values.schema.json)",
        ]);
    });
});
