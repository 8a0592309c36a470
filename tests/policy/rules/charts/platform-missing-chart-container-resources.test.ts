import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingChartContainerResources as policy } from "../../../../policy/rules/charts/platform-missing-chart-container-resources";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, unpinnedOperator, pinnedCharts } from "./fixtures";

const frrK8s = (cpu: string) => ({ requests: { cpu, memory: "64Mi" }, limits: { memory: "128Mi" } });

describe("platform-missing-chart-container-resources", () => {
    it("passes pinned charts that set requests and a memory limit for every declared container", async () => {
        expect(await messages(policy, pinnedCharts())).toEqual([]);
    });

    it("flags a container without a memory limit", async () => {
        const resources = change(pinnedCharts(), "cert-manager", (p) => {
            delete p.values.webhook.resources.limits;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" container "webhook" sets no limits.memory at values.webhook.resources`,
        ]);
    });

    it("flags a container left to the chart's empty default resources", async () => {
        const resources = change(pinnedCharts(), "metallb", (p) => {
            delete p.values.speaker.resources;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "metallb" container "speaker" sets no requests.cpu, requests.memory, limits.memory at values.speaker.resources`,
        ]);
    });

    it("flags a request that is not a quantity", async () => {
        const resources = change(pinnedCharts(), "envoy-gateway", (p) => {
            p.values.certgen.job.resources.requests.cpu = "a little";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" container "certgen": values.certgen.job.resources.requests.cpu is "a little", not a quantity`,
        ]);
    });

    it("does not require a cpu limit", async () => {
        const resources = change(pinnedCharts(), "metallb", (p) => {
            p.values.controller.resources.limits = { memory: "100Mi" };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("checks a subchart's containers when their enabledBy value is not false (frr-k8s is on by default)", async () => {
        const resources = change(pinnedCharts(), "metallb", (p) => {
            delete p.values.frrk8s;
            p.values["frr-k8s"] = { frrk8s: { resources: frrK8s("10m"), frr: { resources: frrK8s("20m") } } };
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "metallb" container "frr-k8s/reloader" sets no requests.cpu, requests.memory, limits.memory at values.frr-k8s.frrk8s.reloader.resources`,
            `Chart "metallb" container "frr-k8s/frr-metrics" sets no requests.cpu, requests.memory, limits.memory at values.frr-k8s.frrk8s.frrMetrics.resources`,
            `Chart "metallb" container "frr-k8s/frr-status" sets no requests.cpu, requests.memory, limits.memory at values.frr-k8s.frrk8s.frrStatus.resources`,
        ]);
    });

    it("skips a container whose enabledBy value is false", async () => {
        const resources = change(pinnedCharts(), "cert-manager", (p) => {
            p.values.cainjector = { enabled: false };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("matches the pin of a chart pulled through a mirror's OCI reference", async () => {
        const resources = change(pinnedCharts(), "metallb", (p) => {
            p.chart = "oci://harbor.example.com/mirror/charts/metallb";
            delete p.values.controller.resources.requests.memory;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "metallb" container "controller" sets no requests.memory at values.controller.resources`,
        ]);
    });

    it("reports a chart without a pin as undeclared", async () => {
        expect(await messages(policy, [...pinnedCharts(), unpinnedOperator()])).toEqual([
            `Release "acme-operator" installs chart "acme-operator", which has no pin declaring its containers; declare its containers beside its pin in contract/versions.ts`,
        ]);
    });

    it("reports that it cannot run when a resources value is unknown at preview", async () => {
        const resources = change(pinnedCharts(), "cert-manager", (p) => {
            p.values.webhook.resources.limits.memory = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("values.webhook.resources.limits.memory")]);
    });
});
