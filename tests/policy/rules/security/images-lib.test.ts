import { chartImages, imagesOf } from "../../../../policy/lib/images";
import { certManagerValues } from "../../../../components/network/cert-manager-manifests";
import { envoyGatewayValues } from "../../../../components/network/gateway-manifests";
import { metallbValues } from "../../../../components/network/metallb-manifests";
import { K8sType } from "../../../../contract/k8s-types";
import { CHART_IMAGE_REPOSITORIES, imageRepository } from "../../../../contract/versions";
import { ENVOY_PROXY_TYPE, PROD_MIRROR } from "./image-fixtures";

const DEFAULT = "the chart's default";
const images = (chart: string, values?: Record<string, unknown>) =>
    chartImages({ chart, values }).map(({ path, image, origin }) => [path, image, origin]);

describe("chartImages", () => {
    it("finds every image a pinned chart runs, from the chart's defaults where the values set none", () => {
        expect(images("cert-manager")).toEqual(
            ["image", "webhook.image", "cainjector.image", "startupapicheck.image", "acmesolver.image"].map((path) => [
                `values.${path}`,
                expect.stringMatching(/^quay\.io\/jetstack\/cert-manager-/),
                DEFAULT,
            ]),
        );
        expect(images("oci://docker.io/envoyproxy/gateway-helm")).toEqual([
            ["values.deployment.envoyGateway.image", "docker.io/envoyproxy/gateway", DEFAULT],
        ]);
    });

    it("declares the paths where the network components set each chart image through a mirror", () => {
        const mirrored = [
            ["metallb", metallbValues({ bgp: true, mirror: PROD_MIRROR })],
            ["cert-manager", certManagerValues(PROD_MIRROR)],
        ] as const;
        for (const [chart, values] of mirrored) {
            expect(images(chart, values).filter(([, , origin]) => origin !== undefined)).toEqual([]);
        }
        expect(images("gateway-helm", envoyGatewayValues(PROD_MIRROR))).toEqual([
            [
                "values.deployment.envoyGateway.image",
                imageRepository(CHART_IMAGE_REPOSITORIES.envoyGateway, PROD_MIRROR),
                "registry from values.global.imageRegistry",
            ],
        ]);
    });

    it("leaves out the images of workloads a values switch turns off", () => {
        expect(images("metallb", metallbValues({ bgp: false })).map(([path]) => path)).toEqual([
            "values.controller.image",
            "values.speaker.image",
        ]);
        expect(images("cert-manager", { cainjector: { enabled: false } }).map(([path]) => path)).not.toContain(
            "values.cainjector.image",
        );
    });

    it("puts a block's registry in front of its repository, or of the chart's default repository", () => {
        const values = {
            image: { registry: "legacy.example.io" },
            webhook: { image: { registry: "legacy.example.io", repository: "jetstack/webhook", tag: "v1.21.3" } },
        };
        expect(images("cert-manager", values).slice(0, 2)).toEqual([
            ["values.image", "legacy.example.io/quay.io/jetstack/cert-manager-controller", DEFAULT],
            ["values.webhook.image", "legacy.example.io/jetstack/webhook", undefined],
        ]);
    });

    it("moves the default images with the chart-wide registry, but not a repository the values set", () => {
        const values = { imageRegistry: "registry.example.net", image: { repository: "quay.io/jetstack/controller" } };
        expect(images("cert-manager", values).slice(0, 2)).toEqual([
            ["values.image", "quay.io/jetstack/controller", undefined],
            [
                "values.webhook.image",
                "registry.example.net/jetstack/cert-manager-webhook",
                "registry from values.imageRegistry",
            ],
        ]);
    });

    it("judges a block that sets only a tag by the chart's default image, and keeps its tag", () => {
        const [controller] = chartImages({ chart: "metallb", values: { controller: { image: { tag: "v0.16.1" } } } });
        expect(controller).toEqual({
            path: "values.controller.image",
            image: "quay.io/metallb/controller",
            origin: DEFAULT,
            tag: { name: "v0.16.1", path: "values.controller.image.tag", written: "v0.16.1" },
        });
    });

    it("finds references and blocks anywhere else in the values, in charts it does not know too", () => {
        const values = {
            extraContainers: [{ name: "sidecar", image: "ghcr.io/acme/sidecar:1.0" }],
            image: { longhorn: { engine: { repository: "longhornio/longhorn-engine", tag: "v1.12.1" } } },
            metrics: { image: { tag: "latest" } },
            exporter: { tag: "2.1.0" },
        };
        expect(chartImages({ chart: "acme-operator", values })).toEqual([
            {
                path: "values.extraContainers[0].image",
                image: "ghcr.io/acme/sidecar:1.0",
                tag: { name: "1.0", path: "values.extraContainers[0].image", written: "ghcr.io/acme/sidecar:1.0" },
            },
            {
                path: "values.image.longhorn.engine",
                image: "longhornio/longhorn-engine",
                tag: { name: "v1.12.1", path: "values.image.longhorn.engine.tag", written: "v1.12.1" },
            },
            {
                path: "values.metrics.image",
                tag: { name: "latest", path: "values.metrics.image.tag", written: "latest" },
            },
            { path: "values.exporter", tag: { name: "2.1.0", path: "values.exporter.tag", written: "2.1.0" } },
        ]);
    });
});

describe("imagesOf", () => {
    it("walks any object's fields for images, but not a ConfigMap's payload", () => {
        const proxy = {
            spec: {
                provider: {
                    kubernetes: {
                        envoyDeployment: {
                            container: { image: "docker.io/envoyproxy/envoy:distroless-v1.39.6" },
                            initContainers: [{ name: "shutdown", image: "" }],
                        },
                    },
                },
            },
        };
        expect(imagesOf(ENVOY_PROXY_TYPE, proxy).map(({ path, image }) => [path, image])).toEqual([
            [
                "spec.provider.kubernetes.envoyDeployment.container.image",
                "docker.io/envoyproxy/envoy:distroless-v1.39.6",
            ],
        ]);
        expect(imagesOf(K8sType.configMap, { data: { image: "busybox:1.36.1" } })).toEqual([]);
    });
});
