import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { CHARTS } from "../../contract/versions";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import { safePassword } from "../lib/passwords";
import type { GatewayRef } from "../network/gateway-manifests";
import type { ContainerResources } from "../tenancy/manifests";
import { listenerFor, routeResource, type RouteOptions } from "../workload/route";
import { ALERTMANAGER_RECEIVERS_SECRET, receiverSecretData, type AlertReceiver } from "./alertmanager-config";
import {
    GRAFANA_ADMIN_PASSWORD_KEY,
    GRAFANA_ADMIN_SECRET,
    GRAFANA_ADMIN_USER,
    GRAFANA_ADMIN_USER_KEY,
    grafanaUrl,
} from "./grafana";
import {
    ALERTMANAGER_SERVICE,
    CONFIG_RELOADER_PORT,
    GRAFANA_SERVICE,
    KPS_RELEASE,
    KUBE_STATE_METRICS_PORT,
    NODE_EXPORTER_PORT,
    OPERATOR_WEBHOOK_PORT,
    PROMETHEUS_SERVICE,
    PROMETHEUS_STACK_POD_LABELS,
    prometheusStackProblem,
    prometheusStackValues,
    type PrometheusStackPodLabels,
    type StackService,
} from "./prometheus-stack-values";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

export type { AlertReceiver } from "./alertmanager-config";

export interface PrometheusStackArgs {
    /** The existing namespace of everything but node-exporter ("monitoring"; restricted Pod Security). */
    namespace: string;
    /** The existing namespace node-exporter runs in ("node-exporter"; privileged: host network, PID and root). */
    nodeExporterNamespace: string;
    /**
     * Prometheus: how long and how much it keeps (`retentionSize` in Prometheus' units, GB read as GiB, at most the
     * claim's size; leave headroom), its claim and its requests and limits.
     */
    prometheus: {
        retention: string;
        retentionSize: string;
        storage: { storageClass: string; size: string };
        resources: ContainerResources;
    };
    /** Alertmanager: where alerts go (alertmanager-config.ts), its claim (silences, notification log), resources. */
    alertmanager: {
        receivers: readonly AlertReceiver[];
        storage: { storageClass: string; size: string };
        resources: ContainerResources;
    };
    /**
     * Grafana: served on `hostname` through the shared Gateway (which must have an HTTPS listener for it), with a
     * Loki datasource when `lokiUrl` is given.
     */
    grafana: { hostname: string; gateway: GatewayRef; resources: ContainerResources; lokiUrl?: string };
    /**
     * Protect and retain the chart (it owns the prometheus-operator CRDs: deleting them deletes every monitor and
     * rule) and Grafana's admin Secret, and protect its password.
     */
    protect: boolean;
    /** Registry mirror the images are pulled through (`<mirror>/quay.io/prometheus/prometheus`). @default undefined */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/kube-prometheus-stack`. @default undefined */
    chartMirror?: string;
}

/**
 * kube-prometheus-stack as one component: the prometheus-operator with its CRDs and webhooks (certificate from
 * cert-manager: pass its readiness in opts.dependsOn), one Prometheus selecting every monitor and rule in every
 * namespace, one Alertmanager routing by severity to the receivers (URLs and passwords only in a Secret it mounts),
 * kube-state-metrics, node-exporter on every node in its own namespace, and Grafana with its admin from a generated
 * password in a Secret, exposed by an HTTPRoute on the shared Gateway. The release and object names are fixed
 * (KPS_RELEASE), so one stack runs per cluster.
 */
export class PrometheusStack extends pulumi.ComponentResource {
    /** Where Grafana is served: `https://<hostname>/`. */
    public readonly grafanaUrl: string;
    /** Grafana's Service, for the HTTPRoute and in-cluster clients. */
    public readonly grafanaService: StackService;
    /** Prometheus' Service (port 9090). */
    public readonly prometheusService: StackService;
    /** Alertmanager's Service (port 9093). */
    public readonly alertmanagerService: StackService;
    /** The namespace of every Service and pod above, and of the operator and kube-state-metrics. */
    public readonly namespace: string;
    /** The labels of each kind of pod, for NetworkPolicy flows (see PROMETHEUS_STACK_POD_LABELS for their source). */
    public readonly podLabels: PrometheusStackPodLabels;
    /** The port Prometheus scrapes kube-state-metrics on. */
    public readonly kubeStateMetricsPort: number;
    /** The port Prometheus scrapes node-exporter on, at each node's address (host network). */
    public readonly nodeExporterPort: number;
    /** The operator pods' port the API server calls the admission webhooks on (Prometheus scrapes it too). */
    public readonly operatorWebhookPort: number;
    /** The config reloaders' metrics port in the Prometheus and Alertmanager pods, which Prometheus scrapes. */
    public readonly configReloaderPort: number;

