// The platform's footprint: what its pods and chart containers request and are limited to, and where they run.
// Pure functions over a plain resource shape, so the render (captured inputs) and the policy pack (preview props)
// count the same way. The arithmetic is in footprint-resources.ts, ownership (areas, tenants) in footprint-owners.ts.
import {
    containerResources,
    declaresRequests,
    eligibleNodes,
    onNodes,
    onRole,
    podResources,
    wantsGpu,
    NodeRole,
    type FootprintEntry,
    type FootprintResource,
    type NodeCapacity,
    type Placement,
} from "./footprint-resources";
import { CHART_TYPES, K8sType, SCALER_FIELDS, SCALER_TYPES } from "./k8s-types";
import { kindOf, objectType, podSpecAt, REPLICATED_TYPES, WORKLOAD_TYPES } from "./objects";
import { CHARTS, enabledIn, type ChartContainer, type ChartPin } from "./versions";
import { field, isRecord, list, valueAt } from "./json";
import { byCodePoint } from "./order";

export * from "./footprint-resources";
export * from "./footprint-owners";

/** Every pinned chart, with the containers it declares. */
export const DEFAULT_PINS: readonly ChartPin[] = Object.values(CHARTS);

/**
 * Custom resources an operator turns into pods that are never Pulumi resources (so neither a preview nor the
 * render sees them), declared like chart containers with paths into the resource. Envoy Gateway runs one proxy
 * fleet per Gateway of a class that uses an EnvoyProxy; the platform has one shared Gateway, so one per EnvoyProxy.
 * Each switch is one the component always writes (an unset one counts as on).
 */
export const MANAGED_WORKLOADS: Readonly<Record<string, readonly ChartContainer[]>> = {
    // mariadb-operator runs a MariaDB's members as a StatefulSet of `spec.replicas` pods, each with the replication
    // agent beside the server when replicated, and the exporter as a Deployment of one when metrics are on.
    "kubernetes:k8s.mariadb.com/v1alpha1:MariaDB": [
        { name: "mariadb", resources: "spec.resources", replicas: { valuesPath: "spec.replicas", default: 1 } },
        {
            name: "agent",
            resources: "spec.replication.agent.resources",
            replicas: { valuesPath: "spec.replicas", default: 1 },
            enabledBy: "spec.replication.enabled",
        },
        {
            name: "exporter",
            resources: "spec.metrics.exporter.resources",
            replicas: { fixed: 1 },
            enabledBy: "spec.metrics.enabled",
        },
    ],
    // MaxScale runs as a StatefulSet of `spec.replicas` pods, one container each (metrics off).
    "kubernetes:k8s.mariadb.com/v1alpha1:MaxScale": [
        { name: "maxscale", resources: "spec.resources", replicas: { valuesPath: "spec.replicas", default: 1 } },
    ],
    "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy": [
        {
            name: "envoy",
            resources: "spec.provider.kubernetes.envoyDeployment.container.resources",
            replicas: { valuesPath: "spec.provider.kubernetes.envoyDeployment.replicas", default: 1 },
        },
    ],
};

/** How one chart's containers were counted: from values, from its children (a real preview), or not at all (no pin). */
export interface ChartCount {
    readonly urn: string;
    readonly name: string;
    readonly namespace: string;
    readonly chart: string;
    readonly counted: "values" | "children" | "undeclared";
}

export interface Footprint {
    readonly entries: readonly FootprintEntry[];
    readonly charts: readonly ChartCount[];
}

