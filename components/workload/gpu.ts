import type * as k8s from "@pulumi/kubernetes";
import { GPU_NODE_LABEL, GPU_RESOURCE, GPU_TAINT } from "../../contract/gpu";

type PodSpec = k8s.types.input.core.v1.PodSpec;

/** Whole GPUs for every pod of the workload, on the GPU nodes only. */
export interface GpuSpec {
    /** Whole GPUs per pod: the device plugin neither shares nor overcommits them, so request and limit are equal. */
    readonly count: number;
    /** The RuntimeClass whose handler exposes the GPUs to the container (the GPU Operator's `nvidia`). */
    readonly runtimeClassName: string;
}

/** The GPU entry of the container's requests and of its limits (the same quantity in both). */
export function gpuResources(count: number): Record<string, string> {
    return { [GPU_RESOURCE]: String(count) };
}

/**
 * Where GPU pods run: the RuntimeClass that injects the driver, the nodes the platform labels as GPU nodes, and a
 * toleration of exactly the GPU taint (Equal on its value, not a blanket Exists), which keeps every other pod off.
 */
export function gpuPlacement(gpu: GpuSpec): Pick<PodSpec, "runtimeClassName" | "nodeSelector" | "tolerations"> {
    return {
        runtimeClassName: gpu.runtimeClassName,
        nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
        tolerations: [{ key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect }],
    };
}

/** What is wrong with the GPU args: a count that is not a whole number of at least one, or no RuntimeClass. */
export function gpuProblems(gpu: GpuSpec | undefined): string[] {
    if (gpu === undefined) {
        return [];
    }
    const problems: string[] = [];
    if (!Number.isInteger(gpu.count) || gpu.count < 1) {
        problems.push(`args.gpu.count must be a whole number of GPUs, at least 1, got ${gpu.count}`);
    }
    if (gpu.runtimeClassName.trim() === "") {
        problems.push("args.gpu.runtimeClassName names no RuntimeClass");
    }
    return problems;
}
