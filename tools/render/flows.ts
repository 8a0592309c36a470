import type * as k8s from "@pulumi/kubernetes";
// The reachability matrix: which declared endpoints may talk to which, on which ports, evaluated from the
// NetworkPolicies the program declares with the API's semantics (a pod is isolated in a direction once any
// policy of that type selects it; traffic needs the source's egress and the destination's ingress to allow it).
import { effectivePolicyTypes, selectorMatches } from "../../contract/selectors";
import { parseCidr } from "../../stacks/config/ip";
import type { CapturedResource } from "../runtime/capture";
import { NAMESPACE_NAME_LABEL } from "../../contract/labels";
import { byCodePoint } from "../../contract/order";
import { NamespaceMatcher } from "./namespace-matcher";
import { append } from "../../contract/group";

type Spec = k8s.types.output.networking.v1.NetworkPolicySpec;
type Selector = k8s.types.output.meta.v1.LabelSelector;
type Peer = k8s.types.output.networking.v1.NetworkPolicyPeer;
type Rule = {
    readonly from?: Peer[];
    readonly to?: Peer[];
    readonly ports?: k8s.types.output.networking.v1.NetworkPolicyPort[];
};
type Meta = k8s.types.output.meta.v1.ObjectMeta;
type Labels = Readonly<Record<string, string>>;

const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const NS_TYPE = "kubernetes:core/v1:Namespace";
/** Every port: a rule without ports. */
const ALL = "*";

/** A set of pods (namespace and the labels a selector names) or a set of addresses outside the pod network. */
export type ReachEndpoint =
    | { readonly kind: "pods"; readonly id: string; readonly namespace: string; readonly labels: Labels }
    | { readonly kind: "cidrs"; readonly id: string; readonly cidrs: readonly string[] };

export interface ReachPair {
    readonly from: string;
    readonly to: string;
    /** `TCP/8080`, `TCP/metrics`, or `*` for every port. */
    readonly ports: readonly string[];
}

export interface Reachability {
    readonly endpoints: readonly string[];
    readonly allowed: readonly ReachPair[];
}

interface Policy {
    readonly namespace: string;
    readonly spec: Spec;
}

function labelsText(labels: Labels): string {
    const keys = Object.keys(labels).sort();
    if (keys.length === 0) {
        return "*";
    }
    if (keys.length === 1 && keys[0] === "app.kubernetes.io/name") {
        return labels[keys[0]];
    }
    return `{${keys.map((k) => `${k}=${labels[k]}`).join(",")}}`;
}

function podsEndpoint(namespace: string, labels: Labels): ReachEndpoint {
    return { kind: "pods", id: `${namespace}/${labelsText(labels)}`, namespace, labels };
}

function cidrsEndpoint(cidrs: readonly string[]): ReachEndpoint {
    const sorted = [...cidrs].sort();
    const id = sorted.length === 1 && sorted[0] === "0.0.0.0/0" ? "world (0.0.0.0/0)" : sorted.join(",");
    return { kind: "cidrs", id, cidrs: sorted };
}

/** Namespaces a peer's namespaceSelector names through kubernetes.io/metadata.name, among the known ones. */
function peerNamespaces(selector: Selector, known: NamespaceMatcher): readonly string[] {
    return known.matching(selector);
}

function labelsOf(selector: Selector | undefined): Labels {
    return { ...(selector?.matchLabels ?? {}) };
}

function rulesOf(spec: Spec, direction: "ingress" | "egress"): Rule[] {
    const type = direction === "ingress" ? "Ingress" : "Egress";
    return effectivePolicyTypes(spec).includes(type) ? (spec[direction] ?? []) : [];
}

function peersOf(rule: Rule, direction: "ingress" | "egress"): Peer[] | undefined {
    return rule[direction === "ingress" ? "from" : "to"];
}

/** Every endpoint the policies name: selected pods, peers, address blocks, and each namespace as a whole. */
function endpointsOf(policies: readonly Policy[], namespaces: ReadonlyMap<string, Labels>): ReachEndpoint[] {
    const known = new NamespaceMatcher([...namespaces.keys()], (ns) => namespaces.get(ns) ?? {});
    const found = new Map<string, ReachEndpoint>();
    const add = (e: ReachEndpoint) => found.set(e.id, e);
    for (const ns of namespaces.keys()) {
        add(podsEndpoint(ns, {}));
    }
    for (const { namespace, spec } of policies) {
        add(podsEndpoint(namespace, labelsOf(spec.podSelector)));
        for (const direction of ["ingress", "egress"] as const) {
            for (const rule of rulesOf(spec, direction)) {
                const peers = peersOf(rule, direction) ?? [];
                const blocks = peers.filter((p) => p.ipBlock).map((p) => p.ipBlock.cidr as string);
                if (blocks.length > 0) {
                    add(cidrsEndpoint(blocks));
                }
                for (const peer of peers.filter((p) => !p.ipBlock)) {
                    const targets = peer.namespaceSelector
                        ? peerNamespaces(peer.namespaceSelector, known)
                        : [namespace];
                    const fromSelector = peer.namespaceSelector ? explicitNamespaces(peer.namespaceSelector) : [];
                    for (const ns of new Set([...targets, ...fromSelector])) {
                        add(podsEndpoint(ns, labelsOf(peer.podSelector)));
                    }
                }
            }
        }
    }
    return [...found.values()].sort((a, b) => byCodePoint(a.id, b.id));
}

