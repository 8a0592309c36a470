// Everything through the mirror (issue 13): with platform:registry.mirror set, no image that a rendered object or
// chart pulls lies outside the mirror, and offline every chart comes from oci://<mirror>/charts. The finder
// (tools/render/mirror-list.ts) walks objects by structure, so an area added later is checked without a change here;
// the hand-made cases below show that it reports an image that escapes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { CHARTS } from "../../contract/versions";
import {
    chartImages,
    chartPinOf,
    escapes,
    manifestImages,
    normalizeReference,
    parseRendered,
    registryMirrorOf,
    stackImages,
    underMirror,
    type RenderedChart,
    type RenderedStack,
} from "../../tools/render/mirror-list";
import { renderStack } from "../../tools/render/render";
import { stackFile } from "../helpers/stack-config";

const PROD_MIRROR = "harbor.platform.example.com/mirror";
const STAGE_MIRROR = "harbor.lab:5000/mirror";

const found = (owner: string, path: string, reference: string) =>
    expect.objectContaining({ owner, path, reference, tagged: true });

describe("prod, whose stack file sets the mirror", () => {
    let rendered: RenderedStack;

    beforeAll(async () => {
        rendered = parseRendered((await renderStack({ stack: "prod" })).files);
    });

    it("publishes the mirror in the cluster inventory", () => {
        expect(registryMirrorOf(rendered.manifests)).toBe(PROD_MIRROR);
    });

    it("pulls no image, in any object or chart, from outside the mirror", () => {
        expect(stackImages(rendered).length).toBeGreaterThan(40);
        expect(escapes(rendered, PROD_MIRROR)).toEqual([]);
    });

    it("finds the images of containers, init containers, custom resources and a helper pod in a ConfigMap", () => {
        expect(stackImages(rendered)).toEqual(
            expect.arrayContaining([
                found(
                    "Deployment ml/triton",
                    "spec.template.spec.containers[0].image",
                    `${PROD_MIRROR}/nvcr.io/nvidia/tritonserver:26.10-py3`,
                ),
                found(
                    "Deployment ml/triton",
                    "spec.template.spec.initContainers[1].image",
                    `${PROD_MIRROR}/docker.io/library/busybox:1.37.0`,
                ),
                found(
                    "EnvoyProxy envoy-gateway-system/platform",
                    "spec.provider.kubernetes.envoyDeployment.container.image",
                    `${PROD_MIRROR}/docker.io/envoyproxy/envoy:distroless-v1.39.6`,
                ),
                found(
                    "MariaDB web/mariadb",
                    "spec.replication.agent.image",
                    `${PROD_MIRROR}/ghcr.io/mariadb-operator/mariadb-operator:26.6.0`,
                ),
                found(
                    "ConfigMap local-path-storage/local-path-config",
                    "data.helperPod.yaml:spec.containers[0].image",
                    `${PROD_MIRROR}/docker.io/library/busybox:1.37.0`,
                ),
            ]),
        );
    });

    it("knows the pin of every chart, so the images each runs by default are known", () => {
        expect(rendered.charts.filter((chart) => chartPinOf(chart.chart) === undefined)).toEqual([]);
    });

    it("resolves a chart's images through its chart-wide registry (Longhorn's global.imageRegistry)", () => {
        const longhorn = rendered.charts.find((chart) => chart.chart === "longhorn")!;
        expect(chartImages(longhorn)).toContainEqual({
            path: "values.image.longhorn.engine",
            reference: `${PROD_MIRROR}/docker.io/longhornio/longhorn-engine`,
            tagged: false,
        });
    });

    it("reports every image of the same render against another mirror", () => {
        expect(escapes(rendered, "harbor.platform.example.com/other")).toHaveLength(stackImages(rendered).length);
    });
});

describe("stage with a mirror, offline", () => {
    let dir: string;
    let rendered: RenderedStack;

    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "mirror-"));
        const doc = parseDocument(readFileSync(stackFile("stage"), "utf8"));
        doc.setIn(["config", "platform:registry"], doc.createNode({ mirror: STAGE_MIRROR, offline: true }));
        const configFile = join(dir, "Pulumi.stage.yaml");
        writeFileSync(configFile, doc.toString());
        rendered = parseRendered((await renderStack({ stack: "stage", configFile })).files);
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("pulls no image, in any object or chart, from outside the mirror", () => {
        expect(registryMirrorOf(rendered.manifests)).toBe(STAGE_MIRROR);
        expect(stackImages(rendered).length).toBeGreaterThan(30);
        expect(escapes(rendered, STAGE_MIRROR)).toEqual([]);
    });

    it("pulls every chart from oci://<mirror>/charts at its pinned version, with no upstream repository", () => {
        expect(rendered.charts.length).toBeGreaterThan(5);
        for (const chart of rendered.charts) {
            const pin = chartPinOf(chart.chart)!;
            expect({ chart: chart.chart, version: chart.version, repository: chart.repository }).toEqual({
                chart: `oci://${STAGE_MIRROR}/charts/${pin.chart}`,
                version: pin.version,
                repository: null,
            });
        }
    });
});

