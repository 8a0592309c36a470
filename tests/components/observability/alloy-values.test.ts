import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import { alloyConfig, escapeForTpl, type LogCollection } from "../../../components/observability/alloy-config";
import {
    ALLOY_CONFIG_RELOADER_RESOURCES,
    ALLOY_DEFAULT_RESOURCES,
    alloyPodLabels,
    alloyProblem,
    alloyRbacRules,
    alloyValues,
    type AlloySettings,
} from "../../../components/observability/alloy-values";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { CHARTS, enabledIn, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformDisallowLatestChartImageTag } from "../../../policy/rules/charts/platform-disallow-latest-chart-image-tag";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.alloy;
const MIRROR = "harbor.example.com/mirror";
const PUSH = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push";
const SETTINGS: AlloySettings = { collection: "api", lokiPushUrl: PUSH, resources: ALLOY_DEFAULT_RESOURCES };
const MODES: LogCollection[] = ["api", "node"];
const VARIANTS = MODES.flatMap((collection) =>
    [undefined, MIRROR].map((registryMirror) => alloyValues({ ...SETTINGS, collection, registryMirror })),
);
const RESTRICTED = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

describe("alloy chart values", () => {
    it("sets only keys the stored 1.11.1 defaults have (or the pin's free-form prefixes)", () => {
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(chartValuesProblems(checkFor(PIN, { alloy: { mounts: { varlogs: true } } }))).toEqual([
            expect.stringContaining("values path alloy.mounts.varlogs is neither a key"),
        ]);
    });

    it("api: one clustered Deployment, non-root (uid 473), read-only, no capabilities, no hostPath", () => {
        const values = alloyValues(SETTINGS);
        expect(values.controller).toEqual({
            type: "deployment",
            replicas: 1,
            tolerations: [],
            volumes: { extra: [{ name: "storage", emptyDir: { sizeLimit: "256Mi" } }] },
            priorityClassName: "platform-critical",
        });
        expect(valueAt(values, "alloy.clustering.enabled")).toBe(true);
        expect(valueAt(values, "alloy.mounts")).toEqual({
            varlog: false,
            dockercontainers: false,
            extra: [{ name: "storage", mountPath: "/var/lib/alloy" }],
        });
        expect(valueAt(values, "alloy.storagePath")).toBe("/var/lib/alloy");
        expect(valueAt(values, "alloy.securityContext")).toEqual({
            ...RESTRICTED,
            runAsNonRoot: true,
            runAsUser: 473,
            runAsGroup: 473,
        });
        expect(valueAt(values, "global.podSecurityContext")).toEqual({
            runAsNonRoot: true,
            runAsUser: 473,
            runAsGroup: 473,
            fsGroup: 473,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(JSON.stringify(values)).not.toContain("hostPath");
    });

    it("node: a DaemonSet on every node, /var/log read-only, positions on the host, root without capabilities", () => {
        const values = alloyValues({ ...SETTINGS, collection: "node" });
        expect(values.controller).toMatchObject({
            type: "daemonset",
            tolerations: [{ operator: "Exists" }],
            volumes: {
                extra: [{ name: "storage", hostPath: { path: "/var/lib/alloy", type: "DirectoryOrCreate" } }],
            },
        });
        expect(valueAt(values, "alloy.clustering.enabled")).toBe(false);
        expect(valueAt(values, "alloy.mounts.varlog")).toBe(true);
        expect(valueAt(values, "alloy.mounts.extra")).toEqual([{ name: "storage", mountPath: "/var/lib/alloy" }]);
        expect(valueAt(values, "alloy.securityContext")).toEqual({ ...RESTRICTED, runAsUser: 0 });
        expect(valueAt(values, "global.podSecurityContext")).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
    });

    it("both: the mode's configuration escaped for tpl, no reporting, no CRD, no Service or ServiceMonitor", () => {
        for (const collection of MODES) {
            const values = alloyValues({ ...SETTINGS, collection });
            expect(valueAt(values, "alloy.configMap")).toEqual({
                create: true,
                content: escapeForTpl(alloyConfig(collection, PUSH)),
            });
            expect(values).toMatchObject({
                fullnameOverride: "alloy",
                crds: { create: false },
                alloy: { enableReporting: false, listenPort: 12345 },
                service: { enabled: false },
                serviceMonitor: { enabled: false },
                configReloader: { enabled: true, resources: ALLOY_CONFIG_RELOADER_RESOURCES },
            });
        }
    });

    it("grants pods only (and their logs in api mode), never Secrets or ConfigMaps, in two non-empty lists", () => {
        for (const collection of MODES) {
            const values = alloyValues({ ...SETTINGS, collection });
            expect(valueAt(values, "rbac.create")).toBe(true);
            const rules = [
                ...(valueAt(values, "rbac.rules") as Record<string, string[]>[]),
                ...(valueAt(values, "rbac.clusterRules") as Record<string, string[]>[]),
            ];
            expect((valueAt(values, "rbac.rules") as unknown[]).length).toBeGreaterThan(0);
            expect((valueAt(values, "rbac.clusterRules") as unknown[]).length).toBeGreaterThan(0);
            for (const rule of rules) {
                expect(rule.apiGroups).toEqual([""]);
                expect(["pods", "pods/log"]).toEqual(expect.arrayContaining(rule.resources));
                expect(["get", "list", "watch"]).toEqual(expect.arrayContaining(rule.verbs));
            }
            expect(JSON.stringify(values.rbac)).not.toMatch(/secrets|configmaps|nodes/);
        }
        expect(alloyRbacRules("api").clusterRules).toEqual([
            { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get"] },
        ]);
        expect(JSON.stringify(alloyRbacRules("node"))).not.toContain("pods/log");
    });

    it("sizes every running container where the pack reads them, counting per node or the Deployment's replicas", async () => {
        for (const values of VARIANTS) {
            const chart = fixture(K8sType.chartV4, "alloy-chart", { chart: PIN.chart, values });
            expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
            expect(await messages(platformDisallowLatestChartImageTag, [chart])).toEqual([]);
        }
        const running = (collection: LogCollection) =>
            PIN.containers
                .filter((c) => enabledIn(alloyValues({ ...SETTINGS, collection }), c))
                .map((c) => [c.name, c.replicas, c.resources]);
        expect(running("api")).toEqual([
            ["alloy (deployment)", { valuesPath: "controller.replicas", default: 1 }, "alloy.resources"],
            [
                "alloy/config-reloader (deployment)",
                { valuesPath: "controller.replicas", default: 1 },
                "configReloader.resources",
            ],
        ]);
        expect(running("node")).toEqual([
            ["alloy (per node)", { perNode: true }, "alloy.resources"],
            ["alloy/config-reloader (per node)", { perNode: true }, "configReloader.resources"],
        ]);
        const values = alloyValues(SETTINGS);
        expect(valueAt(values, "alloy.resources")).toEqual(withEphemeralStorage(ALLOY_DEFAULT_RESOURCES));
        expect(valueAt(values, "configReloader.resources")).toEqual(
            withEphemeralStorage(ALLOY_CONFIG_RELOADER_RESOURCES),
        );
    });

    it("pulls both images through the mirror as the templates compose them, and leaves the global empty", () => {
        for (const collection of MODES) {
            const values = alloyValues({ ...SETTINGS, collection, registryMirror: MIRROR });
            expect(values.image).toEqual({ registry: `${MIRROR}/docker.io`, repository: "grafana/alloy" });
            expect(valueAt(values, "configReloader.image")).toEqual({
                registry: `${MIRROR}/quay.io`,
                repository: "prometheus-operator/prometheus-config-reloader",
            });
            expect(valueAt(values, "global.image")).toBeUndefined();
            expect(chartImages({ chart: PIN.chart, values }).map((i) => i.image)).toEqual([
                `${MIRROR}/docker.io/grafana/alloy`,
                `${MIRROR}/quay.io/prometheus-operator/prometheus-config-reloader`,
            ]);
        }
        expect(chartImages({ chart: PIN.chart, values: alloyValues(SETTINGS) }).map((i) => i.image)).toEqual([
            "docker.io/grafana/alloy",
            "quay.io/prometheus-operator/prometheus-config-reloader",
        ]);
    });

    it("names the pods' labels from the chart's selector labels", () => {
        expect(alloyPodLabels()).toEqual({ "app.kubernetes.io/name": "alloy", "app.kubernetes.io/instance": "alloy" });
    });
});

describe("alloyProblem", () => {
    it("accepts both modes with an http or https push URL", () => {
        expect(alloyProblem("monitoring", SETTINGS)).toBeUndefined();
        expect(alloyProblem("log-agents", { ...SETTINGS, collection: "node" })).toBeUndefined();
        expect(alloyProblem("monitoring", { ...SETTINGS, lokiPushUrl: "https://logs.example.com/push" })).toBe(
            undefined,
        );
    });

    it.each([
        [{ collection: "files" as LogCollection }, 'args.collection "files" is neither "api" nor "node"'],
        [{ lokiPushUrl: "loki:3100" }, 'args.lokiPushUrl "loki:3100" is not an http(s) URL'],
        [{ lokiPushUrl: "ftp://loki/push" }, 'args.lokiPushUrl "ftp://loki/push" is not an http(s) URL'],
        [{ lokiPushUrl: 'http://loki/"x' }, 'args.lokiPushUrl "http://loki/\\"x" is not an http(s) URL'],
        [{ lokiPushUrl: "" }, 'args.lokiPushUrl "" is not an http(s) URL'],
        [
            { resources: { requests: { cpu: "1", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } } },
            "args.resources.requests.cpu 1 exceeds its limit 500m",
        ],
    ])("rejects %j", (change, message) => {
        expect(alloyProblem("monitoring", { ...SETTINGS, ...change })).toBe(message);
    });

    it("rejects a namespace that is not a name", () => {
        expect(alloyProblem("Log_Agents", SETTINGS)).toBe('args.namespace "Log_Agents" is not a namespace name');
    });
});
