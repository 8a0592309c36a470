import type * as k8s from "@pulumi/kubernetes";
import { GATEWAY_API, type GatewayRef } from "../network/gateway-manifests";
import type { ContainerPortSpec } from "./manifests";

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

/** The container port a route sends traffic to (`workloadArgsProblems` reports a route port that is not declared). */
export function routeTargetPort(route: RouteOptions, ports: readonly ContainerPortSpec[]): ContainerPortSpec {
    const port = ports.find((p) => p.name === route.port);
    if (port === undefined) {
        throw new Error(`route port ${route.port} is not one of the ports (${ports.map((p) => p.name).join(", ")})`);
    }
    return port;
}

/** The HTTPRoute or GRPCRoute object sending the hostname to the Service's port. */
export function routeResource(
    route: RouteOptions,
    metadata: k8s.types.input.meta.v1.ObjectMeta,
    service: string,
    servicePort: number,
): k8s.apiextensions.CustomResourceArgs {
    return {
        apiVersion: GATEWAY_API,
        kind: route.kind ?? RouteKind.http,
        metadata,
        spec: routeSpec(route, service, servicePort),
    };
}