    constructor(name: string, args: PrometheusStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:PrometheusStack", name, {}, opts);
        const settings = {
            nodeExporterNamespace: args.nodeExporterNamespace,
            prometheus: args.prometheus,
            alertmanager: args.alertmanager,
            grafana: {
                hostname: args.grafana.hostname,
                resources: args.grafana.resources,
                lokiUrl: args.grafana.lokiUrl,
            },
            registryMirror: args.registryMirror,
        };
        const problem = prometheusStackProblem(args.namespace, settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`PrometheusStack ${name}: ${problem}`, this);
        }
        const route: RouteOptions = {
            gateway: args.grafana.gateway,
            hostname: args.grafana.hostname,
            port: GRAFANA_SERVICE.portName,
        };
        if (listenerFor(route) === undefined) {
            const served = Object.keys(route.gateway.listeners).join(", ");
            throw new pulumi.ResourceError(
                `PrometheusStack ${name}: args.grafana.hostname ${route.hostname} is not served by Gateway ${route.gateway.name} (${served})`,
                this,
            );
        }
        const kept = { protect: args.protect, retainOnDelete: args.protect };
        const metadata = (secretName: string) => ({
            name: secretName,
            namespace: args.namespace,
            labels: platformLabels(),
        });
        const password = safePassword(childName(name, "grafana-admin-password"), this, args.protect);
        const admin = new k8s.core.v1.Secret(
            childName(name, "grafana-admin"),
            {
                metadata: metadata(GRAFANA_ADMIN_SECRET),
                type: "Opaque",
                stringData: {
                    [GRAFANA_ADMIN_USER_KEY]: GRAFANA_ADMIN_USER,
                    [GRAFANA_ADMIN_PASSWORD_KEY]: pulumi.secret(password.result),
                },
            },
            { parent: this, ...kept },
        );
        const receiverData = Object.entries(receiverSecretData(args.alertmanager.receivers));
        const receivers = new k8s.core.v1.Secret(
            childName(name, "alertmanager-receivers"),
            {
                metadata: metadata(ALERTMANAGER_RECEIVERS_SECRET),
                type: "Opaque",
                stringData: Object.fromEntries(receiverData.map(([key, value]) => [key, pulumi.secret(value)])),
            },
            { parent: this },
        );
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(
                    chartSource(CHARTS.kubePrometheusStack, args.chartMirror),
                    args.namespace,
                    prometheusStackValues(settings),
                ),
                name: KPS_RELEASE,
            },
            {
                parent: this,
                dependsOn: [admin, receivers, ...inheritedDependsOn(opts)],
                ...kept,
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        new k8s.apiextensions.CustomResource(
            childName(name, "grafana-route"),
            routeResource(route, metadata("grafana"), GRAFANA_SERVICE.name, GRAFANA_SERVICE.port),
            { parent: this, dependsOn: [chart, ...inheritedDependsOn(opts)] },
        );
        this.grafanaUrl = grafanaUrl(args.grafana.hostname);
        this.grafanaService = GRAFANA_SERVICE;
        this.prometheusService = PROMETHEUS_SERVICE;
        this.alertmanagerService = ALERTMANAGER_SERVICE;
        this.namespace = args.namespace;
        this.podLabels = PROMETHEUS_STACK_POD_LABELS;
        this.kubeStateMetricsPort = KUBE_STATE_METRICS_PORT;
        this.nodeExporterPort = NODE_EXPORTER_PORT;
        this.operatorWebhookPort = OPERATOR_WEBHOOK_PORT;
        this.configReloaderPort = CONFIG_RELOADER_PORT;
        this.registerOutputs({
            grafanaUrl: this.grafanaUrl,
            grafanaService: this.grafanaService,
            prometheusService: this.prometheusService,
            alertmanagerService: this.alertmanagerService,
            namespace: this.namespace,
            podLabels: this.podLabels,
            kubeStateMetricsPort: this.kubeStateMetricsPort,
            nodeExporterPort: this.nodeExporterPort,
            operatorWebhookPort: this.operatorWebhookPort,
            configReloaderPort: this.configReloaderPort,
        });
    }
}
