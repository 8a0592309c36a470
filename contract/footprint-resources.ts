// The footprint's arithmetic: amounts, one pod's effective requests and limits, nodes and where pods land.
// Amounts are integers (millicores, bytes), so sums are exact whatever the order.
import { GPU_NODE_LABEL, GPU_RESOURCE, GPU_TAINT } from "./gpu";
import { isInventoryObject, type PublishedNode } from "./inventory";
import { field, list } from "./json";
import { parseQuantity } from "./quantity";
import { byCodePoint } from "./order";

/** A resource as both the render and the pack can give it: `parent` is the parent's URN. */
export interface FootprintResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly props: Readonly<Record<string, unknown>>;
}

/** CPU in millicores and memory in bytes. */
export interface Amount {
    readonly milliCpu: number;
    readonly memoryBytes: number;
}

export const ZERO: Amount = { milliCpu: 0, memoryBytes: 0 };

/** Requests and limits; a limit is `unbounded` when some container sets none (the declared ones are still summed). */
export interface Resources {
    readonly requests: Amount;
    readonly limits: Amount;
    readonly unbounded: { readonly cpu: boolean; readonly memory: boolean };
}

export const NO_RESOURCES: Resources = {
    requests: ZERO,
    limits: ZERO,
    unbounded: { cpu: false, memory: false },
};

export const NodeRole = { controlPlane: "control-plane", worker: "worker", gpu: "gpu" } as const;
export type NodeRole = (typeof NodeRole)[keyof typeof NodeRole];
export const NODE_ROLES: readonly NodeRole[] = [NodeRole.controlPlane, NodeRole.worker, NodeRole.gpu];

/** Control planes carry this taint unless declared schedulable. */
export const CONTROL_PLANE_TAINT_KEY = "node-role.kubernetes.io/control-plane";

/** One declared node with its allocatable capacity. */
export interface NodeCapacity {
    readonly name: string;
    readonly role: NodeRole;
    readonly schedulable: boolean;
    readonly capacity: Amount;
    readonly gpus: number;
}

/** Millicores of a cpu quantity, rounded up as the API server does; undefined when absent or invalid. */
export function milliCpuOf(raw: unknown): number | undefined {
    const cores = typeof raw === "string" || typeof raw === "number" ? parseQuantity(raw) : undefined;
    return cores === undefined ? undefined : Math.ceil(cores * 1000 - 1e-9);
}

/** Bytes of a memory quantity, rounded up; undefined when absent or invalid. */
export function memoryBytesOf(raw: unknown): number | undefined {
    const bytes = typeof raw === "string" || typeof raw === "number" ? parseQuantity(raw) : undefined;
    return bytes === undefined ? undefined : Math.ceil(bytes - 1e-9);
}

export function add(a: Amount, b: Amount): Amount {
    return { milliCpu: a.milliCpu + b.milliCpu, memoryBytes: a.memoryBytes + b.memoryBytes };
}

function max(a: Amount, b: Amount): Amount {
    return { milliCpu: Math.max(a.milliCpu, b.milliCpu), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) };
}

export function scale(r: Resources, copies: number): Resources {
    const times = (a: Amount) => ({ milliCpu: a.milliCpu * copies, memoryBytes: a.memoryBytes * copies });
    return copies === 0
        ? NO_RESOURCES
        : { requests: times(r.requests), limits: times(r.limits), unbounded: r.unbounded };
}

export function sum(all: readonly Resources[]): Resources {
    return all.reduce<Resources>(
        (total, r) => ({
            requests: add(total.requests, r.requests),
            limits: add(total.limits, r.limits),
            unbounded: {
                cpu: total.unbounded.cpu || r.unbounded.cpu,
                memory: total.unbounded.memory || r.unbounded.memory,
            },
        }),
        NO_RESOURCES,
    );
}

interface Declared {
    readonly requests: { readonly cpu?: number; readonly memory?: number };
    readonly limits: { readonly cpu?: number; readonly memory?: number };
}

/** A `resources` block as declared; Kubernetes defaults a missing request to the limit. */
function declared(block: unknown): Declared {
    const pick = (key: string) => ({
        cpu: milliCpuOf(field(field(block, key), "cpu")),
        memory: memoryBytesOf(field(field(block, key), "memory")),
    });
    const limits = pick("limits");
    const requests = pick("requests");
    return { requests: { cpu: requests.cpu ?? limits.cpu, memory: requests.memory ?? limits.memory }, limits };
}

