// The cluster inventory: the declared facts a stack publishes as a ConfigMap, so the policy pack knows the same
// capacity and image source in a real `pulumi preview` (where it sees only resources) as in the offline harness.
import { field, parseStringList } from "./json";
import { K8sType } from "./k8s-types";
import { byCodePoint } from "./order";

/** Where the inventory lives: kube-public (cluster-info lives there for the same reason), under this label. */
export const INVENTORY = {
    type: K8sType.configMap,
    namespace: "kube-public",
    label: { key: "platform.io/inventory", value: "capacity" },
} as const;

/** One declared node, as published. */
export interface InventoryNode {
    readonly name: string;
    readonly ip: string;
    readonly role: string;
    readonly schedulable: boolean;
    /** Allocatable CPU and memory as declared (quantities). */
    readonly cpu: string;
    readonly memory: string;
    readonly gpus: number;
}

/** What the stack declares. */
export interface InventoryFacts {
    readonly nodes: readonly InventoryNode[];
    /** Schedulable totals: cores, bytes and whole GPUs. */
    readonly capacity: { readonly cpu: number; readonly memory: number; readonly gpus: number };
    /** The registry mirror every image is pulled through, when the stack declares one. */
    readonly registryMirror?: string;
    /** The namespaces the stack creates and governs (quota, LimitRange, default deny), sorted. */
    readonly namespaces: readonly string[];
    /** Air-gapped: pods reach nothing outside `networks` but the registry mirror. */
    readonly offline: boolean;
    /** The cluster's own address ranges as IPv4 CIDRs: node subnet, pod network, service network. */
    readonly networks: readonly string[];
}

/** ConfigMap data: totals as plain numbers so readers need no quantity parsing, nodes as JSON. */
export function inventoryData(facts: InventoryFacts): Record<string, string> {
    return {
        cpu: String(facts.capacity.cpu),
        memoryBytes: String(facts.capacity.memory),
        gpus: String(facts.capacity.gpus),
        nodes: JSON.stringify(facts.nodes),
        namespaces: JSON.stringify([...new Set(facts.namespaces)].sort(byCodePoint)),
        offline: String(facts.offline),
        networks: JSON.stringify(facts.networks),
        ...(facts.registryMirror === undefined ? {} : { registryMirror: facts.registryMirror }),
    };
}

/** A node as read back; fields a reader cannot trust are given safe values. */
export interface PublishedNode {
    readonly name: string;
    /** As published (`control-plane` or `worker`); empty when missing. */
    readonly role: string;
    readonly schedulable: boolean;
    /** Allocatable CPU and memory as published (quantities); undefined when missing or not text. */
    readonly cpu?: string;
    readonly memory?: string;
    readonly gpus: number;
}

/** The inventory as read back from ConfigMap data; undefined where a field is missing or malformed. */
export interface PublishedInventory {
    readonly cpu?: number;
    readonly memoryBytes?: number;
    readonly gpus?: number;
    readonly nodes?: readonly PublishedNode[];
    readonly registryMirror?: string;
    /** The governed namespaces; undefined when missing or not a JSON list of names. */
    readonly namespaces?: readonly string[];
    /** Whether the cluster is air-gapped; undefined when missing or neither `true` nor `false`. */
    readonly offline?: boolean;
    /** The cluster's address ranges, unchecked (readers parse the CIDRs); undefined when not a JSON list of strings. */
    readonly networks?: readonly string[];
}

function plainNumber(text: unknown): number | undefined {
    if (typeof text !== "string" || !/^\d+(\.\d+)?$/.test(text.trim())) {
        return undefined;
    }
    return Number(text);
}

function parseNodes(text: unknown): PublishedNode[] | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const nodes: unknown = JSON.parse(text);
        if (!Array.isArray(nodes)) {
            return undefined;
        }
        return nodes.map((n: unknown) => {
            const text = (key: string) => {
                const value = field(n, key);
                return typeof value === "string" ? value : undefined;
            };
            const gpus = field(n, "gpus");
            return {
                name: String(field(n, "name")),
                role: text("role") ?? "",
                schedulable: field(n, "schedulable") === true,
                cpu: text("cpu"),
                memory: text("memory"),
                gpus: typeof gpus === "number" ? gpus : 0,
            };
        });
    } catch {
        return undefined;
    }
}

function parseFlag(text: unknown): boolean | undefined {
    return text === "true" ? true : text === "false" ? false : undefined;
}

/** Whether a declared object is the inventory ConfigMap: its type, namespace and label. */
export function isInventoryObject(type: string, props: unknown): boolean {
    const metadata = field(props, "metadata");
    return (
        type === INVENTORY.type &&
        field(metadata, "namespace") === INVENTORY.namespace &&
        field(field(metadata, "labels"), INVENTORY.label.key) === INVENTORY.label.value
    );
}

/** Reads ConfigMap data written by inventoryData. */
export function readInventoryData(data: unknown): PublishedInventory {
    const mirror = field(data, "registryMirror");
    return {
        cpu: plainNumber(field(data, "cpu")),
        memoryBytes: plainNumber(field(data, "memoryBytes")),
        gpus: plainNumber(field(data, "gpus")),
        nodes: parseNodes(field(data, "nodes")),
        namespaces: parseStringList(field(data, "namespaces")),
        offline: parseFlag(field(data, "offline")),
        networks: parseStringList(field(data, "networks")),
        registryMirror: typeof mirror === "string" && mirror !== "" ? mirror : undefined,
    };
}
