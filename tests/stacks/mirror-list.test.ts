// `npm run mirror-list -- <stack>`: what the registry mirror must hold for a stack, from its offline render.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { byCodePoint } from "../../contract/order";
import { CHARTS } from "../../contract/versions";
import {
    chartPinOf,
    mirrorList,
    mirrorListText,
    parseRendered,
    registryMirrorOf,
    type RenderedStack,
} from "../../tools/render/mirror-list";
import { renderStack, ROOT } from "../../tools/render/render";

const MIRROR = "harbor.platform.example.com/mirror";
const STACK_TRACE_LINE = /^\s+at /m;

function cli(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync("npx", ["tsx", "tools/render/mirror-list-cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
}

/** The lines of a section, by their first word. */
const linesOf = (text: string, kind: string) => text.split("\n").filter((line) => line.startsWith(`${kind} `));

describe("the mirror list of prod", () => {
    let files: Readonly<Record<string, string>>;
    let rendered: RenderedStack;
    let text: string;

    beforeAll(async () => {
        files = (await renderStack({ stack: "prod" })).files;
        rendered = parseRendered(files);
        text = mirrorListText(mirrorList(rendered, registryMirrorOf(rendered.manifests)));
    });

    it("lists the Triton image and the model loader's images with where the mirror serves them", () => {
        expect(linesOf(text, "image")).toEqual(
            expect.arrayContaining([
                `image nvcr.io/nvidia/tritonserver:26.10-py3 -> ${MIRROR}/nvcr.io/nvidia/tritonserver:26.10-py3`,
                `image docker.io/library/busybox:1.37.0 -> ${MIRROR}/docker.io/library/busybox:1.37.0`,
                `image docker.io/amazon/aws-cli:2.37.5 -> ${MIRROR}/docker.io/amazon/aws-cli:2.37.5`,
            ]),
        );
    });

    it("lists every image manifests.yaml names, at its upstream reference", () => {
        const written = [...files["manifests.yaml"].matchAll(/^\s*(?:- )?image: (\S+)$/gm)].map((m) => m[1]);
        expect(written.length).toBeGreaterThan(8);
        const images = linesOf(text, "image");
        for (const reference of written) {
            expect(reference.startsWith(`${MIRROR}/`)).toBe(true);
            expect(images).toContain(`image ${reference.slice(MIRROR.length + 1)} -> ${reference}`);
        }
    });

    it("lists every chart of charts.json at its upstream source, and where the mirror serves it", () => {
        const charts = linesOf(text, "chart");
        expect(charts).toHaveLength(rendered.charts.length);
        for (const chart of rendered.charts) {
            const pin = chartPinOf(chart.chart)!;
            const target = `oci://${MIRROR}/charts/${pin.chart}:${chart.version}`;
            expect(charts).toContain(`chart ${pin.repository} ${pin.chart} ${chart.version} -> ${target}`);
        }
        expect(charts).toEqual(
            expect.arrayContaining([
                `chart https://charts.longhorn.io longhorn 1.12.1 -> oci://${MIRROR}/charts/longhorn:1.12.1`,
                `chart oci://docker.io/envoyproxy gateway-helm v1.9.3 -> oci://${MIRROR}/charts/gateway-helm:v1.9.3`,
            ]),
        );
    });

    it("lists the images of charts whose tag the chart version picks, and none whose workload is off", () => {
        const chartImages = linesOf(text, "chart-image");
        const engine = "docker.io/longhornio/longhorn-engine";
        expect(chartImages).toEqual(
            expect.arrayContaining([
                `chart-image quay.io/metallb/controller metallb 0.16.1 -> ${MIRROR}/quay.io/metallb/controller`,
                `chart-image nvcr.io/nvidia/gpu-operator gpu-operator v26.7.0 -> ${MIRROR}/nvcr.io/nvidia/gpu-operator`,
                `chart-image ${engine} longhorn 1.12.1 -> ${MIRROR}/${engine}`,
            ]),
        );
        // Layer 2 in prod: MetalLB's BGP backend (frr-k8s) and Loki's gateway stay off.
        expect(text).not.toContain("quay.io/frrouting/frr");
        expect(text).not.toContain("nginxinc/nginx-unprivileged");
    });

    it("is sorted within each section, without duplicates, whatever order the render lists objects in", () => {
        for (const kind of ["image", "chart-image", "chart"]) {
            const lines = linesOf(text, kind);
            expect(lines).toEqual([...new Set(lines)].sort(byCodePoint));
        }
        const reversed = { manifests: [...rendered.manifests].reverse(), charts: [...rendered.charts].reverse() };
        expect(mirrorListText(mirrorList(reversed, MIRROR))).toBe(text);
    });

    it("is what `npm run mirror-list -- prod` prints, and it warns of nothing", () => {
        const result = cli("prod");
        expect(result.status).toBe(0);
        expect(result.stdout).toBe(text);
        expect(result.stderr).not.toContain("warning:");
    });
});

describe("the mirror list of hand-made input", () => {
    const stack: RenderedStack = {
        manifests: [
            {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "app", namespace: "web" },
                spec: { template: { spec: { containers: [{ name: "app", image: "busybox:1.37.0" }] } } },
            },
        ],
        charts: [
            {
                name: "metallb-chart",
                chart: "metallb",
                version: CHARTS.metallb.version,
                repository: CHARTS.metallb.repository,
                values: {
                    frrk8s: { enabled: false },
                    speaker: { enabled: false },
                    controller: { image: { tag: "v9" } },
                },
            },
        ],
    };

    it("has no targets without a mirror, and lists a chart image at the tag its values set", () => {
        const lines = mirrorListText(mirrorList(stack)).split("\n");
        expect(lines.filter((line) => !line.startsWith("#"))).toEqual([
            "image docker.io/library/busybox:1.37.0",
            "image quay.io/metallb/controller:v9",
            `chart ${CHARTS.metallb.repository} metallb ${CHARTS.metallb.version}`,
            "",
        ]);
        expect(lines.filter((line) => line.startsWith("#"))).toHaveLength(2);
    });
});

describe("npm run mirror-list -- <stack> with bad input", () => {
    it("exits 2 naming the stack and the stacks there are, without a stack trace, for an unknown stack", () => {
        const result = cli("nosuch");
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('unknown stack "nosuch": there is no Pulumi.nosuch.yaml (stacks: prod, stage)');
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
        expect(result.stdout).toBe("");
    });

    it("exits 2 with the usage without a stack", () => {
        const result = cli();
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: npm run mirror-list -- <stack> [--config <file>]");
    });
});
