// The kube-prometheus-stack values as a pure function of the stack's settings, with the names, ports and pod labels
// the chart gives its objects under them (the release name and fullnameOverride are fixed, so these are too).
import { parseQuantity } from "../../contract/quantity";
import { CHARTS, withMirroredRegistries } from "../../contract/versions";
import { resourcesProblem } from "../data/mariadb-manifests";
import type { ContainerResources } from "../tenancy/manifests";
import {
    ALERTMANAGER_RECEIVERS_SECRET,
    ALERTMANAGER_SECRETS_DIR,
    alertmanagerConfig,
    alertReceiversProblem,
    type AlertReceiver,
} from "./alertmanager-config";
import { grafanaValues } from "./grafana";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/**
 * The Helm release name and the chart's `fullnameOverride`: every object is named after it (`kps-prometheus`,
 * `kps-operator`, ...), and the subcharts' `app.kubernetes.io/instance` label is the release name.
 */
export const KPS_RELEASE = "kps";

/** A Service the chart declares: its name, its port, and the container port behind it (for NetworkPolicies). */
export interface StackService {
    readonly name: string;
    readonly port: number;
    readonly targetPort: number;
}

/** `<fullname>-prometheus` (kps templates/prometheus/service.yaml, `prometheus.service.port` 9090). */
export const PROMETHEUS_SERVICE: StackService = { name: `${KPS_RELEASE}-prometheus`, port: 9090, targetPort: 9090 };
/** `<fullname>-alertmanager` (templates/alertmanager/service.yaml, `alertmanager.service.port` 9093). */
export const ALERTMANAGER_SERVICE: StackService = { name: `${KPS_RELEASE}-alertmanager`, port: 9093, targetPort: 9093 };
/**
 * grafana's `grafana.fullname`: `<release>-grafana`, the release name not containing "grafana"; port 80 (named
 * `http-web` by kps) to the container's 3000 (grafana values `service.port` / `targetPort`).
 */
export const GRAFANA_SERVICE: StackService & { readonly portName: string } = {
    name: `${KPS_RELEASE}-grafana`,
    port: 80,
    targetPort: 3000,
    portName: "http-web",
};

/** kube-state-metrics' metrics port (container port `http`, the Service's 8080). */
export const KUBE_STATE_METRICS_PORT = 8080;
/** node-exporter's metrics port, on the node's address (host network). */
export const NODE_EXPORTER_PORT = 9100;
/**
 * The operator's HTTPS port (`prometheusOperator.tls.internalPort`): the API server calls its webhooks there, and
 * Prometheus scrapes the operator's metrics there too (kps's operator ServiceMonitor, port `https`).
 */
export const OPERATOR_WEBHOOK_PORT = 10250;
/**
 * The config reloaders' metrics port (`reloader-web`, prometheus-operator pkg/operator/config_reloader.go) in the
 * Prometheus and Alertmanager pods, which kps's ServiceMonitors for both scrape.
 */
export const CONFIG_RELOADER_PORT = 8080;

/** The labels of each kind of pod the stack runs, for NetworkPolicy flows. */
export interface PrometheusStackPodLabels {
    readonly prometheus: Readonly<Record<string, string>>;
    readonly alertmanager: Readonly<Record<string, string>>;
    readonly grafana: Readonly<Record<string, string>>;
    readonly operator: Readonly<Record<string, string>>;
    readonly kubeStateMetrics: Readonly<Record<string, string>>;
    readonly nodeExporter: Readonly<Record<string, string>>;
}

/**
 * Selector labels of every pod, each set one its own workload selects on:
 * - prometheus, alertmanager: the operator's `makeSelectorLabels(<CR name>)` (prometheus-operator v0.93
 *   pkg/prometheus/server/operator.go, pkg/alertmanager/operator.go), CR names `<fullname>-prometheus` and
 *   `<fullname>-alertmanager`; a subset of the labels it sets.
 * - operator: kps templates/prometheus-operator/deployment.yaml `spec.selector` (`app: <chart name>-operator`,
 *   `release`).
 * - grafana, kube-state-metrics, node-exporter: each subchart's `<chart>.selectorLabels` helper (grafana 12.11.1,
 *   kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1): the chart name and the release name.
 */
