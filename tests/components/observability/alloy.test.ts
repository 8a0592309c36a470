import * as k8s from "@pulumi/kubernetes";
import type { AlloyArgs } from "../../../components/observability/alloy";
import { ALLOY_DEFAULT_RESOURCES } from "../../../components/observability/alloy-values";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:observability:Alloy";
const CHART = "kubernetes:helm.sh/v4:Chart";
const PUSH = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push";
const ARGS: AlloyArgs = {
    namespace: "monitoring",
    collection: "api",
    lokiPushUrl: PUSH,
    resources: ALLOY_DEFAULT_RESOURCES,
    registryMirror: "harbor.example.com/mirror",
    chartMirror: "harbor.example.com/mirror",
};

async function run(args: Partial<AlloyArgs> = {}) {
    const { Alloy } = await import("../../../components/observability/alloy");
    let exposed: { podLabels: Readonly<Record<string, string>>; metricsPort: number } | undefined;
    const { resources } = await capture(() => {
        // Stands for what the area makes Alloy wait for (its namespace, Loki).
        const ready = new k8s.core.v1.ConfigMap("namespace-ready", {});
        const alloy = new Alloy("logs-shipper", { ...ARGS, ...args }, { dependsOn: [ready] });
        exposed = { podLabels: alloy.podLabels, metricsPort: alloy.metricsPort };
    });
    return { resources, exposed: exposed! };
}

const values = (r: CapturedResource) => r.inputs.values as Record<string, any>;

describe("Alloy in api mode, through the mirrors", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        ({ resources } = await run());
    });

    it("installs the pinned chart from the chart mirror as release `alloy`, after the caller's dependsOn", () => {
        const chart = findResource(resources, CHART, "logs-shipper-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/mirror/charts/alloy",
            version: "1.11.1",
            namespace: "monitoring",
            name: "alloy",
        });
        expect(values(chart)).toMatchObject({
            fullnameOverride: "alloy",
            controller: { type: "deployment", replicas: 1 },
            image: { registry: "harbor.example.com/mirror/docker.io", repository: "grafana/alloy" },
        });
        expect(values(chart).alloy.configMap.content).toContain(`url = "${PUSH}"`);
        expect(chart.dependencies).toContain(
            findResource(resources, "kubernetes:core/v1:ConfigMap", "namespace-ready").urn,
        );
    });

    it("creates only the chart, which holds nothing to protect", () => {
        const component = findResource(resources, COMPONENT, "logs-shipper");
        const children = resources.filter((r) => r.parent === component.urn);
        expect(children.map((r) => r.name)).toEqual(["logs-shipper-chart"]);
        expect(children[0].options).toMatchObject({ protect: false });
        expect(children[0].options.retainOnDelete).toBeFalsy();
    });
});

describe("Alloy in node mode, from upstream", () => {
    it("runs the DaemonSet shape in the given namespace and exposes the pod labels and metrics port", async () => {
        const { resources, exposed } = await run({
            namespace: "log-agents",
            collection: "node",
            registryMirror: undefined,
            chartMirror: undefined,
        });
        const chart = findResource(resources, CHART, "logs-shipper-chart");
        expect(chart.inputs).toMatchObject({
            chart: "alloy",
            namespace: "log-agents",
            repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
        });
        expect(values(chart)).toMatchObject({ controller: { type: "daemonset" }, alloy: { mounts: { varlog: true } } });
        expect(values(chart).image).toBeUndefined();
        expect(exposed).toEqual({
            podLabels: { "app.kubernetes.io/name": "alloy", "app.kubernetes.io/instance": "alloy" },
            metricsPort: 12345,
        });
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("Alloy args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ lokiPushUrl: "loki:3100/push" }, /args\.lokiPushUrl "loki:3100\/push" is not an http\(s\) URL$/],
        [{ namespace: "" }, /args\.namespace "" is not a namespace name$/],
    ])("rejects %j as a ResourceError naming the component", async (change, message) => {
        const { Alloy } = await import("../../../components/observability/alloy");
        expect(() => new Alloy("logs-shipper", { ...ARGS, ...change })).toThrow(/^Alloy logs-shipper: /);
        expect(() => new Alloy("logs-shipper", { ...ARGS, ...change })).toThrow(message);
    });
});
