import { CHART_IMAGE_REPOSITORIES, CHARTS, type ImagePin } from "../../contract/versions";
import type { Props } from "./resources";
import { chartBaseName } from "./security-charts";

/** An image a pinned chart runs, and where its values set it (read from the chart's default values). */
export interface ChartImage {
    /** Dotted values path of the image block (`controller.image`); the chart reads `repository` (and `tag`) there. */
    readonly path: string;
    /** The image the chart runs when its values name no repository there. */
    readonly upstream: Omit<ImagePin, "tag">;
    /** Dotted values path of a boolean that turns the image's workload on; false is off, unset means on. */
    readonly enabledBy?: string;
}

/** The images a chart runs, and the chart-wide value that moves their registry when set. */
export interface ChartImages {
    /** Dotted values path of the chart-wide registry that replaces `upstream.registry` where no repository is set. */
    readonly registryFrom?: string;
    readonly images: readonly ChartImage[];
}

const R = CHART_IMAGE_REPOSITORIES;

/**
 * Every image each pinned chart runs with the platform's values (../shared/charts holds their default values).
 * Keyed like CHARTS, so a new chart pin does not type-check until its images are declared here.
 * - metallb: `<workload>.image.repository` is the full repository, registry included; no chart-wide registry.
 * - cert-manager: `image.repository` overrides the whole repository, else `imageRegistry` (default quay.io) +
 *   `imageNamespace` + `image.name`; a block's `registry` is prepended to either.
 * - gateway-helm: the controller and the certgen Job run `deployment.envoyGateway.image.repository` when set, else
 *   `global.images.envoyGateway.image` with its registry replaced by `global.imageRegistry`.
 */
export const CHART_IMAGES = {
    metallb: {
        images: [
            { path: "controller.image", upstream: R.metallbController, enabledBy: "controller.enabled" },
            { path: "speaker.image", upstream: R.metallbSpeaker, enabledBy: "speaker.enabled" },
            { path: "frr-k8s.frrk8s.image", upstream: R.metallbFrrK8s, enabledBy: "frrk8s.enabled" },
            { path: "frr-k8s.frrk8s.frr.image", upstream: R.frr, enabledBy: "frrk8s.enabled" },
        ],
    },
    certManager: {
        registryFrom: "imageRegistry",
        images: [
            { path: "image", upstream: R.certManagerController },
            { path: "webhook.image", upstream: R.certManagerWebhook },
            { path: "cainjector.image", upstream: R.certManagerCainjector, enabledBy: "cainjector.enabled" },
            {
                path: "startupapicheck.image",
                upstream: R.certManagerStartupApiCheck,
                enabledBy: "startupapicheck.enabled",
            },
            { path: "acmesolver.image", upstream: R.certManagerAcmeSolver },
        ],
    },
    envoyGateway: {
        registryFrom: "global.imageRegistry",
        images: [{ path: "deployment.envoyGateway.image", upstream: R.envoyGateway }],
    },
} as const satisfies Record<keyof typeof CHARTS, ChartImages>;

/** The images of the pinned chart a Chart or Release installs, by chart name; undefined for a chart not pinned. */
export function chartImagesOf(props: Props): ChartImages | undefined {
    const chart: unknown = props.chart;
    const name = typeof chart === "string" ? chartBaseName(chart) : undefined;
    const key = (Object.keys(CHARTS) as (keyof typeof CHARTS)[]).find((k) => CHARTS[k].chart === name);
    return key === undefined ? undefined : CHART_IMAGES[key];
}