function asAmounts(d: Declared): { requests: Amount; limits: Amount } {
    return {
        requests: { milliCpu: d.requests.cpu ?? 0, memoryBytes: d.requests.memory ?? 0 },
        limits: { milliCpu: d.limits.cpu ?? 0, memoryBytes: d.limits.memory ?? 0 },
    };
}

/** A single container's resources block. */
export function containerResources(block: unknown): Resources {
    const d = declared(block);
    return {
        ...asAmounts(d),
        unbounded: { cpu: d.limits.cpu === undefined, memory: d.limits.memory === undefined },
    };
}

/** Whether a resources block declares both a cpu and a memory request (or limits standing in for them). */
export function declaresRequests(block: unknown): boolean {
    const d = declared(block);
    return d.requests.cpu !== undefined && d.requests.memory !== undefined;
}

/**
 * A pod's effective requests and limits, as the scheduler computes them: the sum of app containers and sidecars
 * (init containers with restartPolicy Always), or the largest init container plus the sidecars started before
 * it, whichever is larger; plus the pod's overhead.
 */
export function podResources(podSpec: unknown): Resources {
    const apps = list(field(podSpec, "containers"));
    const inits = list(field(podSpec, "initContainers"));
    const all = [...inits, ...apps].map((c) => containerResources(field(c, "resources")));
    let requests = ZERO;
    let limits = ZERO;
    for (const c of apps) {
        const r = containerResources(field(c, "resources"));
        requests = add(requests, r.requests);
        limits = add(limits, r.limits);
    }
    let sidecars = { requests: ZERO, limits: ZERO };
    let peak = { requests: ZERO, limits: ZERO };
    for (const c of inits) {
        const r = containerResources(field(c, "resources"));
        if (field(c, "restartPolicy") === "Always") {
            requests = add(requests, r.requests);
            limits = add(limits, r.limits);
            sidecars = { requests: add(sidecars.requests, r.requests), limits: add(sidecars.limits, r.limits) };
            continue;
        }
        peak = {
            requests: max(peak.requests, add(sidecars.requests, r.requests)),
            limits: max(peak.limits, add(sidecars.limits, r.limits)),
        };
    }
    const overhead = containerResources({ requests: field(podSpec, "overhead"), limits: field(podSpec, "overhead") });
    return {
        requests: add(max(requests, peak.requests), overhead.requests),
        limits: add(max(limits, peak.limits), overhead.limits),
        unbounded: { cpu: all.some((r) => r.unbounded.cpu), memory: all.some((r) => r.unbounded.memory) },
    };
}

/** The role a node's capacity counts under: GPU nodes apart, whatever their role. */
function roleOf(role: string, gpus: number): NodeRole {
    return gpus > 0 ? NodeRole.gpu : role === NodeRole.controlPlane ? NodeRole.controlPlane : NodeRole.worker;
}

/** Nodes as the inventory publishes them, with the role their capacity counts under; undefined when none are. */
export function nodeCapacities(nodes: readonly PublishedNode[] | undefined): NodeCapacity[] | undefined {
    return nodes?.map((n) => ({
        name: n.name,
        role: roleOf(n.role, n.gpus),
        schedulable: n.schedulable,
        capacity: { milliCpu: milliCpuOf(n.cpu) ?? 0, memoryBytes: memoryBytesOf(n.memory) ?? 0 },
        gpus: n.gpus > 0 ? n.gpus : 0,
    }));
}

/** The inventory ConfigMap (first by urn), found the way the pack finds it. */
export function inventoryResource(resources: readonly FootprintResource[]): FootprintResource | undefined {
    return resources.filter((r) => isInventoryObject(r.type, r.props)).sort((a, b) => byCodePoint(a.urn, b.urn))[0];
}

/**
 * Declared capacity per role: every control plane, the schedulable non-GPU workers, and every GPU node. A cordoned
 * worker counts nowhere.
 */
