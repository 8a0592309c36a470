import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingChartEphemeralStorage as policy } from "../../../../policy/rules/charts/platform-missing-chart-ephemeral-storage";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, pinnedCharts, unpinnedOperator } from "./fixtures";

const EPHEMERAL = { request: "128Mi", limit: "1Gi" };

/** The pinned charts with ephemeral-storage beside every declared container's cpu and memory. */
function sized() {
    const add = (block: any) => {
        block.requests["ephemeral-storage"] = EPHEMERAL.request;
        block.limits["ephemeral-storage"] = EPHEMERAL.limit;
    };
    return change(
        change(
            change(pinnedCharts(), "metallb", (p) =>
                [p.values.controller, p.values.speaker].forEach((c) => add(c.resources)),
            ),
            "cert-manager",
            (p) =>
                [p.values, p.values.webhook, p.values.cainjector, p.values.startupapicheck].forEach((c) =>
                    add(c.resources),
                ),
        ),
        "envoy-gateway",
        (p) => [p.values.deployment.envoyGateway.resources, p.values.certgen.job.resources].forEach(add),
    );
}

describe("platform-missing-chart-ephemeral-storage", () => {
    it("passes pinned charts that set an ephemeral-storage request and limit for every declared container", async () => {
        expect(await messages(policy, sized())).toEqual([]);
    });

    it("flags a container without ephemeral storage", async () => {
        const resources = change(sized(), "cert-manager", (p) => {
            delete p.values.webhook.resources.requests["ephemeral-storage"];
            delete p.values.webhook.resources.limits["ephemeral-storage"];
        });
        expect(await messages(policy, resources)).toEqual([
            'Chart "cert-manager" container "webhook" sets no requests.ephemeral-storage, limits.ephemeral-storage at values.webhook.resources',
        ]);
    });

    it("flags a container whose resources block the values leave out", async () => {
        const resources = change(sized(), "metallb", (p) => delete p.values.speaker.resources);
        expect(await messages(policy, resources)).toEqual([
            'Chart "metallb" container "speaker" sets no requests.ephemeral-storage, limits.ephemeral-storage at values.speaker.resources',
        ]);
    });

    it("flags a request above the limit", async () => {
        const resources = change(sized(), "envoy-gateway", (p) => {
            p.values.certgen.job.resources.requests["ephemeral-storage"] = "2Gi";
        });
        expect(await messages(policy, resources)).toEqual([
            'Chart "envoy-gateway" container "certgen" requests 2Gi of ephemeral-storage, above its limit 1Gi at values.certgen.job.resources',
        ]);
    });

    it("skips a container whose enabledBy value is false", async () => {
        const resources = change(sized(), "cert-manager", (p) => (p.values.cainjector = { enabled: false }));
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("leaves a container the pin defaults through the LimitRange, and a chart without a pin", async () => {
        const kps = {
            ...sized()[0],
            name: "kps",
            props: {
                name: "kps",
                chart: "kube-prometheus-stack",
                version: "88.5.3",
                values: {
                    prometheus: {
                        enabled: true,
                        prometheusSpec: {
                            resources: {
                                requests: { "ephemeral-storage": "1Gi" },
                                limits: { "ephemeral-storage": "1Gi" },
                            },
                        },
                    },
                    alertmanager: { enabled: false },
                    prometheusOperator: { enabled: false, admissionWebhooks: { deployment: { enabled: false } } },
                    kubeStateMetrics: { enabled: false },
                    nodeExporter: { enabled: false },
                    grafana: {
                        enabled: false,
                        sidecar: { dashboards: { enabled: false }, datasources: { enabled: false } },
                    },
                },
            },
        };
        // The reloader's block (prometheusOperator.prometheusConfigReloader.resources) is unset and not reported.
        expect(await messages(policy, [kps, unpinnedOperator()])).toEqual([]);
    });

    it("reports that it cannot run when a limit is unknown at preview", async () => {
        const resources = change(sized(), "cert-manager", (p) => {
            p.values.webhook.resources.limits["ephemeral-storage"] = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([
            cannotRun("values.webhook.resources.limits.ephemeral-storage"),
        ]);
    });
});