export const PROMETHEUS_STACK_POD_LABELS: PrometheusStackPodLabels = {
    prometheus: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": PROMETHEUS_SERVICE.name },
    alertmanager: {
        "app.kubernetes.io/name": "alertmanager",
        "app.kubernetes.io/instance": ALERTMANAGER_SERVICE.name,
    },
    grafana: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": KPS_RELEASE },
    operator: { app: "kube-prometheus-stack-operator", release: KPS_RELEASE },
    kubeStateMetrics: { "app.kubernetes.io/name": "kube-state-metrics", "app.kubernetes.io/instance": KPS_RELEASE },
    nodeExporter: { "app.kubernetes.io/name": "prometheus-node-exporter", "app.kubernetes.io/instance": KPS_RELEASE },
};

/**
 * Requests and limits of the containers the stack runs beside Prometheus, Alertmanager and Grafana, small enough
 * for stage's 2.5 GiB workers: the operator; each config reloader (and its init container) in the Prometheus and
 * Alertmanager pods; kube-state-metrics (a small cluster's objects); node-exporter (on every node); each of
 * Grafana's two sidecars.
 */
export const PROMETHEUS_STACK_HELPER_RESOURCES = {
    operator: { requests: { cpu: "20m", memory: "96Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    configReloader: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    kubeStateMetrics: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "192Mi" } },
    nodeExporter: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "96Mi" } },
    grafanaSidecar: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "160Mi" } },
} as const satisfies Record<string, ContainerResources>;

/** A claim's class and size. */
export interface ClaimSettings {
    readonly storageClass: string;
    readonly size: string;
}

/** What the chart values depend on: PrometheusStackArgs without the Pulumi-only parts. */
export interface PrometheusStackSettings {
    readonly nodeExporterNamespace: string;
    readonly prometheus: {
        readonly retention: string;
        readonly retentionSize: string;
        readonly storage: ClaimSettings;
        readonly resources: ContainerResources;
    };
    readonly alertmanager: {
        readonly receivers: readonly AlertReceiver[];
        readonly storage: ClaimSettings;
        readonly resources: ContainerResources;
    };
    readonly grafana: { readonly hostname: string; readonly resources: ContainerResources; readonly lokiUrl?: string };
    readonly registryMirror?: string;
}

/** A ReadWriteOnce claim template on the class (a StorageSpec). */
function claim(storage: ClaimSettings): Record<string, unknown> {
    return {
        volumeClaimTemplate: {
            spec: {
                storageClassName: storage.storageClass,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: storage.size } },
            },
        },
    };
}

/** The Alertmanager pod's volume of the receivers' Secret. */
const RECEIVERS_VOLUME = "receiver-secrets";

/** The operator's pods (Prometheus, Alertmanager) as the chart defaults them: uid 1000, gid 2000, seccomp. */
const OPERATED_POD_SECURITY = {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 2000,
    fsGroup: 2000,
    seccompProfile: { type: "RuntimeDefault" },
};
/** The chart's `nobody` pods (operator, kube-state-metrics), with the runtime's seccomp profile. */
const NOBODY_POD_SECURITY = {
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    fsGroup: 65534,
    seccompProfile: { type: "RuntimeDefault" },
};
const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
};

/**
 * Every selector of the Prometheus resource empty and not defaulted to the release's label, so it picks up every
 * ServiceMonitor, PodMonitor, PrometheusRule, Probe and ScrapeConfig in every namespace (the platform's carry no
 * `release` label).
 */
function selectEverything(): Record<string, unknown> {
    const kinds = ["rule", "serviceMonitor", "podMonitor", "probe", "scrapeConfig"];
    return Object.fromEntries(
        kinds.flatMap((kind) => [
            [`${kind}SelectorNilUsesHelmValues`, false],
            [`${kind}Selector`, {}],
            [`${kind}NamespaceSelector`, {}],
        ]),
    );
}

