import type { GatewayRef } from "../network/gateway-manifests";

export const RouteKind = { http: "HTTPRoute", grpc: "GRPCRoute" } as const;
export type RouteKind = (typeof RouteKind)[keyof typeof RouteKind];

/** Exposure through the shared Gateway. The hostname must be one of its HTTPS listeners (TLS from the issuer). */
export interface RouteOptions {
    readonly gateway: GatewayRef;
    readonly hostname: string;
    /** The Service port name that receives the traffic. */
    readonly port: string;
    /** @default "HTTPRoute" */
    readonly kind?: RouteKind;
    /** Path prefix for HTTPRoutes. @default "/" */
    readonly pathPrefix?: string;
}

/** The listener a route attaches to, or undefined when the Gateway does not serve the hostname. */
export function listenerFor(route: RouteOptions): string | undefined {
    return route.gateway.listeners[route.hostname];
}

export function routeSpec(route: RouteOptions, service: string, servicePort: number): Record<string, unknown> {
    const parentRefs = [
        { name: route.gateway.name, namespace: route.gateway.namespace, sectionName: listenerFor(route) },
    ];
    const backendRefs = [{ name: service, port: servicePort }];
    if ((route.kind ?? RouteKind.http) === RouteKind.grpc) {
        return { parentRefs, hostnames: [route.hostname], rules: [{ backendRefs }] };
    }
    return {
        parentRefs,
        hostnames: [route.hostname],
        rules: [{ matches: [{ path: { type: "PathPrefix", value: route.pathPrefix ?? "/" } }], backendRefs }],
    };
}