/** Namespaces named outright by a selector, even when the program does not declare them (e.g. kube-system). */
function explicitNamespaces(selector: Selector): string[] {
    const named = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
    return named === undefined ? [] : [named];
}

function withinBlocks(cidrs: readonly string[], peers: readonly Peer[]): boolean {
    const blocks = peers.filter((p) => p.ipBlock);
    return cidrs.every((text) => {
        const range = parseCidr(text);
        return (
            range !== undefined &&
            blocks.some((p) => {
                const block = parseCidr(p.ipBlock.cidr);
                const excluded = ((p.ipBlock.except ?? []) as string[]).map(parseCidr);
                return (
                    block !== undefined &&
                    block.first <= range.first &&
                    range.last <= block.last &&
                    !excluded.some((x) => x !== undefined && x.first <= range.last && range.first <= x.last)
                );
            })
        );
    });
}

/** Whether a rule's peers (seen from a policy in `policyNs`) include `other`. */
function peerMatches(
    peers: readonly Peer[] | undefined,
    policyNs: string,
    other: ReachEndpoint,
    namespaces: ReadonlyMap<string, Labels>,
): boolean {
    if (peers === undefined || peers.length === 0) {
        return true;
    }
    if (other.kind === "cidrs") {
        return withinBlocks(other.cidrs, peers);
    }
    const nsLabels = namespaces.get(other.namespace) ?? { [NAMESPACE_NAME_LABEL]: other.namespace };
    return peers.some(
        (p) =>
            !p.ipBlock &&
            (p.namespaceSelector ? selectorMatches(p.namespaceSelector, nsLabels) : other.namespace === policyNs) &&
            selectorMatches(p.podSelector, other.labels),
    );
}

/** Each namespace's policies, in declaration order. */
function policiesByNamespace(policies: readonly Policy[]): Map<string, Policy[]> {
    const grouped = new Map<string, Policy[]>();
    for (const policy of policies) {
        append(grouped, policy.namespace, policy);
    }
    return grouped;
}

/** The policies that select a side's pods for `direction`; empty when the side is not isolated (address blocks never are). */
function selectingPolicies(
    self: ReachEndpoint,
    direction: "ingress" | "egress",
    byNamespace: ReadonlyMap<string, readonly Policy[]>,
): readonly Policy[] {
    if (self.kind === "cidrs") {
        return [];
    }
    const type = direction === "ingress" ? "Ingress" : "Egress";
    return (byNamespace.get(self.namespace) ?? []).filter(
        (p) => effectivePolicyTypes(p.spec).includes(type) && selectorMatches(p.spec.podSelector, self.labels),
    );
}

/** Ports a side allows towards `other`: `*` when not isolated, else the union over selecting policies' rules. */
function allowedPorts(
    selecting: readonly Policy[],
    other: ReachEndpoint,
    direction: "ingress" | "egress",
    namespaces: ReadonlyMap<string, Labels>,
): Set<string> {
    if (selecting.length === 0) {
        return new Set([ALL]);
    }
    const ports = new Set<string>();
    for (const policy of selecting) {
        for (const rule of rulesOf(policy.spec, direction)) {
            if (peerMatches(peersOf(rule, direction), policy.namespace, other, namespaces)) {
                const list = rule.ports ?? [];
                if (list.length === 0) {
                    ports.add(ALL);
                }
                list.forEach((p) => ports.add(`${p.protocol ?? "TCP"}/${p.port}`));
            }
        }
    }
    return ports;
}

/** Endpoint indexes a side may allow (a superset: each pair is still evaluated in full), or every endpoint. */
type Candidates = "all" | readonly number[];

/** Where the endpoints are: by namespace, the address blocks, and which namespaces a selector names. */
interface EndpointIndex {
    readonly podsIn: ReadonlyMap<string, readonly number[]>;
    readonly cidrs: readonly number[];
    /** Address-block endpoints without blocks, which every ipBlock list contains. */
    readonly emptyCidrs: readonly number[];
    readonly namespaces: NamespaceMatcher;
}

function endpointIndex(endpoints: readonly ReachEndpoint[], namespaces: ReadonlyMap<string, Labels>): EndpointIndex {
    const podsIn = new Map<string, number[]>();
    const cidrs: number[] = [];
    const emptyCidrs: number[] = [];
    endpoints.forEach((e, i) => {
        if (e.kind === "cidrs") {
            cidrs.push(i);
            if (e.cidrs.length === 0) {
                emptyCidrs.push(i);
            }
            return;
        }
        append(podsIn, e.namespace, i);
    });
    const matcher = new NamespaceMatcher(
        [...podsIn.keys()],
        (ns) => namespaces.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns },
    );
    return { podsIn, cidrs, emptyCidrs, namespaces: matcher };
}

