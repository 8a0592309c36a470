import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import {
    durationMs,
    LOKI_DEFAULT_RESOURCES,
    LOKI_SCHEMA_FROM,
    lokiPodLabels,
    lokiProblem,
    lokiUrls,
    lokiValues,
    type LokiSettings,
} from "../../../components/observability/loki-values";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { CHARTS, enabledIn, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformDisallowLatestChartImageTag } from "../../../policy/rules/charts/platform-disallow-latest-chart-image-tag";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.loki;
const MIRROR = "harbor.example.com/mirror";
const SETTINGS: LokiSettings = {
    retention: "744h",
    storage: { storageClass: "longhorn", size: "20Gi" },
    resources: LOKI_DEFAULT_RESOURCES,
};
const VARIANTS = [undefined, MIRROR].flatMap((registryMirror) =>
    ["744h", "7d", "1w3d"].map((retention) => lokiValues({ ...SETTINGS, retention, registryMirror })),
);

/** The chart's own stored defaults, read in place. */
function storedDefaults(): Record<string, unknown> {
    const file = path.join(upstreamDataDir("charts"), PIN.chart, PIN.version, "values.yaml");
    return YAML.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

describe("loki chart values", () => {
    it("sets only keys the stored 18.11.0 defaults have (or the pin's free-form prefixes), and passes the schema", () => {
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(chartValuesProblems(checkFor(PIN, { singleBinary: { replica: 1 } }))).toEqual([
            expect.stringContaining("values path singleBinary.replica is neither a key"),
        ]);
        expect(chartValuesProblems(checkFor(PIN, { singleBinary: { replicas: "1" } }))).toEqual([
            expect.stringContaining("values singleBinary.replicas must be integer,null"),
        ]);
    });

    it("runs Monolithic with one replica on a claim of the given class and size that outlives the StatefulSet", () => {
        const values = lokiValues({ ...SETTINGS, storage: { storageClass: "local-path", size: "5Gi" } });
        expect(values).toMatchObject({ fullnameOverride: "loki", deploymentMode: "Monolithic" });
        expect(values.singleBinary).toEqual({
            replicas: 1,
            statefulSetRecreateJob: { enabled: false },
            resources: withEphemeralStorage(LOKI_DEFAULT_RESOURCES),
            priorityClassName: "platform-critical",
            persistence: {
                enabled: true,
                storageClass: "local-path",
                size: "5Gi",
                enableStatefulSetAutoDeletePVC: false,
            },
        });
        expect(valueAt(values, "loki.storage")).toEqual({ type: "filesystem" });
        expect(valueAt(values, "loki.commonConfig")).toEqual({ replication_factor: 1 });
    });

    it("keeps one tenant, a fixed tsdb v13 schema, retention through the compactor, and no usage reports", () => {
        const values = lokiValues({ ...SETTINGS, retention: "168h" });
        expect(valueAt(values, "loki.auth_enabled")).toBe(false);
        expect(valueAt(values, "loki.schemaConfig")).toEqual({
            configs: [
                {
                    from: LOKI_SCHEMA_FROM,
                    store: "tsdb",
                    object_store: "filesystem",
                    schema: "v13",
                    index: { prefix: "index_", period: "24h" },
                },
            ],
        });
        expect(valueAt(values, "loki.compactor")).toMatchObject({
            retention_enabled: true,
            delete_request_store: "filesystem",
            working_directory: "/var/loki/compactor",
        });
        expect(valueAt(values, "loki.limits_config")).toEqual({ retention_period: "168h" });
        expect(valueAt(values, "loki.analytics")).toEqual({ reporting_enabled: false });
    });

    it("turns off every other part of the chart, the simple-scalable replicas and its own monitoring", () => {
        const values = lokiValues(SETTINGS);
        for (const off of [
            "gateway.enabled",
            "lokiCanary.enabled",
            "test.enabled",
            "chunksCache.enabled",
            "resultsCache.enabled",
            "memcached.enabled",
            "memcachedExporter.enabled",
            "sidecar.rules.enabled",
            "ruler.enabled",
            "tableManager.enabled",
            "minio.enabled",
            "rollout_operator.enabled",
            "singleBinary.statefulSetRecreateJob.enabled",
            "monitoring.serviceMonitor.enabled",
            "monitoring.dashboards.enabled",
            "monitoring.rules.enabled",
            "monitoring.alerts.enabled",
            "serviceAccount.automountServiceAccountToken",
            "defaults.automountServiceAccountToken",
        ]) {
            expect([off, valueAt(values, off)]).toEqual([off, false]);
        }
        for (const target of ["backend", "read", "write"]) {
            expect([target, valueAt(values, `${target}.replicas`)]).toEqual([target, 0]);
        }
    });

    it("relies on the chart's restricted security contexts, which it leaves as they are", () => {
        const defaults = storedDefaults();
        expect(valueAt(defaults, "loki.podSecurityContext")).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(valueAt(defaults, "loki.containerSecurityContext")).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        });
        const values = lokiValues(SETTINGS);
        for (const key of ["loki.podSecurityContext", "loki.containerSecurityContext", "defaults.podSecurityContext"]) {
            expect(valueAt(values, key)).toBeUndefined();
        }
    });

    it("sizes every running container of the pin, and runs only Loki's", async () => {
        for (const values of VARIANTS) {
            const chart = fixture(K8sType.chartV4, "loki-chart", { chart: PIN.chart, values });
            expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
            expect(await messages(platformDisallowLatestChartImageTag, [chart])).toEqual([]);
            const running = PIN.containers.filter((c) => enabledIn(values, c));
            expect(running.map((c) => valueAt(values, c.resources))).toEqual([
                withEphemeralStorage(LOKI_DEFAULT_RESOURCES),
            ]);
        }
        const bare = fixture(K8sType.chartV4, "loki-chart", { chart: PIN.chart, values: {} });
        expect(await messages(platformMissingChartContainerResources, [bare])).toHaveLength(1);
    });

    it("pulls every image it runs through the mirror as the template composes it, and leaves the globals empty", () => {
        const values = lokiValues({ ...SETTINGS, registryMirror: MIRROR });
        expect(valueAt(values, "loki.image")).toEqual({ registry: `${MIRROR}/docker.io`, repository: "grafana/loki" });
        expect(valueAt(values, "global")).toBeUndefined();
        const running = PIN.images.filter((i) => enabledIn(values, i));
        expect(running.map((i) => i.path)).toEqual(["loki.image"]);
        expect(chartImages({ chart: PIN.chart, values }).map((i) => i.image)).toEqual([
            `${MIRROR}/docker.io/grafana/loki`,
        ]);
        expect(chartImages({ chart: PIN.chart, values: lokiValues(SETTINGS) }).map((i) => i.image)).toEqual([
            "docker.io/grafana/loki",
        ]);
    });

    it("names the pod's labels from the chart's selector labels, and the URLs from the fixed Service", () => {
        expect(lokiPodLabels()).toEqual({
            "app.kubernetes.io/name": "loki",
            "app.kubernetes.io/instance": "loki",
            "app.kubernetes.io/component": "single-binary",
        });
        expect(lokiUrls("monitoring")).toEqual({
            queryUrl: "http://loki.monitoring.svc.cluster.local:3100",
            pushUrl: "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push",
        });
    });
});

