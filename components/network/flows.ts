import type * as k8s from "@pulumi/kubernetes";
import { createHash } from "node:crypto";
import { APP_LABEL, NAMESPACE_NAME_LABEL } from "../../contract/labels";
import { byCodePoint } from "../../contract/order";

type NetworkPolicySpec = NonNullable<k8s.types.input.networking.v1.NetworkPolicySpec>;
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

export const Protocol = { tcp: "TCP", udp: "UDP", sctp: "SCTP" } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/** One allowed port: a number or a container port name (e.g. `metrics`), with its protocol. */
export interface FlowPort {
    readonly port: number | string;
    readonly protocol: Protocol;
}

/**
 * One side of a flow: pods (all of them, or those with `labels`) in one or more namespaces, or addresses outside
 * the pod network given as CIDRs.
 */
export type Endpoint =
    | {
          readonly kind: "pods";
          /** Display name, e.g. `web/wordpress`, `gateway`, `*`. */
          readonly name: string;
          readonly namespaces: readonly string[];
          /** Pod labels to match; empty selects every pod in the namespaces. */
          readonly labels: Readonly<Record<string, string>>;
      }
    | { readonly kind: "cidrs"; readonly name: string; readonly cidrs: readonly string[] };

/** Traffic allowed from one endpoint to another on the listed ports. */
export interface Flow {
    /** Stable name: policy names derive from it, so reordering the list replaces nothing. */
    readonly name: string;
    readonly from: Endpoint;
    readonly to: Endpoint;
    /** The ports allowed; empty allows every port (only system flows whose ports are allocated at run time). */
    readonly ports: readonly FlowPort[];
}

/** A NetworkPolicy to create: where, under which name, with which spec. */
export interface FlowPolicy {
    readonly namespace: string;
    readonly name: string;
    /** The flow it implements and the side it is on, for review. */
    readonly flow: string;
    readonly direction: "ingress" | "egress";
    readonly spec: NetworkPolicySpec;
}

/** A flow endpoint as config declares it (parsed by the config layer): every pod, a namespace or app, or an alias. */
export type EndpointRef =
    | { readonly kind: "all" }
    | { readonly kind: "namespace"; readonly namespace: string; readonly app?: string }
    | { readonly kind: "alias"; readonly alias: string };

/** An endpoint reference as config writes it: `*`, `ns`, `ns/app`, or the alias name. */
export function endpointText(ref: EndpointRef): string {
    switch (ref.kind) {
        case "all":
            return "*";
        case "alias":
            return ref.alias;
        case "namespace":
            return ref.app === undefined ? ref.namespace : `${ref.namespace}/${ref.app}`;
    }
}

/** Resolves a parsed reference against the managed namespaces and the aliases' endpoints. */
export function resolveEndpointRef(
    ref: EndpointRef,
    namespaces: readonly string[],
    aliases: Readonly<Record<string, Endpoint>>,
): Endpoint {
    switch (ref.kind) {
        case "all":
            return { kind: "pods", name: "*", namespaces: [...namespaces].sort(), labels: {} };
        case "alias": {
            const endpoint = aliases[ref.alias];
            if (endpoint === undefined) {
                throw new Error(
                    `flow endpoint alias ${ref.alias} has no endpoint (known: ${Object.keys(aliases).join(", ")})`,
                );
            }
            return endpoint;
        }
        case "namespace":
            return ref.app === undefined
                ? { kind: "pods", name: ref.namespace, namespaces: [ref.namespace], labels: {} }
                : {
                      kind: "pods",
                      name: `${ref.namespace}/${ref.app}`,
                      namespaces: [ref.namespace],
                      labels: { [APP_LABEL]: ref.app },
                  };
    }
}

