import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayRef } from "../../../components/network/gateway-manifests";
import type { PrometheusStackArgs } from "../../../components/observability/prometheus-stack";
import { evaluatePolicies, PREVIEW_UNKNOWN } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { policies } from "../../../policy/pack";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:observability:PrometheusStack";
const CHART = "kubernetes:helm.sh/v4:Chart";
const SECRET = "kubernetes:core/v1:Secret";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const MIRROR = "harbor.platform.example.com/mirror"; // the prod profile's allowed mirror
const WEBHOOK_URL = "https://hooks.example.com/services/T000/B000/very-secret";
const SMTP_PASSWORD = "smtp-very-secret";

const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "grafana.example.com": "https-grafana-example-com" },
    proxy: { kind: "pods", name: "gateway", namespaces: ["envoy-gateway-system"], labels: {} },
};
const size = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
const ARGS: PrometheusStackArgs = {
    namespace: "monitoring",
    nodeExporterNamespace: "node-exporter",
    prometheus: {
        retention: "30d",
        retentionSize: "45GB",
        storage: { storageClass: "longhorn", size: "50Gi" },
        resources: size("500m", "2Gi"),
    },
    alertmanager: {
        receivers: [
            { name: "pager", severities: ["critical"], webhook: { url: pulumi.secret(WEBHOOK_URL) } },
            {
                name: "mail",
                severities: ["warning"],
                email: {
                    to: "ops@example.com",
                    from: "alertmanager@example.com",
                    smarthost: "smtp.example.com:587",
                    username: "alertmanager",
                    password: pulumi.secret(SMTP_PASSWORD),
                },
            },
        ],
        storage: { storageClass: "longhorn", size: "2Gi" },
        resources: size("20m", "64Mi"),
    },
    grafana: {
        hostname: "grafana.example.com",
        gateway: GATEWAY,
        resources: size("100m", "256Mi"),
        lokiUrl: "http://loki.monitoring.svc.cluster.local:3100",
    },
    protect: true,
    registryMirror: MIRROR,
    chartMirror: MIRROR,
};

type Exposed = Record<string, unknown>;

async function run(args: Partial<PrometheusStackArgs> = {}, inStack = false) {
    const { PrometheusStack } = await import("../../../components/observability/prometheus-stack");
    const { ClusterInventory, PriorityClasses } = await import("../../../components/cluster");
    let exposed: Exposed = {};
    const { resources } = await capture(() => {
        if (inStack) {
            // What the stack around it declares: the priority classes and an inventory governing "monitoring".
            new PriorityClasses("platform");
            const node = { role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 0 };
            new ClusterInventory("platform", {
                nodes: [1, 2, 3].map((i) => ({ ...node, name: `node${i}`, ip: `10.0.0.${20 + i}` })),
                capacity: { cpu: 48, memory: 3 * 64 * 2 ** 30, gpus: 0 },
                namespaces: ["monitoring"],
                offline: false,
                networks: ["10.0.0.0/24"],
            });
        }
        // Stands for cert-manager's readiness, which the stack must wait for.
        const certManager = new k8s.core.v1.ConfigMap("cert-manager-ready", {});
        exposed = { ...new PrometheusStack("monitoring", { ...ARGS, ...args }, { dependsOn: [certManager] }) };
    });
    return { resources, exposed };
}

const values = (r: CapturedResource) => r.inputs.values as Record<string, any>;
const revealed = (value: unknown) => JSON.stringify(value, (_k, v) => (v instanceof SecretValue ? v.value : v));

