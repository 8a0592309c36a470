import { imageRef, IMAGES } from "../../contract/versions";
import { boundedName, endpointSlug, type Endpoint } from "./flows";

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

const CONTROLLER_RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } };
const PROXY_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };

/** Helm values for gateway-helm: explicit controller resources; images through the mirror when set. */
export function envoyGatewayValues(mirror?: string): Record<string, unknown> {
    return {
        deployment: { replicas: 1, envoyGateway: { resources: CONTROLLER_RESOURCES } },
        ...(mirror === undefined ? {} : { global: { image: { registry: `${mirror}/docker.io` } } }),
    };
}

/**
 * The EnvoyProxy every Gateway of the class uses: a LoadBalancer Service asking MetalLB for `address` from `pool`, the proxy
 * replicas (with a PDB when more than one), explicit resources, and the proxy image through the mirror when set.
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
                    container: {
                        resources: PROXY_RESOURCES,
                        ...(options.mirror === undefined ? {} : { image: imageRef(IMAGES.envoyProxy, options.mirror) }),
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