/** A slug usable in object names: `web/wordpress` → `web-wordpress`, `*` → `all`. */
export function endpointSlug(name: string): string {
    return name === "*" ? "all" : name.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Names a flow from its ends when config gives none: `gateway-to-web-wordpress`. */
export function defaultFlowName(from: string, to: string): string {
    return `${endpointSlug(from)}-to-${endpointSlug(to)}`;
}

/** Keeps object names within 63 characters; long ones end in a short hash so they stay unique. */
export function boundedName(name: string, max = 63): string {
    if (name.length <= max) {
        return name;
    }
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
    return `${name.slice(0, max - 9).replace(/-+$/, "")}-${hash}`;
}

function namespaceSelector(namespaces: readonly string[]): k8s.types.input.meta.v1.LabelSelector {
    return namespaces.length === 1
        ? { matchLabels: { [NAMESPACE_NAME_LABEL]: namespaces[0] } }
        : { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...namespaces].sort() }] };
}

function podSelector(labels: Readonly<Record<string, string>>): k8s.types.input.meta.v1.LabelSelector {
    return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}

/** The peer that names an endpoint from the other side of a flow. */
export function peerOf(endpoint: Endpoint): Peer[] {
    if (endpoint.kind === "cidrs") {
        return endpoint.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    }
    const peer: Peer = { namespaceSelector: namespaceSelector(endpoint.namespaces) };
    return [Object.keys(endpoint.labels).length === 0 ? peer : { ...peer, podSelector: podSelector(endpoint.labels) }];
}

function ports(flow: Flow) {
    return flow.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
}

/**
 * The NetworkPolicies that open one flow on top of default deny: an ingress policy in every destination namespace
 * selecting the destination pods, and an egress policy in every source namespace selecting the source pods. Only
 * namespaces in `managed` get policies (others, like kube-system, are not default-deny and need none).
 */
export function flowPolicies(flow: Flow, managed: ReadonlySet<string>): FlowPolicy[] {
    const policies: FlowPolicy[] = [];
    if (flow.to.kind === "pods") {
        for (const namespace of flow.to.namespaces.filter((ns) => managed.has(ns))) {
            policies.push({
                namespace,
                name: boundedName(`flow-${flow.name}-in`),
                flow: flow.name,
                direction: "ingress",
                spec: {
                    podSelector: podSelector(flow.to.labels),
                    policyTypes: ["Ingress"],
                    ingress: [{ from: peerOf(flow.from), ports: ports(flow) }],
                },
            });
        }
    }
    if (flow.from.kind === "pods") {
        for (const namespace of flow.from.namespaces.filter((ns) => managed.has(ns))) {
            policies.push({
                namespace,
                name: boundedName(`flow-${flow.name}-out`),
                flow: flow.name,
                direction: "egress",
                spec: {
                    podSelector: podSelector(flow.from.labels),
                    policyTypes: ["Egress"],
                    egress: [{ to: peerOf(flow.to), ports: ports(flow) }],
                },
            });
        }
    }
    return policies;
}

/** Every policy for a list of flows, in a stable order (namespace, then name). */
export function allFlowPolicies(flows: readonly Flow[], managed: ReadonlySet<string>): FlowPolicy[] {
    return flows
        .flatMap((flow) => flowPolicies(flow, managed))
        .sort((a, b) => byCodePoint(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/** A flow as config declares it, endpoints already parsed. */
export interface DeclaredFlow {
    /** @default `<from>-to-<to>` slugged */
    readonly name?: string;
    readonly from: EndpointRef;
    readonly to: EndpointRef;
    readonly ports: readonly (number | string)[];
    /** @default "TCP" */
    readonly protocol?: Protocol;
}

/** The flow's name: as declared, else derived from its ends. */
export function declaredFlowName(flow: DeclaredFlow): string {
    return flow.name ?? defaultFlowName(endpointText(flow.from), endpointText(flow.to));
}

/** Resolves declared flows against the managed namespaces and the aliases' endpoints. */
export function resolveFlows(
    declared: readonly DeclaredFlow[],
    namespaces: readonly string[],
    aliases: Readonly<Record<string, Endpoint>>,
): Flow[] {
    return declared.map((flow) => ({
        name: declaredFlowName(flow),
        from: resolveEndpointRef(flow.from, namespaces, aliases),
        to: resolveEndpointRef(flow.to, namespaces, aliases),
        ports: flow.ports.map((port) => ({ port, protocol: flow.protocol ?? Protocol.tcp })),
    }));
}
