import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import type { AlertReceiver } from "../../../components/observability/alertmanager-config";
import { alertmanagerConfig } from "../../../components/observability/alertmanager-config";
import {
    ALERTMANAGER_SERVICE,
    GRAFANA_SERVICE,
    PROMETHEUS_SERVICE,
    PROMETHEUS_STACK_HELPER_RESOURCES,
    PROMETHEUS_STACK_POD_LABELS,
    prometheusStackProblem,
    prometheusStackValues,
    type PrometheusStackSettings,
} from "../../../components/observability/prometheus-stack-values";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { CHARTS, enabledIn, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.kubePrometheusStack;
const MIRROR = "harbor.example.com/mirror";
const SECRET_URL = "https://hooks.example.com/services/T000/B000/very-secret";
const size = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
const RECEIVERS: readonly AlertReceiver[] = [
    { name: "pager", severities: ["critical"], webhook: { url: SECRET_URL } },
    { name: "chat", severities: ["critical", "warning"], slack: { url: SECRET_URL, channel: "#alerts" } },
];
const SETTINGS: PrometheusStackSettings = {
    nodeExporterNamespace: "node-exporter",
    prometheus: {
        retention: "7d",
        retentionSize: "4GB",
        storage: { storageClass: "local-path", size: "5Gi" },
        resources: size("200m", "768Mi"),
    },
    alertmanager: {
        receivers: RECEIVERS,
        storage: { storageClass: "local-path", size: "1Gi" },
        resources: size("20m", "64Mi"),
    },
    grafana: { hostname: "grafana.example.com", resources: size("50m", "192Mi") },
};

/** Every combination of the settings that change the values' shape. */
const VARIANTS = [undefined, MIRROR].flatMap((registryMirror) =>
    [undefined, "http://loki.monitoring.svc.cluster.local:3100"].flatMap((lokiUrl) =>
        [[], RECEIVERS].map((receivers) =>
            prometheusStackValues({
                ...SETTINGS,
                registryMirror,
                grafana: { ...SETTINGS.grafana, lokiUrl },
                alertmanager: { ...SETTINGS.alertmanager, receivers },
            }),
        ),
    ),
);
const VALUES = prometheusStackValues(SETTINGS);
const MIRRORED = prometheusStackValues({ ...SETTINGS, registryMirror: MIRROR });

describe("kube-prometheus-stack chart values", () => {
    it("sets only keys the chart's stored 88.5.3 defaults (subcharts included) have, and passes their schemas", () => {
        expect(VARIANTS).toHaveLength(8);
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(chartValuesProblems(checkFor(PIN, { grafana: { adminPasword: "x" } }))).toEqual([
            expect.stringContaining("values path grafana.adminPasword is neither a key"),
        ]);
    });

    it("selects every monitor, rule, probe and scrape config in every namespace", () => {
        const spec = valueAt(VALUES, "prometheus.prometheusSpec") as Record<string, unknown>;
        for (const kind of ["rule", "serviceMonitor", "podMonitor", "probe", "scrapeConfig"]) {
            expect(spec[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
            expect(spec[`${kind}Selector`]).toEqual({});
            expect(spec[`${kind}NamespaceSelector`]).toEqual({});
        }
    });

    it("keeps the retention and size the args give, on claims of the given class", () => {
        expect(valueAt(VALUES, "prometheus.prometheusSpec")).toMatchObject({
            replicas: 1,
            retention: "7d",
            retentionSize: "4GB",
            storageSpec: {
                volumeClaimTemplate: {
                    spec: {
                        storageClassName: "local-path",
                        accessModes: ["ReadWriteOnce"],
                        resources: { requests: { storage: "5Gi" } },
                    },
                },
            },
        });
        expect(valueAt(VALUES, "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec")).toEqual({
            storageClassName: "local-path",
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "1Gi" } },
        });
    });

    it("sizes every container the values run where the pin and the pack's chart rule read them", async () => {
        for (const values of VARIANTS) {
            const chart = fixture(K8sType.chartV4, "monitoring-chart", { chart: PIN.chart, values });
            expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
        }
        const running = PIN.containers.filter((c) => enabledIn(VALUES, c));
        expect(running.map((c) => c.name)).toEqual([
            "prometheus",
            "prometheus/config-reloader",
            "prometheus/init-config-reloader",
            "alertmanager",
            "alertmanager/config-reloader",
            "alertmanager/init-config-reloader",
            "prometheus-operator",
            "kube-state-metrics",
            "node-exporter",
            "grafana",
            "grafana/grafana-sc-dashboard",
            "grafana/grafana-sc-datasources",
        ]);
        const resourcesOf = (name: string) => valueAt(VALUES, running.find((c) => c.name === name)!.resources);
        expect(resourcesOf("prometheus")).toEqual(withEphemeralStorage(SETTINGS.prometheus.resources));
        expect(resourcesOf("alertmanager")).toEqual(withEphemeralStorage(SETTINGS.alertmanager.resources));
        expect(resourcesOf("grafana")).toEqual(withEphemeralStorage(SETTINGS.grafana.resources));
        // The reloaders' resources become cpu/memory flags: their ephemeral storage is the LimitRange's default.
        expect(resourcesOf("prometheus/config-reloader")).toEqual(PROMETHEUS_STACK_HELPER_RESOURCES.configReloader);
        expect(running.find((c) => c.name === "prometheus/config-reloader")!.ephemeralStorage).toBe("limitRange");
        expect(resourcesOf("node-exporter")).toEqual(
            withEphemeralStorage(PROMETHEUS_STACK_HELPER_RESOURCES.nodeExporter),
        );
        expect(running.find((c) => c.name === "node-exporter")!.replicas).toEqual({ perNode: true });
    });

    it("pulls every image the values run through the mirror, as <mirror>/<upstream registry> + repository", () => {
        const running = PIN.images.filter((i) => enabledIn(MIRRORED, i));
        expect(running.map((i) => i.path)).toEqual([
            "prometheus.prometheusSpec.image",
            "alertmanager.alertmanagerSpec.image",
            "prometheusOperator.image",
            "prometheusOperator.prometheusConfigReloader.image",
            "prometheusOperator.thanosImage",
            "kube-state-metrics.image",
            "prometheus-node-exporter.image",
            "grafana.image",
            "grafana.sidecar.image",
        ]);
        for (const image of running) {
            expect(valueAt(MIRRORED, image.path)).toEqual({
                registry: `${MIRROR}/${image.upstream.registry}`,
                repository: image.upstream.repository,
            });
        }
        const found = chartImages({ chart: PIN.chart, values: MIRRORED });
        expect(found.map((i) => i.image)).toEqual(
            running.map((i) => `${MIRROR}/${i.upstream.registry}/${i.upstream.repository}`),
        );
        expect(valueAt(MIRRORED, "global.imageRegistry")).toBeUndefined();
        expect(chartImages({ chart: PIN.chart, values: VALUES }).map((i) => i.image)).toEqual(
            running.map((i) => `${i.upstream.registry}/${i.upstream.repository}`),
        );
    });

    it("routes alerts from the receivers in values, mounting the Secret their URLs are in, none inline", () => {
        expect(valueAt(VALUES, "alertmanager.config")).toEqual(alertmanagerConfig(RECEIVERS));
        expect(valueAt(VALUES, "alertmanager.alertmanagerSpec")).toMatchObject({
            replicas: 1,
            retention: "120h",
            useExistingSecret: false,
            volumes: [{ name: "receiver-secrets", secret: { secretName: "alertmanager-receivers" } }],
            volumeMounts: [{ name: "receiver-secrets", mountPath: "/etc/alertmanager/receivers", readOnly: true }],
        });
        for (const values of VARIANTS) {
            expect(JSON.stringify(values)).not.toContain(SECRET_URL);
            expect(JSON.stringify(values)).not.toContain("hooks.example.com");
        }
    });

    it("serves the operator's webhooks with a cert-manager certificate and no hook Jobs", () => {
        expect(valueAt(VALUES, "prometheusOperator")).toMatchObject({
            enabled: true,
            tls: { enabled: true, internalPort: 10250 },
            admissionWebhooks: {
                enabled: true,
                failurePolicy: "Fail",
                certManager: { enabled: true },
                patch: { enabled: false },
                deployment: { enabled: false },
            },
        });
    });

    it("runs kube-state-metrics and node-exporter (in its own namespace, on every node), not the rest", () => {
        expect(VALUES).toMatchObject({
            fullnameOverride: "kps",
            crds: { enabled: true },
            windowsMonitoring: { enabled: false },
            thanosRuler: { enabled: false },
            kubeEtcd: { enabled: false },
            kubeScheduler: { enabled: false },
            kubeControllerManager: { enabled: false },
            kubeProxy: { enabled: false },
            kubeStateMetrics: { enabled: true },
            nodeExporter: { enabled: true },
            "prometheus-node-exporter": {
                namespaceOverride: "node-exporter",
                tolerations: [{ operator: "Exists" }],
            },
        });
        expect(valueAt(VALUES, "kubeApiServer")).toBeUndefined();
        expect(valueAt(VALUES, "kubelet")).toBeUndefined();
    });

    it("gives every pod but node-exporter restricted-compatible security settings", () => {
        const restrictedContainer = {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        };
        const nonRootPod = { runAsNonRoot: true };
        for (const path of ["prometheus.prometheusSpec", "alertmanager.alertmanagerSpec"]) {
            expect(valueAt(VALUES, `${path}.securityContext`)).toMatchObject({
                ...nonRootPod,
                seccompProfile: { type: "RuntimeDefault" },
            });
        }
        for (const path of ["prometheusOperator", "kube-state-metrics"]) {
            expect(valueAt(VALUES, `${path}.securityContext`)).toMatchObject({
                ...nonRootPod,
                seccompProfile: { type: "RuntimeDefault" },
            });
            expect(valueAt(VALUES, `${path}.containerSecurityContext`)).toMatchObject(restrictedContainer);
        }
        expect(valueAt(VALUES, "grafana.securityContext")).toMatchObject(nonRootPod);
        for (const path of ["grafana.containerSecurityContext", "grafana.sidecar.securityContext"]) {
            expect(valueAt(VALUES, path)).toMatchObject({
                ...restrictedContainer,
                seccompProfile: { type: "RuntimeDefault" },
            });
        }
    });

    it("takes Grafana's admin from the Secret, dashboards from every namespace, and the three datasources", () => {
        const grafana = valueAt(VALUES, "grafana") as Record<string, unknown>;
        expect(grafana).toMatchObject({
            admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
            ingress: { enabled: false },
            testFramework: { enabled: false },
            env: {
                GF_SERVER_ROOT_URL: "https://grafana.example.com/",
                GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
                GF_ANALYTICS_REPORTING_ENABLED: "false",
            },
            sidecar: {
                dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" },
                datasources: {
                    isDefaultDatasource: true,
                    uid: "prometheus",
                    alertmanager: { enabled: true, uid: "alertmanager" },
                },
            },
            additionalDataSources: [],
        });
        expect(grafana.adminPassword).toBeUndefined();
        const withLoki = prometheusStackValues({
            ...SETTINGS,
            grafana: { ...SETTINGS.grafana, lokiUrl: "http://loki.monitoring.svc.cluster.local:3100" },
        });
        expect(valueAt(withLoki, "grafana.additionalDataSources")).toEqual([
            {
                name: "Loki",
                type: "loki",
                uid: "loki",
                access: "proxy",
                url: "http://loki.monitoring.svc.cluster.local:3100",
                isDefault: false,
            },
        ]);
    });

    it("names the Services and pod labels after the fixed release", () => {
        expect([PROMETHEUS_SERVICE, ALERTMANAGER_SERVICE, GRAFANA_SERVICE]).toEqual([
            { name: "kps-prometheus", port: 9090, targetPort: 9090 },
            { name: "kps-alertmanager", port: 9093, targetPort: 9093 },
            { name: "kps-grafana", port: 80, targetPort: 3000, portName: "http-web" },
        ]);
        expect(PROMETHEUS_STACK_POD_LABELS).toMatchObject({
            prometheus: { "app.kubernetes.io/instance": "kps-prometheus" },
            operator: { app: "kube-prometheus-stack-operator", release: "kps" },
            nodeExporter: { "app.kubernetes.io/name": "prometheus-node-exporter", "app.kubernetes.io/instance": "kps" },
        });
    });
});

describe("prometheusStackProblem", () => {
    it("accepts the settings", () => {
        expect(prometheusStackProblem("monitoring", SETTINGS)).toBeUndefined();
    });

    const prometheus = (change: Partial<PrometheusStackSettings["prometheus"]>) => ({
        prometheus: { ...SETTINGS.prometheus, ...change },
    });
    it.each([
        [
            "a retention that is not a duration",
            prometheus({ retention: "7 days" }),
            /^args\.prometheus\.retention "7 days" is not a positive duration/,
        ],
        [
            "a zero retention",
            prometheus({ retention: "0d" }),
            /^args\.prometheus\.retention "0d" is not a positive duration/,
        ],
        [
            "a retentionSize in Kubernetes units",
            prometheus({ retentionSize: "4Gi" }),
            /^args\.prometheus\.retentionSize "4Gi" is not a positive size/,
        ],
        [
            "a retentionSize beyond the claim",
            prometheus({ retentionSize: "6GB" }),
            /^args\.prometheus\.retentionSize 6GB exceeds the 5Gi claim/,
        ],
        [
            "an empty storage class",
            prometheus({ storage: { storageClass: "", size: "5Gi" } }),
            /^args\.prometheus\.storage\.storageClass is empty$/,
        ],
        [
            "a claim size that is not a quantity",
            { alertmanager: { ...SETTINGS.alertmanager, storage: { storageClass: "longhorn", size: "none" } } },
            /^args\.alertmanager\.storage\.size "none" is not a positive quantity$/,
        ],
        [
            "requests above limits",
            prometheus({ resources: { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }),
            /^args\.prometheus\.resources\.requests\.cpu 2 exceeds its limit 1$/,
        ],
        [
            "a receiver with no channel",
            { alertmanager: { ...SETTINGS.alertmanager, receivers: [{ name: "x", severities: ["warning"] }] } },
            /^args\.alertmanager\.receivers\[0\] "x" has none of webhook, slack or email$/,
        ],
        [
            "node-exporter in the restricted namespace",
            { nodeExporterNamespace: "monitoring" },
            /^args\.nodeExporterNamespace must not be args\.namespace/,
        ],
        [
            "a hostname without a domain",
            { grafana: { ...SETTINGS.grafana, hostname: "grafana" } },
            /^args\.grafana\.hostname "grafana" is not a/,
        ],
        [
            "a Loki URL without a scheme",
            { grafana: { ...SETTINGS.grafana, lokiUrl: "loki:3100" } },
            /^args\.grafana\.lokiUrl "loki:3100" is not an http\(s\) URL$/,
        ],
    ])("rejects %s", (_case, change, message) => {
        expect(prometheusStackProblem("monitoring", { ...SETTINGS, ...change } as PrometheusStackSettings)).toMatch(
            message,
        );
    });

    it("rejects a namespace that is not a name", () => {
        expect(prometheusStackProblem("Monitoring", SETTINGS)).toBe(
            'args.namespace "Monitoring" is not a namespace name',
        );
    });
});
