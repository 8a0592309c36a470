import type { PolicyResource } from "@pulumi/policy";
import { type Labels, selectorMatches } from "./network-selectors";
import { kindOf } from "../../contract/objects";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { NetworkNamespace } from "../../contract/namespaces";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** Gateway API kinds as `new k8s.apiextensions.CustomResource` registers them: `kubernetes:<apiVersion>:<kind>`. */
export const GatewayType = {
    gateway: `kubernetes:${GATEWAY_API_GROUP}/v1:Gateway`,
    httpRoute: `kubernetes:${GATEWAY_API_GROUP}/v1:HTTPRoute`,
    grpcRoute: `kubernetes:${GATEWAY_API_GROUP}/v1:GRPCRoute`,
    /** Envoy Gateway's per-Gateway infrastructure settings, including the Service it generates. */
    envoyProxy: "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy",
} as const;

/** Where the exposure layer runs: Envoy Gateway's controller namespace (its proxies and their Service) and the shared Gateway's. */
export const GATEWAY_NAMESPACES: readonly string[] = [NetworkNamespace.envoyGateway, NetworkNamespace.gateway];

export const ROUTE_TYPES: readonly string[] = [GatewayType.httpRoute, GatewayType.grpcRoute];

/** One listener a route attaches to. */
export interface Attachment {
    readonly gateway: PolicyResource;
    readonly listener: Props;
}

function gatewayKey(namespace: string, name: string): string {
    return `${namespace}/${name}`;
}

/** Whether a listener's allowedRoutes admit a route of this kind from this namespace. */
function admits(gatewayNamespace: string, listener: Props, routeType: string, routeNamespace: Labels): boolean {
    const allowed: Props = listener.allowedRoutes ?? {};
    const from: string = allowed.namespaces?.from ?? "Same";
    const routeNs = routeNamespace["kubernetes.io/metadata.name"];
    const namespaceOk =
        from === "All" ||
        (from === "Same" && routeNs === gatewayNamespace) ||
        (from === "Selector" && selectorMatches(allowed.namespaces?.selector, routeNamespace));
    const kinds: Props[] = allowed.kinds ?? [];
    const kindOk =
        kinds.length === 0 ||
        kinds.some((k) => (k.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && k.kind === kindOf(routeType));
    return namespaceOk && kindOk;
}

/**
 * The declared Gateway listeners a route attaches to, following the Gateway API: each parentRef names a Gateway
 * (namespace defaults to the route's), optionally one listener by sectionName and/or port, and the listener's
 * allowedRoutes must admit the route's namespace (default Same) and kind. Hostname intersection is not
 * evaluated, so a route counts as attached whenever the rest allows it (the conservative reading).
 * Parents that are not Gateways declared in this program are skipped.
 */
export function attachments(
    route: PolicyResource,
    gateways: readonly PolicyResource[],
    namespaceLabels: (namespace: string) => Labels,
): Attachment[] {
    const byKey = new Map(
        gateways.map((g) => [gatewayKey(metadataNamespace(g.props), metadataName(g.props) ?? ""), g]),
    );
    const routeNamespace = metadataNamespace(route.props);
    const found: Attachment[] = [];
    for (const ref of (route.props.spec?.parentRefs ?? []) as Props[]) {
        if ((ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (ref.kind ?? "Gateway") !== "Gateway") {
            continue;
        }
        const gateway = byKey.get(gatewayKey(ref.namespace ?? routeNamespace, ref.name));
        if (gateway === undefined) {
            continue;
        }
        const gatewayNamespace = metadataNamespace(gateway.props);
        for (const listener of (gateway.props.spec?.listeners ?? []) as Props[]) {
            const sectionOk = ref.sectionName === undefined || ref.sectionName === listener.name;
            const portOk = ref.port === undefined || ref.port === listener.port;
            if (
                sectionOk &&
                portOk &&
                admits(gatewayNamespace, listener, route.type, namespaceLabels(routeNamespace)) &&
                !found.some((a) => a.gateway === gateway && a.listener.name === listener.name)
            ) {
                found.push({ gateway, listener });
            }
        }
    }
    return found;
}

/** Whether an HTTPRoute rule only answers with a redirect to https (no backends, a RequestRedirect to https). */
export function redirectsToHttps(rule: Props): boolean {
    const backends: Props[] = rule.backendRefs ?? [];
    const filters: Props[] = rule.filters ?? [];
    return (
        backends.length === 0 &&
        filters.some((f) => f.type === "RequestRedirect" && f.requestRedirect?.scheme === "https")
    );
}
