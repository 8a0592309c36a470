import { dnsEgressSpec } from "../../../../components/tenancy/manifests";
export { change } from "../../../helpers/policy";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { GatewayType } from "../../../../policy/lib/network-gateway";
import { deployment, governedNamespace } from "../../../helpers/k8s-fixtures";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

/** Shared compliant fixtures for the network rules, shaped as the tenancy and network components declare them. */
export const NS = "apps";
export const GATEWAY_NS = "gateway-system";

type Props = Record<string, any>;

/** What a read of PREVIEW_UNKNOWN turns into: the engine marks every unknown with the string sentinel. */
export function cannotRun(path: string): string {
    return `can't run policy during preview: string value at .${path} can't be known during preview`;
}

/** GovernedNamespace's DNS egress policy: every pod may reach kube-dns on UDP and TCP 53. */
export function dnsEgress(ns: string): HarnessResource {
    return fixture(K8sType.networkPolicy, `${ns}-allow-dns`, {
        metadata: { name: `${ns}-allow-dns`, namespace: ns },
        spec: dnsEgressSpec(),
    });
}

/** A flow policy: the gateway namespace may reach `app` pods on 8080. */
export function allowFromGateway(ns: string, app: string): HarnessResource {
    return fixture(K8sType.networkPolicy, `${app}-from-gateway`, {
        metadata: { name: `${app}-from-gateway`, namespace: ns },
        spec: {
            podSelector: { matchLabels: { app } },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [
                        {
                            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": GATEWAY_NS } },
                            podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy" } },
                        },
                    ],
                    ports: [{ protocol: "TCP", port: 8080 }],
                },
            ],
        },
    });
}

/** A governed namespace with DNS egress and one Deployment `web` the gateway may reach. */
export function appNamespace(ns = NS): HarnessResource[] {
    return [...governedNamespace(ns), dnsEgress(ns), allowFromGateway(ns, "web"), deployment(ns, "web")];
}

export function service(ns: string, name: string, spec: Props, annotations?: Record<string, string>) {
    return fixture(K8sType.service, name, {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
        spec,
    });
}

/** The shared Gateway: an HTTP listener for same-namespace routes, an HTTPS listener for labelled namespaces. */
export function sharedGateway(): HarnessResource {
    return fixture(GatewayType.gateway, "shared", {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "shared", namespace: GATEWAY_NS },
        spec: {
            gatewayClassName: "envoy",
            listeners: [
                { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
                {
                    name: "https-web",
                    protocol: "HTTPS",
                    port: 443,
                    hostname: "www.example.com",
                    tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "www-example-com-tls" }] },
                    allowedRoutes: {
                        namespaces: {
                            from: "Selector",
                            selector: { matchLabels: { "platform.io/gateway-access": "true" } },
                        },
                    },
                },
            ],
        },
    });
}

/** The HTTP listener's only route: a redirect of everything to https. */
export function httpsRedirect(): HarnessResource {
    return fixture(GatewayType.httpRoute, "https-redirect", {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "https-redirect", namespace: GATEWAY_NS },
        spec: {
            parentRefs: [{ name: "shared", sectionName: "http" }],
            rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        },
    });
}

/** The application route, on the HTTPS listener, from a namespace labelled for gateway access. */
export function webRoute(): HarnessResource {
    return fixture(GatewayType.httpRoute, "web", {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "web", namespace: NS },
        spec: {
            parentRefs: [{ name: "shared", namespace: GATEWAY_NS, sectionName: "https-web" }],
            hostnames: ["www.example.com"],
            rules: [{ backendRefs: [{ name: "web", port: 8080 }] }],
        },
    });
}

/** The namespaces the Gateway fixtures live in; `apps` carries the gateway-access label. */
export function gatewayNamespaces(): HarnessResource[] {
    return [
        fixture(K8sType.namespace, GATEWAY_NS, { metadata: { name: GATEWAY_NS } }),
        fixture(K8sType.namespace, NS, { metadata: { name: NS, labels: { "platform.io/gateway-access": "true" } } }),
    ];
}
