import * as pulumi from "@pulumi/pulumi";
import { Alloy } from "../../../components/observability/alloy";
import { Loki } from "../../../components/observability/loki";
import { ObservabilityNamespaces } from "../../../components/observability/namespaces";
import { PrometheusStack, type AlertReceiver } from "../../../components/observability/prometheus-stack";
import {
    CONFIG_RELOADER_PORT,
    GRAFANA_SERVICE,
    KUBE_STATE_METRICS_PORT,
    NODE_EXPORTER_PORT,
    OPERATOR_WEBHOOK_PORT,
} from "../../../components/observability/prometheus-stack-values";
import { TelemetryResources } from "../../../components/observability/telemetry-resources";
import { podsEndpoint, tcpPorts, type Flow } from "../../../components/network";
import { ObservabilityNamespace } from "../../../contract/namespaces";
import type { PlatformConfig } from "../../config/schema";
import { need, type Area, type AreaWiring, type WiringContext } from "../area";
import { logAgentsBudget, monitoringBudget, nodeExporterBudget } from "./budget";
import { checkObservability } from "./checks";
import { observabilityFlows } from "./flows";
import { LogCollection, observabilitySections, type ObservabilityConfig } from "./schema";
import { alloyNamespace, KUBELET_PORT, observabilityTelemetry } from "./telemetry";

const AREA = "observability";
const MONITORING = ObservabilityNamespace.monitoring;
/** The operator's metrics (`http`), which the chart's own ServiceMonitor scrapes. */
const OPERATOR_METRICS_PORT = 8080;
/** Loki's gRPC (its compactor client dials the Service) and memberlist ports, which it calls on itself. */
const LOKI_SELF_PORTS = [9095, 7946];

/** The receivers config names, each with its secret from the stack's encrypted config. */
function receivers(config: PlatformConfig, observability: ObservabilityConfig): AlertReceiver[] {
    const { webhook, slack, email } = observability.alertmanager.receivers;
    return [
        ...(webhook
            ? [
                  {
                      name: "webhook",
                      severities: webhook.severities,
                      webhook: { url: pulumi.secret(config.alertWebhookUrl!) },
                  },
              ]
            : []),
        ...(slack
            ? [
                  {
                      name: "chat",
                      severities: slack.severities,
                      slack: { url: pulumi.secret(config.alertSlackUrl!), channel: slack.channel },
                  },
              ]
            : []),
        ...(email
            ? [
                  {
                      name: "email",
                      severities: email.severities,
                      email: {
                          to: email.to,
                          from: email.from,
                          smarthost: email.smarthost,
                          username: email.username,
                          ...(email.username ? { password: pulumi.secret(config.alertSmtpPassword!) } : {}),
                      },
                  },
              ]
            : []),
    ];
}

