import * as k8s from "@pulumi/kubernetes";
import type { LokiArgs } from "../../../components/observability/loki";
import { LOKI_DEFAULT_RESOURCES } from "../../../components/observability/loki-values";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:observability:Loki";
const CHART = "kubernetes:helm.sh/v4:Chart";
const ARGS: LokiArgs = {
    namespace: "monitoring",
    retention: "744h",
    storage: { storageClass: "longhorn", size: "20Gi" },
    resources: LOKI_DEFAULT_RESOURCES,
    protect: true,
    registryMirror: "harbor.example.com/mirror",
    chartMirror: "harbor.example.com/mirror",
};

interface Exposed {
    serviceName: string;
    port: number;
    pushUrl: string;
    queryUrl: string;
    podLabels: Readonly<Record<string, string>>;
    metricsPort: number;
}

async function run(args: Partial<LokiArgs> = {}) {
    const { Loki } = await import("../../../components/observability/loki");
    let exposed: Exposed | undefined;
    const { resources } = await capture(() => {
        // Stands for what the area makes Loki wait for (the namespace, the operator's CRDs).
        const ready = new k8s.core.v1.ConfigMap("namespace-ready", {});
        const loki = new Loki("logs", { ...ARGS, ...args }, { dependsOn: [ready] });
        exposed = { ...loki };
    });
    return { resources, exposed: exposed! };
}

const values = (r: CapturedResource) => r.inputs.values as Record<string, any>;

describe("Loki, protected, through the mirrors", () => {
    let resources: readonly CapturedResource[];
    let exposed: Exposed;

    beforeAll(async () => {
        ({ resources, exposed } = await run());
    });

    it("installs the pinned chart from the chart mirror as release `loki`, after the caller's dependsOn", () => {
        findResource(resources, COMPONENT, "logs");
        const chart = findResource(resources, CHART, "logs-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/mirror/charts/loki",
            version: "18.11.0",
            namespace: "monitoring",
            name: "loki",
        });
        expect(values(chart)).toMatchObject({
            fullnameOverride: "loki",
            loki: { image: { registry: "harbor.example.com/mirror/docker.io", repository: "grafana/loki" } },
            singleBinary: { persistence: { storageClass: "longhorn", size: "20Gi" } },
        });
        expect(chart.dependencies).toContain(
            findResource(resources, "kubernetes:core/v1:ConfigMap", "namespace-ready").urn,
        );
    });

    it("protects and retains the chart, whose claim holds the logs, and creates nothing else", () => {
        const chart = findResource(resources, CHART, "logs-chart");
        expect(chart.options).toMatchObject({ protect: true, retainOnDelete: true });
        const component = findResource(resources, COMPONENT, "logs");
        expect(resources.filter((r) => r.parent === component.urn).map((r) => r.name)).toEqual(["logs-chart"]);
    });

    it("exposes the Service, the push and query URLs, the pod labels and the metrics port", () => {
        expect(exposed).toMatchObject({
            serviceName: "loki",
            port: 3100,
            pushUrl: "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push",
            queryUrl: "http://loki.monitoring.svc.cluster.local:3100",
            podLabels: {
                "app.kubernetes.io/name": "loki",
                "app.kubernetes.io/instance": "loki",
                "app.kubernetes.io/component": "single-binary",
            },
            metricsPort: 3100,
        });
    });
});

describe("Loki unprotected, from upstream", () => {
    it("pulls the chart from its repository and the image from its registry, with nothing protected", async () => {
        const { resources } = await run({ protect: false, registryMirror: undefined, chartMirror: undefined });
        const chart = findResource(resources, CHART, "logs-chart");
        expect(chart.inputs).toMatchObject({
            chart: "loki",
            repositoryOpts: { repo: "https://grafana-community.github.io/helm-charts" },
        });
        expect(values(chart).loki.image).toBeUndefined();
        expect(resources.filter((r) => r.options.protect || r.options.retainOnDelete)).toEqual([]);
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("Loki args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ retention: "forever" }, /args\.retention "forever" is not a positive duration/],
        [{ retention: "12h" }, /args\.retention "12h" is not a multiple of 24h, the index period$/],
        [{ storage: { storageClass: "", size: "20Gi" } }, /args\.storage\.storageClass is empty$/],
        [{ storage: { storageClass: "longhorn", size: "0Gi" } }, /args\.storage\.size "0Gi" is not a positive/],
    ])("rejects %j as a ResourceError naming the component", async (change, message) => {
        const { Loki } = await import("../../../components/observability/loki");
        expect(() => new Loki("logs", { ...ARGS, ...change })).toThrow(/^Loki logs: /);
        expect(() => new Loki("logs", { ...ARGS, ...change })).toThrow(message);
    });
});
