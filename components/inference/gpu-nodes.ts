import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GPU_NODE_LABEL, GPU_TAINT } from "../../contract/gpu";
import { childName } from "../lib/naming";

/** The field manager of the patches, so `kubectl get node -o yaml --show-managed-fields` tells who owns what. */
export const GPU_NODES_FIELD_MANAGER = "platform-gpu-nodes";

/**
 * The server-side-apply patch of one GPU node: the GPU label and the taint list. Labels merge key by key, but
 * `spec.taints` is an atomic list under server-side apply (kubernetes/kubernetes#128866 would make it per taint), so
 * the patch owns the node's whole taint list. It is applied without force: when another manager holds taints on the
 * node (the node controller's not-ready, a cordon), `pulumi up` stops with a field conflict instead of dropping
 * them, and succeeds once the node is Ready and uncordoned. The GPU workers carry no other lasting taint (seed 003).
 */
export function gpuNodePatch(node: string): k8s.core.v1.NodePatchArgs {
    return {
        metadata: {
            name: node,
            labels: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
            annotations: { "pulumi.com/patchFieldManager": GPU_NODES_FIELD_MANAGER },
        },
        spec: { taints: [{ key: GPU_TAINT.key, value: GPU_TAINT.value, effect: GPU_TAINT.effect }] },
    };
}

/** What a node name must look like to be patched: a DNS-1123 subdomain, as the apiserver names Nodes. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why the node list cannot be patched, or undefined. */
export function gpuNodesProblem(nodes: readonly string[]): string | undefined {
    if (nodes.length === 0) {
        return "names no GPU node";
    }
    const bad = nodes.find((n) => !NODE_NAME.test(n) || n.length > 253);
    if (bad !== undefined) {
        return `${JSON.stringify(bad)} is not a Node name (a DNS-1123 subdomain)`;
    }
    const twice = nodes.find((n, i) => nodes.indexOf(n) !== i);
    return twice === undefined ? undefined : `names ${twice} twice`;
}

export interface GpuNodesArgs {
    /** The Nodes, by name, that carry GPUs (the cluster config's nodes with `gpus` above zero). */
    nodes: readonly string[];
}

/**
 * The GPU nodes, labelled `accelerator: nvidia` (GPU pods select it) and tainted `nvidia.com/gpu=present:NoSchedule`
 * (only pods that tolerate it, GPU pods and the GPU Operator's agents, land there), declared as NodePatches: the
 * Nodes themselves belong to the cluster, and deleting the component removes only the label and the taints.
 */
export class GpuNodes extends pulumi.ComponentResource {
    /** The patches, for what must wait until the nodes are labelled (the operator's DaemonSets select them). */
    public readonly patches: readonly pulumi.Resource[];

    constructor(name: string, args: GpuNodesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:inference:GpuNodes", name, {}, opts);
        const problem = gpuNodesProblem(args.nodes);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`GpuNodes ${name}: ${problem}`, this);
        }
        this.patches = args.nodes.map(
            (node) => new k8s.core.v1.NodePatch(childName(name, node), gpuNodePatch(node), { parent: this }),
        );
        this.registerOutputs({ nodes: args.nodes });
    }
}