function namespaceOf(props: unknown): string {
    const ns = field(field(props, "metadata"), "namespace");
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

function metadataName(r: FootprintResource): string {
    const name = field(r.props.metadata, "name");
    return typeof name === "string" ? name : r.name;
}

function count(raw: unknown, fallback: number): number {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Whether a resource descends from a Helm chart: in a real preview a Chart v4's children are resources. */
export function isChartChild(r: FootprintResource, byUrn: ReadonlyMap<string, FootprintResource>): boolean {
    const seen = new Set<string>();
    for (let urn = r.parent; urn !== undefined && !seen.has(urn); urn = byUrn.get(urn)?.parent) {
        seen.add(urn);
        if (CHART_TYPES.includes(byUrn.get(urn)?.type ?? "")) {
            return true;
        }
    }
    return false;
}

/** Replicas of a scalable workload: spec.replicas, else the largest minReplicas of an HPA targeting it, else 1. */
function scaledReplicas(r: FootprintResource, hpas: readonly FootprintResource[]): { n: number; basis: string } {
    const replicas = field(r.props.spec, "replicas");
    if (replicas !== undefined && replicas !== null) {
        return { n: count(replicas, 1), basis: "spec.replicas" };
    }
    const namespace = namespaceOf(r.props);
    const scaler = hpas
        .filter((h) => {
            const ref = field(h.props.spec, "scaleTargetRef");
            return (
                namespaceOf(h.props) === namespace &&
                (field(ref, "kind") ?? SCALER_FIELDS[h.type].targetDefaults?.kind) === kindOf(r.type) &&
                field(ref, "name") === metadataName(r)
            );
        })
        .map((h) => {
            const fields = SCALER_FIELDS[h.type];
            const kind = kindOf(h.type);
            return {
                name: metadataName(h),
                what: `${kind === "HorizontalPodAutoscaler" ? "HPA" : kind} "${metadataName(h)}" ${fields.minField}`,
                min: count(field(h.props.spec, fields.minField), fields.minDefault),
            };
        })
        .sort((a, b) => b.min - a.min || byCodePoint(a.name, b.name))[0];
    return scaler === undefined ? { n: 1, basis: "default replicas" } : { n: scaler.min, basis: scaler.what };
}

/** Jobs run min(parallelism, completions) pods at once; both default to 1. */
function jobPods(jobSpec: unknown): number {
    const parallelism = count(field(jobSpec, "parallelism"), 1);
    const completions = field(jobSpec, "completions");
    return completions === undefined || completions === null
        ? parallelism
        : Math.min(parallelism, count(completions, 1));
}

function podsOf(
    r: FootprintResource,
    podSpec: unknown,
    nodes: readonly NodeCapacity[] | undefined,
    hpas: readonly FootprintResource[],
): { placement: Placement; basis: string } {
    const role = wantsGpu(podSpec) ? NodeRole.gpu : NodeRole.worker;
    switch (r.type) {
        case K8sType.pod:
            return { placement: onRole(role, 1), basis: "pod" };
        case K8sType.daemonSet:
            return nodes === undefined
                ? { placement: onRole(role, 1), basis: "one node assumed without an inventory" }
                : { placement: onNodes(eligibleNodes(podSpec, nodes)), basis: "one per eligible node" };
        case K8sType.job:
            return { placement: onRole(role, jobPods(r.props.spec)), basis: "parallelism" };
        case K8sType.cronJob:
            return {
                placement: onRole(role, jobPods(valueAt(r.props, "spec.jobTemplate.spec"))),
                basis: "parallelism",
            };
        default: {
            const { n, basis } = REPLICATED_TYPES.includes(r.type) ? scaledReplicas(r, hpas) : { n: 1, basis: "pod" };
            return { placement: onRole(role, n), basis };
        }
    }
}

function declaresAll(podSpec: unknown): boolean {
    return [...list(field(podSpec, "initContainers")), ...list(field(podSpec, "containers"))].every((c) =>
        declaresRequests(field(c, "resources")),
    );
}

function replicasOf(p: Placement): number {
    return p.pods[NodeRole.controlPlane] + p.pods[NodeRole.worker] + p.pods[NodeRole.gpu];
}

/** One pod per node, or per GPU node, of the inventory; one worker (or GPU node) assumed without one. */
function perNodePlacement(
    which: true | "gpu",
    nodes: readonly NodeCapacity[] | undefined,
): { placement: Placement; basis: string } {
    const gpu = which === "gpu";
    if (nodes === undefined) {
        return {
            placement: onRole(gpu ? NodeRole.gpu : NodeRole.worker, 1),
            basis: "one node assumed without an inventory",
        };
    }
    return gpu
        ? { placement: onNodes(nodes.filter((n) => n.role === NodeRole.gpu)), basis: "one per GPU node" }
        : { placement: onNodes(nodes), basis: "one per node" };
}

/** Entries of declared containers (a chart's, or an operator-managed resource's) read at paths into `root`. */
function declaredEntries(
    containers: readonly ChartContainer[],
    root: unknown,
    from: { source: "chart" | "managed"; kind: string; urn: string; namespace: string },
    nodes: readonly NodeCapacity[] | undefined,
): FootprintEntry[] {
    return containers
        .filter((c) => enabledIn(root, c))
        .map((c) => {
            const block = valueAt(root, c.resources);
            const { replicas } = c;
            const counted: { placement: Placement; basis: string } =
                "fixed" in replicas
                    ? { placement: onRole(NodeRole.worker, replicas.fixed), basis: "fixed" }
                    : "valuesPath" in replicas
                      ? {
                            placement: onRole(
                                NodeRole.worker,
                                count(valueAt(root, replicas.valuesPath), replicas.default),
                            ),
                            basis:
                                valueAt(root, replicas.valuesPath) === undefined
                                    ? "chart default"
                                    : replicas.valuesPath,
                        }
                      : perNodePlacement(replicas.perNode, nodes);
            return {
                ...from,
                name: c.name,
                replicas: replicasOf(counted.placement),
                basis: counted.basis,
                perPod: containerResources(block),
                placement: counted.placement,
                declared: declaresRequests(block),
            };
        });
}

/** The pin a chart resource installs, matched by chart name (the last path segment, so mirrors match too). */
export function pinOf(chart: unknown, pins: readonly ChartPin[]): ChartPin | undefined {
    if (typeof chart !== "string") {
        return undefined;
    }
    const name = chart.slice(chart.lastIndexOf("/") + 1);
    return pins.find((p) => p.chart === name);
}

/**
 * Every pod the program's resources run, one entry per workload, chart container or operator-managed fleet. A
 * chart is counted from its children when it has any (a real preview) and from its values otherwise (the render),
 * never both. A per-node chart container is counted on every declared node, an upper bound: its tolerations are
 * the chart's. `nodes` undefined (no inventory) counts one copy for anything per node.
 */
export function footprintEntries(
    declared: readonly FootprintResource[],
    nodes: readonly NodeCapacity[] | undefined,
    pins: readonly ChartPin[] = DEFAULT_PINS,
): Footprint {
    // Judged as the objects they declare: a CustomResource of kind Pod or a PodPatch runs pods too.
    const resources = declared.map((r) => ({ ...r, type: objectType(r.type, r.props) }));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const hpas = resources.filter((r) => SCALER_TYPES.includes(r.type));
    const parents = new Set(resources.flatMap((r) => (r.parent ? [r.parent] : [])));
    const entries: FootprintEntry[] = [];
    const charts: ChartCount[] = [];
    for (const r of resources) {
        const podSpec = podSpecAt(r.type, r.props);
        if (WORKLOAD_TYPES.includes(r.type)) {
            if (!isRecord(podSpec)) {
                continue;
            }
            const { placement, basis } = podsOf(r, podSpec, nodes, hpas);
            const child = isChartChild(r, byUrn);
            entries.push({
                source: child ? "chart" : "pod",
                kind: kindOf(r.type),
                name: metadataName(r),
                namespace: namespaceOf(r.props),
                urn: r.urn,
                replicas: replicasOf(placement),
                basis: child ? `${basis} (chart child)` : basis,
                perPod: podResources(podSpec),
                placement,
                declared: declaresAll(podSpec),
            });
        } else if (CHART_TYPES.includes(r.type)) {
            const pin = pinOf(r.props.chart, pins);
            const namespace = typeof r.props.namespace === "string" ? r.props.namespace : "default";
            const counted = parents.has(r.urn) ? "children" : pin === undefined ? "undeclared" : "values";
            charts.push({ urn: r.urn, name: r.name, namespace, chart: pin?.chart ?? String(r.props.chart), counted });
            if (counted === "values") {
                const from = { source: "chart" as const, kind: pin!.chart, urn: r.urn, namespace };
                entries.push(...declaredEntries(pin!.containers, r.props.values, from, nodes));
            }
        } else if (r.type in MANAGED_WORKLOADS) {
            const from = {
                source: "managed" as const,
                kind: kindOf(r.type),
                urn: r.urn,
                namespace: namespaceOf(r.props),
            };
            entries.push(...declaredEntries(MANAGED_WORKLOADS[r.type], r.props, from, nodes));
        }
    }
    const order = (e: FootprintEntry) => [e.namespace, e.kind, e.name, e.urn].join("\u0000");
    return {
        entries: entries.sort((a, b) => byCodePoint(order(a), order(b))),
        charts: charts.sort((a, b) => byCodePoint(a.urn, b.urn)),
    };
}
