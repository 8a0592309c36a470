// Every values key the program sets on a chart must be one the chart reads at its pinned version: Helm ignores a
// misspelt key without a word. The keys come from the real render of both stacks; the charts' upstream defaults
// (values.yaml, values.schema.json, subcharts) are read from ../shared/charts, never copied into this repository.
import { gpuOperatorValues } from "../../components/inference/gpu-operator-manifests";
import { metallbValues } from "../../components/network/metallb-manifests";
import { valueAt } from "../../contract/json";
import { CHART_TYPES } from "../../contract/k8s-types";
import { CHARTS, type ChartPin } from "../../contract/versions";
import { renderStack, toHarnessResource } from "../../tools/render/render";
import { chartValuesProblems, keyProblems } from "../../tools/validate/chart-values";
import { checkFor, DEFAULTS_FOR, type Tree } from "../helpers/chart-defaults";

const STACKS = ["stage", "prod"] as const;

/** The pin a chart reference installs: its last path segment (`oci://mirror/charts/gateway-helm` too). */
function pinOf(chart: string): ChartPin | undefined {
    const name = chart.slice(chart.lastIndexOf("/") + 1);
    return Object.values(CHARTS).find((p: ChartPin) => p.chart === name);
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

    it("conforms with the GPU Operator's driver, toolkit, time slicing and mirror on and off", () => {
        for (const driver of [false, true]) {
            for (const toolkit of [false, true]) {
                for (const timeSlicing of [undefined, { replicasPerGpu: 4 }]) {
                    for (const registryMirror of [undefined, "harbor.example.com/mirror"]) {
                        const settings = { driver, toolkit, timeSlicing, registryMirror, gpuNodes: 2 };
                        const values = gpuOperatorValues(settings);
                        expect([settings, chartValuesProblems(checkFor(CHARTS.gpuOperator, values))]).toEqual([
                            settings,
                            [],
                        ]);
                    }
                }
            }
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
