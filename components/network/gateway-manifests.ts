import { NetworkNamespace } from "../../contract/namespaces";
import { CHART_IMAGE_REPOSITORIES, CHARTS, imageRef, IMAGES, withValueAt } from "../../contract/versions";
import { boundedName, endpointSlug, type Endpoint } from "./flows";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { PriorityClassName } from "../../contract/priority-classes";
import { withPriorityClass } from "../../contract/pins";

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
export const ENVOY_GATEWAY_API = "gateway.envoyproxy.io/v1alpha1";
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
/** MetalLB reads the address a LoadBalancer Service asks for, and the pool it comes from, from these annotations. */
export const METALLB_IPS_ANNOTATION = "metallb.io/loadBalancerIPs";
export const METALLB_POOL_ANNOTATION = "metallb.io/address-pool";
/** Name of the plain-HTTP listener: it only redirects to HTTPS (and serves HTTP-01 challenges). */
export const HTTP_LISTENER = "http";

/** What a route needs to attach to the shared Gateway, and what a flow needs to name its proxies. */
export interface GatewayRef {
    readonly name: string;
    readonly namespace: string;
    /** Hostname → the HTTPS listener (sectionName) that serves it. */
    readonly listeners: Readonly<Record<string, string>>;
    /** The Envoy proxy pods of this Gateway, as a flow endpoint. */
    readonly proxy: Endpoint;
}

/** Labels Envoy Gateway puts on the proxy pods of one Gateway. */
export function proxyLabels(gateway: string, gatewayNamespace: string): Record<string, string> {
    return {
        "app.kubernetes.io/component": "proxy",
        "gateway.envoyproxy.io/owning-gateway-name": gateway,
        "gateway.envoyproxy.io/owning-gateway-namespace": gatewayNamespace,
    };
}

/** The proxy pods of a Gateway in the Gateway namespace: they run in Envoy Gateway's namespace. */
export function gatewayProxyEndpoint(gateway: string): Endpoint {
    return {
        kind: "pods",
        name: "gateway",
        namespaces: [NetworkNamespace.envoyGateway],
        labels: proxyLabels(gateway, NetworkNamespace.gateway),
    };
}

/** Envoy Gateway listens on port+10000 inside the proxy pod for privileged listener ports. */
export function proxyContainerPort(listenerPort: number): number {
    return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
}

/** The HTTPS listener name for a hostname: `https-www-example-com`. */
export function listenerName(hostname: string): string {
    return boundedName(`https-${endpointSlug(hostname)}`);
}

/** The Secret cert-manager writes a hostname's certificate to, next to the Gateway. */
export function tlsSecretName(hostname: string): string {
    return boundedName(`${endpointSlug(hostname)}-tls`);
}

/** The Pulumi name of a hostname's Certificate under its SharedGateway, after the component's name. */
export function certificateRole(hostname: string): string {
    return `cert-${endpointSlug(hostname)}`;
}

/**
 * Requests and limits of the containers gateway-helm runs (see CHARTS.envoyGateway.containers). The controller
 * takes the chart's default requests (100m / 256Mi) with half its 1Gi memory limit, ample for one shared Gateway
 * and small enough for the namespace quota; certgen is a one-off Job that writes a few certificates.
 */
export const ENVOY_GATEWAY_RESOURCES = {
    controller: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    certgen: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
} as const;
const PROXY_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };

/**
 * Helm values for gateway-helm: explicit resources for the controller and certgen; through the mirror when set.
 * The chart swaps the registry of its images for `global.imageRegistry` (it has no `global.image.registry`).
 */
export function envoyGatewayValues(mirror?: string): Record<string, unknown> {
    const values = {
        deployment: {
            replicas: 1,
            envoyGateway: { resources: withEphemeralStorage(ENVOY_GATEWAY_RESOURCES.controller) },
        },
        certgen: { job: { resources: withEphemeralStorage(ENVOY_GATEWAY_RESOURCES.certgen) } },
    };
    const classed = withPriorityClass(values, CHARTS.envoyGateway, PriorityClassName.platform);
    return mirror === undefined
        ? classed
        : withValueAt(
              classed,
              CHARTS.envoyGateway.imageRegistryFrom,
              `${mirror}/${CHART_IMAGE_REPOSITORIES.envoyGateway.registry}`,
          );
}

/**
 * The EnvoyProxy every Gateway of the class uses: a LoadBalancer Service asking MetalLB for `address` from `pool`, the proxy
 * replicas (with a PDB when more than one), explicit resources, and the pinned proxy image (through the mirror when
 * set).
 */
export function envoyProxySpec(options: {
    readonly address: string;
    readonly pool: string;
    readonly replicas: number;
    readonly mirror?: string;
}): Record<string, unknown> {
    return {
        provider: {
            type: "Kubernetes",
            kubernetes: {
                envoyService: {
                    type: "LoadBalancer",
                    annotations: { [METALLB_POOL_ANNOTATION]: options.pool, [METALLB_IPS_ANNOTATION]: options.address },
                },
                envoyDeployment: {
                    replicas: options.replicas,
                    pod: { priorityClassName: PriorityClassName.platform },
                    container: {
                        resources: withEphemeralStorage(PROXY_RESOURCES),
                        // Always the pinned image: the controller's default proxy image lags the pin's security fix.
                        image: imageRef(IMAGES.envoyProxy, options.mirror),
                    },
                },
                ...(options.replicas >= 2 ? { envoyPDB: { maxUnavailable: 1 } } : {}),
            },
        },
    };
}

export function gatewayClassSpec(envoyProxy: { name: string; namespace: string }): Record<string, unknown> {
    return {
        controllerName: ENVOY_GATEWAY_CONTROLLER,
        parametersRef: {
            group: "gateway.envoyproxy.io",
            kind: "EnvoyProxy",
            name: envoyProxy.name,
            namespace: envoyProxy.namespace,
        },
    };
}

/**
 * The shared Gateway: a plain-HTTP listener that admits routes only from its own namespace (the redirect and
 * HTTP-01 solver routes), and one HTTPS listener per hostname terminating TLS with that hostname's certificate and
 * admitting HTTPRoutes and GRPCRoutes only from namespaces labelled `accessLabel: "true"`.
 */
export function gatewaySpec(options: {
    readonly className: string;
    readonly hostnames: readonly string[];
    readonly accessLabel: string;
}): Record<string, unknown> {
    return {
        gatewayClassName: options.className,
        listeners: [
            {
                name: HTTP_LISTENER,
                protocol: "HTTP",
                port: 80,
                allowedRoutes: { namespaces: { from: "Same" }, kinds: [{ kind: "HTTPRoute" }] },
            },
            ...options.hostnames.map((hostname) => ({
                name: listenerName(hostname),
                protocol: "HTTPS",
                port: 443,
                hostname,
                tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: tlsSecretName(hostname) }] },
                allowedRoutes: {
                    namespaces: { from: "Selector", selector: { matchLabels: { [options.accessLabel]: "true" } } },
                    kinds: [{ kind: "HTTPRoute" }, { kind: "GRPCRoute" }],
                },
            })),
        ],
    };
}

/** Redirects every plain-HTTP request to HTTPS with a 301. */
export function httpsRedirectRouteSpec(gateway: string, gatewayNamespace: string): Record<string, unknown> {
    return {
        parentRefs: [{ name: gateway, namespace: gatewayNamespace, sectionName: HTTP_LISTENER }],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    };
}