describe("PrometheusStack, protected and mirrored", () => {
    let resources: readonly CapturedResource[];
    let exposed: Exposed;

    beforeAll(async () => {
        ({ resources, exposed } = await run());
    });

    it("installs the pinned chart from the mirror as release kps, after its Secrets and cert-manager", () => {
        findResource(resources, COMPONENT, "monitoring");
        const chart = findResource(resources, CHART, "monitoring-chart");
        expect(chart.inputs).toMatchObject({
            chart: `oci://${MIRROR}/charts/kube-prometheus-stack`,
            version: "88.5.3",
            namespace: "monitoring",
            name: "kps",
        });
        expect(values(chart)).toMatchObject({
            fullnameOverride: "kps",
            prometheus: { prometheusSpec: { retention: "30d", retentionSize: "45GB" } },
            prometheusOperator: { admissionWebhooks: { certManager: { enabled: true }, patch: { enabled: false } } },
            "prometheus-node-exporter": { namespaceOverride: "node-exporter" },
        });
        expect(chart.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, SECRET, "monitoring-grafana-admin").urn,
                findResource(resources, SECRET, "monitoring-alertmanager-receivers").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "cert-manager-ready").urn,
            ]),
        );
    });

    it("takes Grafana's admin from a generated password in the grafana-admin Secret, never from values", () => {
        const passwords = ofType(resources, PASSWORD);
        expect(passwords.map((p) => p.name)).toEqual(["monitoring-grafana-admin-password"]);
        expect(passwords[0].inputs).toMatchObject({ length: 32, special: true, overrideSpecial: "-_.~" });
        const secret = findResource(resources, SECRET, "monitoring-grafana-admin");
        expect(secret.inputs.metadata).toMatchObject({ name: "grafana-admin", namespace: "monitoring" });
        expect(secret.inputs.stringData).toBeInstanceOf(SecretValue);
        // Its keys are unknown until the password exists; the chart names them (below).
        const grafana = values(findResource(resources, CHART, "monitoring-chart")).grafana;
        expect(grafana.admin).toEqual({
            existingSecret: "grafana-admin",
            userKey: "admin-user",
            passwordKey: "admin-password",
        });
        expect(grafana.adminPassword).toBeUndefined();
    });

    it("keeps the receivers' URL and password only in the mounted Secret, as secrets", () => {
        const secret = findResource(resources, SECRET, "monitoring-alertmanager-receivers");
        expect(secret.inputs.metadata).toMatchObject({ name: "alertmanager-receivers", namespace: "monitoring" });
        expect(secret.inputs.stringData).toBeInstanceOf(SecretValue);
        expect(JSON.parse(revealed(secret.inputs.stringData))).toEqual({
            "pager-webhook-url": WEBHOOK_URL,
            "mail-email-password": SMTP_PASSWORD,
        });
        const chart = findResource(resources, CHART, "monitoring-chart");
        expect(values(chart).alertmanager.alertmanagerSpec.volumes).toEqual([
            { name: "receiver-secrets", secret: { secretName: "alertmanager-receivers" } },
        ]);
        const text = revealed(chart.inputs);
        expect(text).not.toContain(WEBHOOK_URL);
        expect(text).not.toContain(SMTP_PASSWORD);
        expect(JSON.stringify(chart.inputs)).not.toContain(PREVIEW_UNKNOWN);
        expect(JSON.stringify(chart.inputs, (_k, v) => (v instanceof SecretValue ? "SECRET" : v))).not.toContain(
            "SECRET",
        );
    });

    it("routes the hostname to Grafana's Service on the shared Gateway's listener, after the chart", () => {
        const route = findResource(resources, ROUTE, "monitoring-grafana-route");
        expect(route.inputs.metadata).toMatchObject({ name: "grafana", namespace: "monitoring" });
        expect(route.inputs.spec).toEqual({
            parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https-grafana-example-com" }],
            hostnames: ["grafana.example.com"],
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/" } }],
                    backendRefs: [{ name: "kps-grafana", port: 80 }],
                },
            ],
        });
        expect(route.dependencies).toContain(findResource(resources, CHART, "monitoring-chart").urn);
    });

    it("exposes the Grafana URL, the Services, the pod labels and the ports flows need", () => {
        expect(exposed).toMatchObject({
            grafanaUrl: "https://grafana.example.com/",
            namespace: "monitoring",
            grafanaService: { name: "kps-grafana", port: 80, targetPort: 3000 },
            prometheusService: { name: "kps-prometheus", port: 9090 },
            alertmanagerService: { name: "kps-alertmanager", port: 9093 },
            kubeStateMetricsPort: 8080,
            nodeExporterPort: 9100,
            operatorWebhookPort: 10250,
            configReloaderPort: 8080,
            podLabels: {
                prometheus: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": "kps-prometheus" },
                alertmanager: {
                    "app.kubernetes.io/name": "alertmanager",
                    "app.kubernetes.io/instance": "kps-alertmanager",
                },
                grafana: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "kps" },
                operator: { app: "kube-prometheus-stack-operator", release: "kps" },
                kubeStateMetrics: {
                    "app.kubernetes.io/name": "kube-state-metrics",
                    "app.kubernetes.io/instance": "kps",
                },
                nodeExporter: {
                    "app.kubernetes.io/name": "prometheus-node-exporter",
                    "app.kubernetes.io/instance": "kps",
                },
            },
        });
    });

    it("protects and retains the chart and Grafana's admin Secret, protects the password, and nothing else", () => {
        const kept = resources
            .filter((r) => r.options.retainOnDelete)
            .map((r) => r.name)
            .sort();
        expect(kept).toEqual(["monitoring-chart", "monitoring-grafana-admin"]);
        const protectedOnly = resources.filter((r) => r.options.protect && !r.options.retainOnDelete);
        expect(protectedOnly.map((r) => r.type)).toEqual([PASSWORD]);
    });
});