export function roleCapacity(nodes: readonly NodeCapacity[]): Record<NodeRole, { nodes: number; capacity: Amount }> {
    const counted = nodes.filter((n) => n.role !== NodeRole.worker || n.schedulable);
    return Object.fromEntries(
        NODE_ROLES.map((role) => {
            const of = counted.filter((n) => n.role === role);
            return [role, { nodes: of.length, capacity: of.reduce((t, n) => add(t, n.capacity), ZERO) }];
        }),
    ) as Record<NodeRole, { nodes: number; capacity: Amount }>;
}

/** Where the copies of one container or pod run: per role, and how many on nodes tenants are promised. */
export interface Placement {
    readonly pods: Readonly<Record<NodeRole, number>>;
    readonly schedulable: number;
}

export function onRole(role: NodeRole, copies: number): Placement {
    const pods = { [NodeRole.controlPlane]: 0, [NodeRole.worker]: 0, [NodeRole.gpu]: 0 };
    pods[role] = copies;
    return { pods, schedulable: copies };
}

export function onNodes(nodes: readonly NodeCapacity[]): Placement {
    const pods = { [NodeRole.controlPlane]: 0, [NodeRole.worker]: 0, [NodeRole.gpu]: 0 };
    for (const n of nodes) {
        pods[n.role] += 1;
    }
    return { pods, schedulable: nodes.filter((n) => n.schedulable).length };
}

function tolerates(podSpec: unknown, key: string): boolean {
    return list(field(podSpec, "tolerations")).some((t) => {
        const tk = field(t, "key");
        return tk === key || (field(t, "operator") === "Exists" && (tk === undefined || tk === ""));
    });
}

export function wantsGpu(podSpec: unknown): boolean {
    const asks = [...list(field(podSpec, "containers")), ...list(field(podSpec, "initContainers"))].some((c) =>
        ["requests", "limits"].some((k) => field(field(field(c, "resources"), k), GPU_RESOURCE) !== undefined),
    );
    return asks || field(field(podSpec, "nodeSelector"), GPU_NODE_LABEL.key) === GPU_NODE_LABEL.value;
}

/**
 * Nodes a DaemonSet's pods land on: GPU nodes only if it tolerates the GPU taint (and only those if it selects
 * them), control planes if schedulable or tolerated, every worker (DaemonSets tolerate cordoned nodes).
 */
export function eligibleNodes(podSpec: unknown, nodes: readonly NodeCapacity[]): NodeCapacity[] {
    const gpuOnly = field(field(podSpec, "nodeSelector"), GPU_NODE_LABEL.key) === GPU_NODE_LABEL.value;
    return nodes.filter((n) => {
        if (n.role === NodeRole.gpu) {
            return tolerates(podSpec, GPU_TAINT.key);
        }
        if (gpuOnly) {
            return false;
        }
        return n.role === NodeRole.worker || n.schedulable || tolerates(podSpec, CONTROL_PLANE_TAINT_KEY);
    });
}

/** Where a pod counts: what it declares for one copy, how many copies run and where, and how that was decided. */
export interface FootprintEntry {
    /**
     * `pod`: a workload the program declares; `chart`: a chart's container, from its values (the render) or its
     * children (a real preview); `managed`: pods an operator creates from a custom resource.
     */
    readonly source: "pod" | "chart" | "managed";
    /** The workload kind (`Deployment`, ...), the chart's name for containers from values, or the custom resource kind. */
    readonly kind: string;
    /** metadata.name of a workload, or the declared container name. */
    readonly name: string;
    readonly namespace: string;
    /** The resource it comes from (the workload, the chart or the CR): its area and component come from here. */
    readonly urn: string;
    readonly replicas: number;
    readonly basis: string;
    readonly perPod: Resources;
    readonly placement: Placement;
    /** False when a container declares no cpu or no memory request. */
    readonly declared: boolean;
}

/** Total resources of an entry: one copy times its replicas. */
export function entryTotal(entry: FootprintEntry): Resources {
    return scale(entry.perPod, entry.replicas);
}

/** An entry's requests on the nodes tenants are promised (the inventory's schedulable totals). */
export function schedulableRequests(entry: FootprintEntry): Amount {
    return scale(entry.perPod, entry.placement.schedulable).requests;
}

/** An entry's requests on the nodes of one role. */
export function roleRequests(entry: FootprintEntry, role: NodeRole): Amount {
    return scale(entry.perPod, entry.placement.pods[role]).requests;
}