function wireObservability(
    config: PlatformConfig,
    observability: ObservabilityConfig,
    context: WiringContext,
): AreaWiring {
    const { refs } = context;
    const { registryMirror, chartMirror } = need(refs, "sources", AREA);
    const storage = need(refs, "storage", AREA);
    const gateway = need(refs, "gateway", AREA);
    const nodes = need(refs, "topology", AREA).nodes.length;
    const collection = observability.logs.collection;
    const alloyAt = alloyNamespace(collection);
    const protect = observability.protect;
    const { namespaces, monitoring, nodeExporter, logAgents } = new ObservabilityNamespaces("observability", {
        monitoring: monitoringBudget(observability, alloyAt === MONITORING),
        nodeExporter: nodeExporterBudget(nodes),
        ...(collection === LogCollection.node ? { logAgents: logAgentsBudget(observability, nodes) } : {}),
    });
    const loki = new Loki(
        "loki",
        {
            namespace: MONITORING,
            retention: observability.loki.retention,
            storage: { storageClass: storage.classes.logs!, size: observability.loki.storageSize },
            resources: observability.loki.resources,
            protect,
            registryMirror,
            chartMirror,
        },
        { dependsOn: [monitoring] },
    );
    const alloy = new Alloy(
        "alloy",
        {
            namespace: alloyAt,
            collection,
            lokiPushUrl: loki.pushUrl,
            resources: observability.logs.resources,
            registryMirror,
            chartMirror,
        },
        { dependsOn: [logAgents ?? monitoring] },
    );
    const metricsClass = storage.classes.metrics!;
    const stack = new PrometheusStack(
        "prometheus-stack",
        {
            namespace: MONITORING,
            nodeExporterNamespace: ObservabilityNamespace.nodeExporter,
            prometheus: {
                retention: observability.prometheus.retention,
                retentionSize: observability.prometheus.retentionSize,
                storage: { storageClass: metricsClass, size: observability.prometheus.storageSize },
                resources: observability.prometheus.resources,
            },
            alertmanager: {
                receivers: receivers(config, observability),
                storage: { storageClass: metricsClass, size: observability.alertmanager.storageSize },
                resources: observability.alertmanager.resources,
            },
            grafana: {
                hostname: observability.grafana.hostname,
                gateway,
                resources: observability.grafana.resources,
                lokiUrl: loki.queryUrl,
            },
            protect,
            registryMirror,
            chartMirror,
        },
        { dependsOn: [monitoring, nodeExporter, ...need(refs, "certManager", AREA)] },
    );
    new TelemetryResources(
        "telemetry",
        { telemetry: context.telemetry, dashboardsNamespace: MONITORING },
        { dependsOn: [stack] },
    );
    const lokiPods = podsEndpoint(MONITORING, { ...loki.podLabels }, `${MONITORING}/loki`);
    const alloyPods = podsEndpoint(alloyAt, { ...alloy.podLabels }, `${alloyAt}/alloy`);
    const selfFlows: Flow[] = [
        { name: "loki-self", from: lokiPods, to: lokiPods, ports: tcpPorts(...LOKI_SELF_PORTS) },
        // In api mode the Alloy pods form a cluster that splits the pods to tail.
        ...(collection === LogCollection.api
            ? [{ name: "alloy-cluster", from: alloyPods, to: alloyPods, ports: tcpPorts(alloy.metricsPort) }]
            : []),
    ];
    const email = observability.alertmanager.receivers.email;
    return {
        outputs: {
            observability: {
                grafanaUrl: stack.grafanaUrl,
                prometheusService: `${stack.prometheusService.name}.${MONITORING}:${stack.prometheusService.port}`,
                alertmanagerService: `${stack.alertmanagerService.name}.${MONITORING}:${stack.alertmanagerService.port}`,
                lokiService: `${loki.serviceName}.${MONITORING}:${loki.port}`,
            },
        },
        namespaces,
        flows: [
            ...observabilityFlows({
                pods: {
                    ...stack.podLabels,
                    loki: loki.podLabels,
                    alloy: alloy.podLabels,
                    alloyNamespace: alloyAt,
                    ports: {
                        prometheus: stack.prometheusService.targetPort,
                        alertmanager: stack.alertmanagerService.targetPort,
                        configReloader: CONFIG_RELOADER_PORT,
                        grafana: GRAFANA_SERVICE.targetPort,
                        operator: OPERATOR_METRICS_PORT,
                        operatorWebhook: OPERATOR_WEBHOOK_PORT,
                        kubeStateMetrics: KUBE_STATE_METRICS_PORT,
                        nodeExporter: NODE_EXPORTER_PORT,
                        kubelet: KUBELET_PORT,
                        loki: loki.port,
                    },
                },
                telemetry: context.telemetry,
                addresses: need(refs, "addresses", AREA),
                gatewayProxy: gateway.proxy,
                receivers: {
                    https:
                        observability.alertmanager.receivers.webhook !== undefined ||
                        observability.alertmanager.receivers.slack !== undefined,
                    smtpPort: email ? Number(email.smarthost.split(":")[1]) : undefined,
                },
            }),
            ...selfFlows,
        ],
        refs: {},
    };
}

/**
 * Prometheus, Alertmanager and Grafana (kube-prometheus-stack), Loki and Alloy, and every area's monitors, rules
 * and dashboards; last in the list, so every other area's telemetry is in.
 */
export const observabilityArea: Area<typeof observabilitySections> = {
    name: AREA,
    sections: observabilitySections,
    telemetry: (config) => observabilityTelemetry(config),
    namespaces: ({ observability }) =>
        observability === undefined
            ? []
            : [
                  MONITORING,
                  ObservabilityNamespace.nodeExporter,
                  ...(observability.logs.collection === LogCollection.node ? [ObservabilityNamespace.logAgents] : []),
              ],
    check: ({ observability, network, storage }, { sound, given }) =>
        checkObservability(
            observability,
            { network: sound("network") ? network : undefined, storage: sound("storage") ? storage : undefined },
            given,
        ),
    wire: (config, context) => {
        const { observability } = config;
        return observability === undefined
            ? { outputs: {}, namespaces: new Map(), flows: [], refs: {} }
            : wireObservability(config, observability, context);
    },
};