describe("the policy pack on a PrometheusStack", () => {
    it("finds no violation under the prod profile but the password Secret it cannot read before the password exists", async () => {
        const { resources } = await run({}, true);
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        const judged = violations.filter((v) => !v.message.startsWith("can't run policy during preview"));
        expect(judged.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
        expect(violations.map((v) => v.urn)).toEqual(
            violations.map(() => findResource(resources, SECRET, "monitoring-grafana-admin").urn),
        );
    });
});

describe("PrometheusStack unprotected, from upstream", () => {
    it("pulls the chart from its repository, keeps the upstream images and protects nothing", async () => {
        const { resources } = await run({ protect: false, registryMirror: undefined, chartMirror: undefined });
        const chart = findResource(resources, CHART, "monitoring-chart");
        expect(chart.inputs).toMatchObject({
            chart: "kube-prometheus-stack",
            repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
        });
        expect(values(chart).prometheus.prometheusSpec.image).toBeUndefined();
        expect(resources.filter((r) => r.options.protect || r.options.retainOnDelete)).toEqual([]);
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("PrometheusStack args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [
            "a receiver with two channels",
            {
                alertmanager: {
                    ...ARGS.alertmanager,
                    receivers: [{ name: "x", severities: ["critical"], webhook: { url: "a" }, slack: { url: "b" } }],
                },
            },
            /args\.alertmanager\.receivers\[0\] "x" has webhook and slack/,
        ],
        [
            "duplicate receiver names",
            {
                alertmanager: {
                    ...ARGS.alertmanager,
                    receivers: [ARGS.alertmanager.receivers[0], ARGS.alertmanager.receivers[0]],
                },
            },
            /args\.alertmanager\.receivers\[1\] "pager": the name is also args\.alertmanager\.receivers\[0\]'s$/,
        ],
        [
            "a hostname the Gateway does not serve",
            { grafana: { ...ARGS.grafana, hostname: "metrics.example.com" } },
            /args\.grafana\.hostname metrics\.example\.com is not served by Gateway platform \(grafana\.example\.com\)$/,
        ],
        [
            "a retention size beyond the claim",
            { prometheus: { ...ARGS.prometheus, retentionSize: "60GB" } },
            /args\.prometheus\.retentionSize 60GB exceeds the 50Gi claim/,
        ],
    ] as [string, Partial<PrometheusStackArgs>, RegExp][])(
        "rejects %s as a ResourceError naming the component",
        async (_case, change, message) => {
            const { PrometheusStack } = await import("../../../components/observability/prometheus-stack");
            expect(() => new PrometheusStack("monitoring", { ...ARGS, ...change })).toThrow(
                /^PrometheusStack monitoring: /,
            );
            expect(() => new PrometheusStack("monitoring", { ...ARGS, ...change })).toThrow(message);
        },
    );
});
