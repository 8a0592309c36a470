import { proxyLabels } from "../../../components/network/gateway-manifests";
import { DEFAULT_GATEWAY_NAME } from "../../../components/network/gateway";
import { Severity, telemetry, type Telemetry } from "../../../components/observability/telemetry";
import { NetworkNamespace } from "../../../contract/namespaces";

/** Envoy's admin stats port, which Envoy Gateway declares on every proxy and on its controller. */
const ENVOY_METRICS_PORT = 19001;
/** cert-manager's controller metrics (`http-metrics`, on while the chart's prometheus.enabled is, the default). */
const CERT_MANAGER_METRICS_PORT = 9402;

/**
 * The network area's metrics: the shared Gateway's proxies (Envoy's stats), the Envoy Gateway controller and
 * cert-manager's controller, with alerts on the Gateway's 5xx ratio, certificates near expiry or not ready, a
 * controller that stopped answering, and a LoadBalancer Service MetalLB left without an address (from
 * kube-state-metrics: MetalLB 0.16 serves its own metrics only over authenticated HTTPS, not scraped yet).
 */
export function networkTelemetry(): Telemetry {
    return telemetry({
        targets: [
            {
                name: "gateway-proxy",
                namespace: NetworkNamespace.gateway,
                podLabels: proxyLabels(DEFAULT_GATEWAY_NAME, NetworkNamespace.gateway),
                port: ENVOY_METRICS_PORT,
                path: "/stats/prometheus",
                metrics: ["envoy_cluster_upstream_rq_xx"],
            },
            {
                name: "envoy-gateway",
                namespace: NetworkNamespace.envoyGateway,
                podLabels: { "control-plane": "envoy-gateway" },
                port: ENVOY_METRICS_PORT,
                // Its rule reads `up`, which Prometheus records for every target.
                metrics: [],
            },
            {
                name: "cert-manager",
                namespace: NetworkNamespace.certManager,
                podLabels: { "app.kubernetes.io/component": "controller" },
                port: CERT_MANAGER_METRICS_PORT,
                metrics: [
                    "certmanager_certificate_expiration_timestamp_seconds",
                    "certmanager_certificate_ready_status",
                ],
            },
        ],
        groups: [
            {
                name: "network",
                rules: [
                    {
                        alert: "GatewayHighErrorRatio",
                        expr:
                            'sum(rate(envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}[5m])) ' +
                            "/ sum(rate(envoy_cluster_upstream_rq_xx[5m])) > 0.05",
                        for: "10m",
                        severity: Severity.critical,
                        summary: "More than 5 % of the shared Gateway's requests fail with 5xx",
                        description:
                            "{{ $value | humanizePercentage }} of upstream requests answered 5xx over 5 minutes.",
                        runbook: "gateway-high-error-ratio",
                    },
                    {
                        alert: "EnvoyGatewayDown",
                        expr: `up{namespace="${NetworkNamespace.envoyGateway}", job="${NetworkNamespace.envoyGateway}/envoy-gateway"} == 0`,
                        for: "10m",
                        severity: Severity.critical,
                        summary: "The Envoy Gateway controller is not answering",
                        description:
                            "{{ $labels.pod }} has not served metrics for 10 minutes; routes and certificates stop updating.",
                        runbook: "envoy-gateway-down",
                    },
                    {
                        alert: "CertificateExpiringSoon",
                        expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400",
                        for: "1h",
                        severity: Severity.warning,
                        summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 14 days",
                        description: "cert-manager has not renewed it; it expires in {{ $value | humanizeDuration }}.",
                        runbook: "certificate-expiring-soon",
                    },
                    {
                        alert: "CertificateNotReady",
                        expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
                        for: "30m",
                        severity: Severity.warning,
                        summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
                        description: "cert-manager could not issue or renew it for 30 minutes.",
                        runbook: "certificate-not-ready",
                    },
                    {
                        alert: "LoadBalancerWithoutAddress",
                        expr:
                            'kube_service_spec_type{type="LoadBalancer"} ' +
                            "unless on (namespace, service) kube_service_status_load_balancer_ingress",
                        for: "15m",
                        severity: Severity.critical,
                        summary: "Service {{ $labels.namespace }}/{{ $labels.service }} has no load-balancer address",
                        description: "MetalLB has not assigned it an address from its pools for 15 minutes.",
                        runbook: "load-balancer-without-address",
                    },
                ],
            },
        ],
        dashboards: ["network.json"],
    });
}
