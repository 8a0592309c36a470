import type * as k8s from "@pulumi/kubernetes";
// The reachability matrix: which declared endpoints may talk to which, on which ports, evaluated from the
// NetworkPolicies the program declares with the API's semantics (a pod is isolated in a direction once any
// policy of that type selects it; traffic needs the source's egress and the destination's ingress to allow it).
import { effectivePolicyTypes, selectorMatches } from "../../contract/selectors";
import { parseCidr } from "../../stacks/config/ip";
import type { CapturedResource } from "../runtime/capture";
import { stableJson } from "./artifacts";
import { NAMESPACE_NAME_LABEL } from "../../contract/labels";
import { byCodePoint } from "../../contract/order";

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
function peerNamespaces(selector: Selector, known: ReadonlyMap<string, Labels>): string[] {
    return [...known.entries()].filter(([, labels]) => selectorMatches(selector, labels)).map(([ns]) => ns);
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
                        ? peerNamespaces(peer.namespaceSelector, namespaces)
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

/** Ports a side allows towards `other`: `*` when not isolated, else the union over selecting policies' rules. */
function allowedPorts(
    self: ReachEndpoint,
    other: ReachEndpoint,
    direction: "ingress" | "egress",
    policies: readonly Policy[],
    namespaces: ReadonlyMap<string, Labels>,
): Set<string> {
    if (self.kind === "cidrs") {
        return new Set([ALL]);
    }
    const type = direction === "ingress" ? "Ingress" : "Egress";
    const selecting = policies.filter(
        (p) =>
            p.namespace === self.namespace &&
            effectivePolicyTypes(p.spec).includes(type) &&
            selectorMatches(p.spec.podSelector, self.labels),
    );
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
 * Evaluates every ordered pair of endpoints against the declared policies. Sources are pods of declared
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
    const allowed: ReachPair[] = [];
    for (const from of endpoints) {
        for (const to of endpoints) {
            const declared = (e: ReachEndpoint) => e.kind === "pods" && namespaces.has(e.namespace);
            if (from === to || !(declared(from) || (from.kind === "cidrs" && declared(to)))) {
                continue;
            }
            const egress = allowedPorts(from, to, "egress", policies, namespaces);
            const ingress = allowedPorts(to, from, "ingress", policies, namespaces);
            const ports = intersect(egress, ingress).sort();
            if (ports.length > 0) {
                allowed.push({ from: from.id, to: to.id, ports });
            }
        }
    }
    return { endpoints: endpoints.map((e) => e.id), allowed };
}

export function reachabilityJson(r: Reachability): string {
    return stableJson(r);
}

/** A Markdown matrix (rows: source, columns: destination) with a legend, then the allowed flows as a list. */
export function reachabilityMarkdown(stack: string, r: Reachability): string {
    const ids = new Map(r.endpoints.map((e, i) => [e, `E${i + 1}`]));
    const cell = new Map(r.allowed.map((p) => [`${p.from}\u0000${p.to}`, p.ports.join(" ")]));
    const lines = [
        `# Network reachability: ${stack}`,
        "",
        "Evaluated from the declared NetworkPolicies (default deny plus flows). Rows are sources, columns",
        "destinations; a cell lists the allowed ports, `·` means denied. Pods in namespaces the program does not",
        "govern (kube-system) are unrestricted on their own side.",
        "",
        "| id | endpoint |",
        "|---|---|",
        ...r.endpoints.map((e) => `| ${ids.get(e)} | \`${e}\` |`),
        "",
        `| from \\ to | ${r.endpoints.map((e) => ids.get(e)).join(" | ")} |`,
        `|---|${r.endpoints.map(() => "---").join("|")}|`,
        ...r.endpoints.map(
            (from) =>
                `| ${ids.get(from)} | ${r.endpoints.map((to) => (from === to ? "—" : (cell.get(`${from}\u0000${to}`) ?? "·"))).join(" | ")} |`,
        ),
        "",
        "## Allowed flows",
        "",
        ...r.allowed.map((p) => `- \`${p.from}\` → \`${p.to}\`: ${p.ports.join(", ")}`),
        "",
    ];
    return lines.join("\n");
}