/**
 * Helm values for kube-prometheus-stack: fixed names; the CRDs; one Prometheus keeping `retention` and at most
 * `retentionSize` on its claim, selecting everything; one Alertmanager on its claim, its routing from the receivers
 * and their URLs and passwords mounted from ALERTMANAGER_RECEIVERS_SECRET; the operator serving its webhooks with a
 * cert-manager certificate (the chart's certificate Jobs are Helm hooks, which Chart v4 never runs);
 * kube-state-metrics; node-exporter in its own namespace on every node; Grafana (grafana.ts); explicit resources
 * and restricted security settings for every pod but node-exporter; every image through the mirror when set.
 */
export function prometheusStackValues(settings: PrometheusStackSettings): Record<string, unknown> {
    const reloader = PROMETHEUS_STACK_HELPER_RESOURCES.configReloader;
    const values: Record<string, unknown> = {
        fullnameOverride: KPS_RELEASE,
        crds: { enabled: true },
        windowsMonitoring: { enabled: false },
        thanosRuler: { enabled: false },
        // kubeadm binds etcd's metrics, the scheduler, the controller manager and kube-proxy's metrics to
        // 127.0.0.1, so Prometheus cannot reach them and their Down alerts would fire forever; their monitors and
        // rule groups stay off until kubeadm binds them elsewhere. The API server, kubelet and CoreDNS stay on.
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeProxy: { enabled: false },
        prometheusOperator: {
            enabled: true,
            resources: withEphemeralStorage(PROMETHEUS_STACK_HELPER_RESOURCES.operator),
            prometheusConfigReloader: { resources: reloader },
            securityContext: NOBODY_POD_SECURITY,
            containerSecurityContext: RESTRICTED_CONTAINER,
            tls: { enabled: true, internalPort: OPERATOR_WEBHOOK_PORT },
            admissionWebhooks: {
                enabled: true,
                // Rejects a PrometheusRule that does not parse; writes of them fail while the operator is down.
                failurePolicy: "Fail",
                certManager: { enabled: true },
                patch: { enabled: false },
                deployment: { enabled: false },
            },
        },
        prometheus: {
            enabled: true,
            prometheusSpec: {
                replicas: 1,
                retention: settings.prometheus.retention,
                retentionSize: settings.prometheus.retentionSize,
                resources: withEphemeralStorage(settings.prometheus.resources),
                securityContext: OPERATED_POD_SECURITY,
                storageSpec: claim(settings.prometheus.storage),
                ...selectEverything(),
            },
        },
        alertmanager: {
            enabled: true,
            config: alertmanagerConfig(settings.alertmanager.receivers),
            alertmanagerSpec: {
                replicas: 1,
                // Silences and the notification log; the CRD takes no days.
                retention: "120h",
                resources: withEphemeralStorage(settings.alertmanager.resources),
                securityContext: OPERATED_POD_SECURITY,
                storage: claim(settings.alertmanager.storage),
                useExistingSecret: false,
                // A volume rather than `secrets` (a list of Secret names the operator mounts): the pack's chart
                // password rule reads a plain string under `secrets` as a secret value.
                volumes: [{ name: RECEIVERS_VOLUME, secret: { secretName: ALERTMANAGER_RECEIVERS_SECRET } }],
                volumeMounts: [{ name: RECEIVERS_VOLUME, mountPath: ALERTMANAGER_SECRETS_DIR, readOnly: true }],
            },
        },
        kubeStateMetrics: { enabled: true },
        "kube-state-metrics": {
            replicas: 1,
            resources: withEphemeralStorage(PROMETHEUS_STACK_HELPER_RESOURCES.kubeStateMetrics),
            securityContext: { enabled: true, ...NOBODY_POD_SECURITY },
            containerSecurityContext: RESTRICTED_CONTAINER,
            kubeRBACProxy: { enabled: false },
        },
        nodeExporter: { enabled: true },
        // Host network, PID and root file system: privileged, so in a namespace of its own. It tolerates every
        // taint, so control-plane and GPU nodes report too.
        "prometheus-node-exporter": {
            namespaceOverride: settings.nodeExporterNamespace,
            resources: withEphemeralStorage(PROMETHEUS_STACK_HELPER_RESOURCES.nodeExporter),
            tolerations: [{ operator: "Exists" }],
            kubeRBACProxy: { enabled: false },
        },
        grafana: grafanaValues({
            ...settings.grafana,
            sidecarResources: PROMETHEUS_STACK_HELPER_RESOURCES.grafanaSidecar,
        }),
    };
    const classed = withPriorityClass(values, CHARTS.kubePrometheusStack, PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredRegistries(classed, CHARTS.kubePrometheusStack, settings.registryMirror);
}

/** Prometheus' TSDB duration (the Prometheus CRD's pattern), positive. */
const DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
/** Prometheus' byte size (the CRD's pattern), read in base 2 whatever the prefix (`GB` is GiB). */
const BYTE_SIZE = /^(([0-9]*[.])?[0-9]+)((K|M|G|T|P|E)i?)?B$/;
const BASE2 = { "": 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 } as const;

/** Bytes of a Prometheus size, or undefined when it is not one. */
function byteSize(size: string): number | undefined {
    const match = BYTE_SIZE.exec(size);
    if (match === null) {
        return undefined;
    }
    const prefix = (match[4] ?? "") as keyof typeof BASE2;
    return Number(match[1]) * 1024 ** BASE2[prefix];
}

function claimProblem(field: string, storage: ClaimSettings): string | undefined {
    if (storage.storageClass.trim() === "") {
        return `${field}.storageClass is empty`;
    }
    const size = parseQuantity(storage.size);
    return size === undefined || size === 0
        ? `${field}.size ${JSON.stringify(storage.size)} is not a positive quantity`
        : undefined;
}

function retentionProblem(prometheus: PrometheusStackSettings["prometheus"]): string | undefined {
    const { retention, retentionSize } = prometheus;
    if (retention === "" || !DURATION.test(retention) || /^0+[a-z]*$/.test(retention)) {
        return `args.prometheus.retention ${JSON.stringify(retention)} is not a positive duration such as 15d`;
    }
    const bytes = byteSize(retentionSize);
    if (bytes === undefined || bytes === 0) {
        return `args.prometheus.retentionSize ${JSON.stringify(retentionSize)} is not a positive size such as 45GB`;
    }
    const claimed = parseQuantity(prometheus.storage.size) ?? 0;
    return bytes > claimed
        ? `args.prometheus.retentionSize ${retentionSize} exceeds the ${prometheus.storage.size} claim (Prometheus reads GB as GiB)`
        : undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Why the settings cannot work (the first problem, naming the arg), or undefined. */
export function prometheusStackProblem(namespace: string, settings: PrometheusStackSettings): string | undefined {
    const namespaceProblem = (field: string, value: string) =>
        DNS_LABEL.test(value) && value.length <= 63
            ? undefined
            : `${field} ${JSON.stringify(value)} is not a namespace name`;
    const lokiUrl = settings.grafana.lokiUrl;
    const checks: (() => string | undefined)[] = [
        () => namespaceProblem("args.namespace", namespace),
        () => namespaceProblem("args.nodeExporterNamespace", settings.nodeExporterNamespace),
        () =>
            settings.nodeExporterNamespace === namespace
                ? "args.nodeExporterNamespace must not be args.namespace: node-exporter needs a privileged namespace"
                : undefined,
        () => claimProblem("args.prometheus.storage", settings.prometheus.storage),
        () => retentionProblem(settings.prometheus),
        () => resourcesProblem("args.prometheus.resources", settings.prometheus.resources),
        () => claimProblem("args.alertmanager.storage", settings.alertmanager.storage),
        () => resourcesProblem("args.alertmanager.resources", settings.alertmanager.resources),
        () => alertReceiversProblem(settings.alertmanager.receivers),
        () =>
            HOSTNAME.test(settings.grafana.hostname)
                ? undefined
                : `args.grafana.hostname ${JSON.stringify(settings.grafana.hostname)} is not a hostname`,
        () => resourcesProblem("args.grafana.resources", settings.grafana.resources),
        () =>
            lokiUrl === undefined || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(lokiUrl)
                ? undefined
                : `args.grafana.lokiUrl ${JSON.stringify(lokiUrl)} is not an http(s) URL`,
    ];
    return checks.map((check) => check()).find((problem) => problem !== undefined);
}