describe("the image finder on hand-made objects", () => {
    const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "ml" },
        spec: {
            initContainers: [{ name: "fetch", image: "amazon/aws-cli:2.37.5" }],
            containers: [{ name: "main", image: `${PROD_MIRROR}/nvcr.io/nvidia/tritonserver:26.10-py3` }],
            ephemeralContainers: [{ name: "debug", image: "busybox:1.37.0" }],
        },
    };

    it("reports an init and an ephemeral container that pull from upstream, and passes the mirrored one", () => {
        const stack: RenderedStack = { manifests: [pod], charts: [] };
        expect(escapes(stack, PROD_MIRROR)).toEqual([
            {
                owner: "Pod ml/p",
                path: "spec.initContainers[0].image",
                reference: "docker.io/amazon/aws-cli:2.37.5",
                tagged: true,
            },
            {
                owner: "Pod ml/p",
                path: "spec.ephemeralContainers[0].image",
                reference: "docker.io/library/busybox:1.37.0",
                tagged: true,
            },
        ]);
    });

    it("finds images in custom resources of any kind, in references and in repository/image/version blocks", () => {
        const policy = {
            apiVersion: "nvidia.com/v1",
            kind: "ClusterPolicy",
            metadata: { name: "cluster-policy" },
            spec: {
                driver: { repository: "nvcr.io/nvidia", image: "driver", version: "580.95.05" },
                dcgmExporter: { config: { name: "metrics" }, image: "nvcr.io/nvidia/k8s/dcgm-exporter:4.4.1" },
            },
        };
        expect(manifestImages(policy)).toEqual([
            { path: "spec.driver", reference: "nvcr.io/nvidia/driver:580.95.05", tagged: true },
            { path: "spec.dcgmExporter.image", reference: "nvcr.io/nvidia/k8s/dcgm-exporter:4.4.1", tagged: true },
        ]);
    });

    it("finds a pod a ConfigMap carries as text, and no image in other text", () => {
        const configMap = {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "c", namespace: "n" },
            data: {
                "helperPod.yaml": "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: busybox:1.37.0\n",
                "setup.sh": "# image: not a manifest\necho image\n",
            },
        };
        expect(manifestImages(configMap)).toEqual([
            {
                path: "data.helperPod.yaml:spec.containers[0].image",
                reference: "docker.io/library/busybox:1.37.0",
                tagged: true,
            },
        ]);
    });

    // Layer 2, as the platform runs it: frr-k8s (BGP) off.
    const metallb = (values: Record<string, unknown>): RenderedChart => ({
        name: "metallb-chart",
        chart: "metallb",
        version: CHARTS.metallb.version,
        repository: CHARTS.metallb.repository,
        values: { frrk8s: { enabled: false }, ...values },
    });

    it("reports a chart image its values leave at the chart's default, and none whose workload is off", () => {
        const stack: RenderedStack = {
            manifests: [],
            charts: [metallb({ controller: { image: { repository: `${PROD_MIRROR}/quay.io/metallb/controller` } } })],
        };
        expect(escapes(stack, PROD_MIRROR)).toEqual([
            {
                owner: "Chart metallb-chart",
                path: "values.speaker.image",
                reference: "quay.io/metallb/speaker",
                tagged: false,
            },
        ]);
        const speakerOff = metallb({ ...(stack.charts[0].values as object), speaker: { enabled: false } });
        expect(escapes({ manifests: [], charts: [speakerOff] }, PROD_MIRROR)).toEqual([]);
    });

    it("reports an image a chart's values add beside the declared ones (a sidecar)", () => {
        const mirrored = (name: string) => ({ image: { repository: `${PROD_MIRROR}/quay.io/metallb/${name}` } });
        const values = {
            controller: { ...mirrored("controller"), extraContainers: [{ name: "x", image: "ghcr.io/x/sidecar:1.0" }] },
            speaker: mirrored("speaker"),
        };
        expect(escapes({ manifests: [], charts: [metallb(values)] }, PROD_MIRROR)).toEqual([
            {
                owner: "Chart metallb-chart",
                path: "values.controller.extraContainers[0].image",
                reference: "ghcr.io/x/sidecar:1.0",
                tagged: true,
            },
        ]);
    });

    it("resolves a chart-wide registry over a block's own, and the upstream registry without one", () => {
        const longhorn = (values: Record<string, unknown>): RenderedChart => ({
            name: "longhorn-chart",
            chart: "longhorn",
            version: CHARTS.longhorn.version,
            repository: CHARTS.longhorn.repository,
            values,
        });
        // The manager's block names docker.io itself, which the chart-wide registry overrides (as at 1.12.1).
        const manager = { registry: "docker.io", repository: "longhornio/longhorn-manager" };
        const global = { global: { imageRegistry: `${PROD_MIRROR}/docker.io` }, image: { longhorn: { manager } } };
        expect(escapes({ manifests: [], charts: [longhorn(global)] }, PROD_MIRROR)).toEqual([]);
        const upstream = escapes({ manifests: [], charts: [longhorn({})] }, PROD_MIRROR);
        expect(upstream).toHaveLength(CHARTS.longhorn.images.length);
        expect(upstream[0]).toEqual(
            expect.objectContaining({
                path: "values.image.longhorn.manager",
                reference: "docker.io/longhornio/longhorn-manager",
            }),
        );
    });
});

describe("references and the mirror prefix", () => {
    it.each([
        ["busybox:1.37.0", "docker.io/library/busybox:1.37.0"],
        ["grafana/loki:3.7.6", "docker.io/grafana/loki:3.7.6"],
        ["localhost:5000/app:1", "localhost:5000/app:1"],
        ["Quay.io/prometheus/prometheus@sha256:abc", "quay.io/prometheus/prometheus@sha256:abc"],
    ])("writes %s as %s", (reference, normalized) => {
        expect(normalizeReference(reference)).toBe(normalized);
    });

    it("takes a path as under the mirror only below it, not beside it", () => {
        expect(underMirror(`${PROD_MIRROR}/docker.io/library/busybox:1.37.0`, PROD_MIRROR)).toBe(true);
        expect(underMirror("harbor.platform.example.com/mirror-old/docker.io/library/busybox:1", PROD_MIRROR)).toBe(
            false,
        );
        expect(underMirror(PROD_MIRROR, PROD_MIRROR)).toBe(false);
    });
});