describe("durationMs", () => {
    it.each([
        ["744h", 744 * 3_600_000],
        ["31d", 31 * 86_400_000],
        ["1w3d", 10 * 86_400_000],
        ["1y", 365 * 86_400_000],
        ["1h30m", 5_400_000],
        ["500ms", 500],
        ["0s", 0],
    ])("reads %s", (text, ms) => {
        expect(durationMs(text)).toBe(ms);
    });

    it.each(["", "1.5h", "h", "3d1w", "744", "-24h", "24 h", "24H"])("rejects %j", (text) => {
        expect(durationMs(text)).toBeUndefined();
    });
});

describe("lokiProblem", () => {
    it("accepts the seed's settings and retention in days or weeks", () => {
        expect(lokiProblem("monitoring", SETTINGS)).toBeUndefined();
        expect(lokiProblem("monitoring", { ...SETTINGS, retention: "31d" })).toBeUndefined();
        expect(lokiProblem("monitoring", { ...SETTINGS, retention: "2w" })).toBeUndefined();
    });

    it.each([
        [{ retention: "a month" }, 'args.retention "a month" is not a positive duration such as 744h or 31d'],
        [{ retention: "0s" }, 'args.retention "0s" is not a positive duration such as 744h or 31d'],
        [{ retention: "36h" }, 'args.retention "36h" is not a multiple of 24h, the index period'],
        [{ retention: "7d1h" }, 'args.retention "7d1h" is not a multiple of 24h, the index period'],
        [{ storage: { storageClass: " ", size: "20Gi" } }, "args.storage.storageClass is empty"],
        [{ storage: { storageClass: "longhorn", size: "0" } }, 'args.storage.size "0" is not a positive quantity'],
        [
            { storage: { storageClass: "longhorn", size: "-1Gi" } },
            'args.storage.size "-1Gi" is not a positive quantity',
        ],
        [{ storage: { storageClass: "longhorn", size: "big" } }, 'args.storage.size "big" is not a positive quantity'],
        [
            { resources: { requests: { cpu: "2", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } } },
            "args.resources.requests.cpu 2 exceeds its limit 1",
        ],
    ])("rejects %j", (change, message) => {
        expect(lokiProblem("monitoring", { ...SETTINGS, ...change })).toBe(message);
    });

    it("rejects a namespace that is not a name", () => {
        expect(lokiProblem("Monitoring", SETTINGS)).toBe('args.namespace "Monitoring" is not a namespace name');
    });
});