/**
 * The endpoints a side's selecting policies may allow in `direction`, following peerMatches: a rule without peers
 * allows every endpoint, an ipBlock peer only address blocks, any other peer only pods in the namespaces it names.
 */
function candidatesOf(selecting: readonly Policy[], direction: "ingress" | "egress", index: EndpointIndex): Candidates {
    const found: number[] = [...index.emptyCidrs];
    const add = (list: readonly number[]) => list.forEach((i) => found.push(i));
    for (const policy of selecting) {
        for (const rule of rulesOf(policy.spec, direction)) {
            const peers = peersOf(rule, direction);
            if (peers === undefined || peers.length === 0) {
                return "all";
            }
            for (const peer of peers) {
                if (peer.ipBlock) {
                    add(index.cidrs);
                    continue;
                }
                const named = peer.namespaceSelector
                    ? index.namespaces.matching(peer.namespaceSelector)
                    : [policy.namespace];
                named.forEach((ns) => add(index.podsIn.get(ns) ?? []));
            }
        }
    }
    return found;
}

function intersect(a: Set<string>, b: Set<string>): string[] {
    if (a.has(ALL)) {
        return [...b];
    }
    if (b.has(ALL)) {
        return [...a];
    }
    return [...a].filter((p) => b.has(p));
}

/**
 * Endpoint indexes to evaluate, ascending: the smaller of two supersets of the destinations that can get a port
 * (a source's egress candidates; the destinations that accept it, `size` of them), or every endpoint.
 */
function smallerBound(
    count: number,
    sends: Candidates,
    size: number,
    receivers: () => readonly number[],
): Iterable<number> {
    const sendSize = sends === "all" ? count : sends.length;
    if (Math.min(sendSize, size) >= count) {
        return Array.from({ length: count }, (_, j) => j);
    }
    const smaller = sends !== "all" && sendSize <= size ? sends : receivers();
    return [...new Set(smaller)].sort((a, b) => a - b);
}

/**
 * Evaluates the ordered pairs of endpoints against the declared policies (each pair that either side's rules can
 * allow; every other pair has no port in common). Sources are pods of declared
 * namespaces or address blocks; pods of undeclared namespaces (kube-dns in kube-system) appear only as
 * destinations, and address blocks only talk to declared pods.
 */
export function reachability(resources: readonly CapturedResource[]): Reachability {
    const namespaces = new Map<string, Labels>(
        resources
            .filter((r) => r.type === NS_TYPE)
            .map((r) => {
                const name = (r.inputs.metadata as Meta).name as string;
                return [name, { ...((r.inputs.metadata as Meta).labels ?? {}), [NAMESPACE_NAME_LABEL]: name }];
            }),
    );
    const policies: Policy[] = resources
        .filter((r) => r.type === NP_TYPE)
        .map((r) => ({
            namespace: (r.inputs.metadata as Meta).namespace ?? "default",
            spec: (r.inputs.spec as Spec | undefined) ?? ({} as Spec),
        }));
    const endpoints = endpointsOf(policies, namespaces);
    const byNamespace = policiesByNamespace(policies);
    const egress = endpoints.map((e) => selectingPolicies(e, "egress", byNamespace));
    const ingress = endpoints.map((e) => selectingPolicies(e, "ingress", byNamespace));
    const index = endpointIndex(endpoints, namespaces);
    // Who may receive from whom: destinations open for ingress take anything; an isolated one only the sources
    // its rules name. Together with each source's own egress candidates this bounds the pairs worth evaluating,
    // so the work follows the number of allowed flows instead of every ordered pair of endpoints.
    const openForIngress: number[] = [];
    const acceptedBy: number[][] = endpoints.map(() => []);
    ingress.forEach((selecting, to) => {
        const accepts = selecting.length === 0 ? "all" : candidatesOf(selecting, "ingress", index);
        if (accepts === "all") {
            openForIngress.push(to);
        } else {
            new Set(accepts).forEach((from) => acceptedBy[from].push(to));
        }
    });
    const declared = (e: ReachEndpoint) => e.kind === "pods" && namespaces.has(e.namespace);
    const allowed: ReachPair[] = [];
    endpoints.forEach((from, i) => {
        if (!(declared(from) || from.kind === "cidrs")) {
            return;
        }
        const sends = egress[i].length === 0 ? "all" : candidatesOf(egress[i], "egress", index);
        const targets = smallerBound(endpoints.length, sends, openForIngress.length + acceptedBy[i].length, () => [
            ...openForIngress,
            ...acceptedBy[i],
        ]);
        for (const j of targets) {
            const to = endpoints[j];
            if (from === to || !(declared(from) || (from.kind === "cidrs" && declared(to)))) {
                continue;
            }
            const out = allowedPorts(egress[i], to, "egress", namespaces);
            const into = allowedPorts(ingress[j], from, "ingress", namespaces);
            const ports = intersect(out, into).sort();
            if (ports.length > 0) {
                allowed.push({ from: from.id, to: to.id, ports });
            }
        }
    });
    return { endpoints: endpoints.map((e) => e.id), allowed };
}
