import {
    apiServerFlow,
    nodesEndpoint,
    podsEndpoint,
    tcpPorts,
    WORLD,
    type ClusterAddresses,
    type Endpoint,
    type Flow,
} from "../../../components/network";
import type { Telemetry } from "../../../components/observability/telemetry";
import { ObservabilityNamespace } from "../../../contract/namespaces";

type Labels = Readonly<Record<string, string>>;

/** Where the observability stack's pods are, by their labels, and the ports its flows open. */
export interface ObservabilityPods {
    readonly prometheus: Labels;
    readonly alertmanager: Labels;
    readonly grafana: Labels;
    readonly operator: Labels;
    readonly kubeStateMetrics: Labels;
    readonly loki: Labels;
    readonly alloy: Labels;
    /** The namespace Alloy runs in (`monitoring`, or `log-agents` when it tails the nodes' files). */
    readonly alloyNamespace: string;
    readonly ports: {
        readonly prometheus: number;
        readonly alertmanager: number;
        /** The config-reloader sidecars' metrics, in the Prometheus and Alertmanager pods. */
        readonly configReloader: number;
        readonly grafana: number;
        readonly operator: number;
        /** The operator's admission webhook, which the API server calls. */
        readonly operatorWebhook: number;
        readonly kubeStateMetrics: number;
        readonly nodeExporter: number;
        readonly kubelet: number;
        readonly loki: number;
    };
}

export interface ObservabilityFlowArgs {
    readonly pods: ObservabilityPods;
    readonly telemetry: Telemetry;
    readonly addresses: ClusterAddresses;
    /** The shared Gateway's proxies, which route Grafana's hostname. */
    readonly gatewayProxy: Endpoint;
    /** Where Alertmanager delivers: HTTPS for webhooks and chats, the SMTP relay's port for e-mail. */
    readonly receivers: { readonly https: boolean; readonly smtpPort?: number };
}

const MONITORING = ObservabilityNamespace.monitoring;

/**
 * The observability area's flows on top of default deny: Prometheus to every metrics port it scrapes (each area's
 * targets, the stack's own pods, kube-state-metrics, node-exporter and the kubelets on the nodes), Grafana to
 * Prometheus, Alertmanager and Loki, Alloy to Loki, the Gateway to Grafana, Prometheus to Alertmanager,
 * Alertmanager to its receivers, the stack's pods to the API server and the API server to the operator's webhook.
 * Nothing else reaches into `monitoring`.
 */
export function observabilityFlows(args: ObservabilityFlowArgs): Flow[] {
    const { pods, addresses } = args;
    const { ports } = pods;
    const at = (labels: Labels, name: string, namespace: string = MONITORING) =>
        podsEndpoint(namespace, { ...labels }, `${namespace}/${name}`);
    const prometheus = at(pods.prometheus, "prometheus");
    const alertmanager = at(pods.alertmanager, "alertmanager");
    const grafana = at(pods.grafana, "grafana");
    const loki = at(pods.loki, "loki");
    const alloy = at(pods.alloy, "alloy", pods.alloyNamespace);
    const scraped = args.telemetry.targets.filter((t) => (t.monitor ?? "platform") !== "chart");
    const flows: Flow[] = [
        apiServerFlow(MONITORING, addresses),
        ...(pods.alloyNamespace === MONITORING ? [] : [apiServerFlow(pods.alloyNamespace, addresses)]),
        {
            name: "nodes-to-prometheus-operator-webhook",
            from: nodesEndpoint(addresses),
            to: at(pods.operator, "prometheus-operator"),
            ports: tcpPorts(ports.operatorWebhook),
        },
        ...scraped.map((t): Flow => ({
            name: `prometheus-to-${t.name}`,
            from: prometheus,
            to: podsEndpoint(t.namespace, { ...t.podLabels }, `${t.namespace}/${t.name}`),
            ports: tcpPorts(t.port),
        })),
        {
            name: "prometheus-to-nodes",
            from: prometheus,
            to: nodesEndpoint(addresses),
            ports: tcpPorts(ports.nodeExporter, ports.kubelet),
        },
        {
            name: "prometheus-to-kube-state-metrics",
            from: prometheus,
            to: at(pods.kubeStateMetrics, "kube-state-metrics"),
            ports: tcpPorts(ports.kubeStateMetrics),
        },
        {
            name: "prometheus-to-prometheus-operator",
            from: prometheus,
            to: at(pods.operator, "prometheus-operator"),
            ports: tcpPorts(ports.operator),
        },
        {
            name: "prometheus-self",
            from: prometheus,
            to: prometheus,
            ports: tcpPorts(ports.prometheus, ports.configReloader),
        },
        {
            name: "prometheus-to-alertmanager",
            from: prometheus,
            to: alertmanager,
            ports: tcpPorts(ports.alertmanager, ports.configReloader),
        },
        { name: "prometheus-to-grafana", from: prometheus, to: grafana, ports: tcpPorts(ports.grafana) },
        { name: "grafana-to-prometheus", from: grafana, to: prometheus, ports: tcpPorts(ports.prometheus) },
        { name: "grafana-to-alertmanager", from: grafana, to: alertmanager, ports: tcpPorts(ports.alertmanager) },
        { name: "grafana-to-loki", from: grafana, to: loki, ports: tcpPorts(ports.loki) },
        { name: "alloy-to-loki", from: alloy, to: loki, ports: tcpPorts(ports.loki) },
        { name: "gateway-to-grafana", from: args.gatewayProxy, to: grafana, ports: tcpPorts(ports.grafana) },
    ];
    const delivery = [
        ...(args.receivers.https ? [443] : []),
        ...(args.receivers.smtpPort ? [args.receivers.smtpPort] : []),
    ];
    if (delivery.length > 0) {
        flows.push({ name: "alertmanager-to-receivers", from: alertmanager, to: WORLD, ports: tcpPorts(...delivery) });
    }
    return flows;
}
