import type { PolicyConfigSchema } from "@pulumi/policy";
import { GPU_NODE_LABEL, GPU_RESOURCE, GPU_RUNTIME_CLASS, GPU_TAINT } from "../../contract/gpu";
import { containersOf } from "./workloads";
import type { Props } from "./resources";

/**
 * The platform's GPU conventions (the device plugin's resource, the GPU nodes' taint and label, the RuntimeClass
 * that exposes the GPUs), as rule config defaults: a cluster with other names sets them in the profile.
 */
export const GPU_DEFAULTS = {
    gpuResource: GPU_RESOURCE as string,
    gpuTaintKey: GPU_TAINT.key as string,
    gpuTaintValue: GPU_TAINT.value as string,
    gpuTaintEffect: GPU_TAINT.effect as string,
    gpuNodeLabelKey: GPU_NODE_LABEL.key as string,
    gpuNodeLabelValue: GPU_NODE_LABEL.value as string,
    gpuRuntimeClass: GPU_RUNTIME_CLASS as string,
};

export type GpuConfig = typeof GPU_DEFAULTS;

const text = (description: string, value: string) => ({ type: "string" as const, description, default: value });

export const gpuResourceSchema: PolicyConfigSchema["properties"] = {
    gpuResource: text("The extended resource a GPU is requested as.", GPU_DEFAULTS.gpuResource),
};

export const gpuTaintSchema: PolicyConfigSchema["properties"] = {
    gpuTaintKey: text("Key of the taint GPU nodes carry.", GPU_DEFAULTS.gpuTaintKey),
    gpuTaintValue: text("Value of the GPU taint; an Equal toleration must match it.", GPU_DEFAULTS.gpuTaintValue),
    gpuTaintEffect: text("Effect of the GPU taint.", GPU_DEFAULTS.gpuTaintEffect),
};

export const gpuNodeLabelSchema: PolicyConfigSchema["properties"] = {
    gpuNodeLabelKey: text("Label key every GPU node carries.", GPU_DEFAULTS.gpuNodeLabelKey),
    gpuNodeLabelValue: text("Value of the GPU node label.", GPU_DEFAULTS.gpuNodeLabelValue),
};

export const gpuRuntimeClassSchema: PolicyConfigSchema["properties"] = {
    gpuRuntimeClass: text("The RuntimeClass every GPU pod names.", GPU_DEFAULTS.gpuRuntimeClass),
};

/** Whether any container or init container requests or limits the GPU resource. */
export function requestsGpu(podSpec: Props, gpuResource: string): boolean {
    return containersOf(podSpec).some(({ container }) => {
        const resources = container.resources ?? {};
        return resources.requests?.[gpuResource] !== undefined || resources.limits?.[gpuResource] !== undefined;
    });
}

/** `nvidia.com/gpu=present:NoSchedule`, as `kubectl describe node` prints a taint. */
export function describeTaint(config: GpuConfig): string {
    const value = config.gpuTaintValue === "" ? "" : `=${config.gpuTaintValue}`;
    return `${config.gpuTaintKey}${value}:${config.gpuTaintEffect}`;
}

/** The scheduler's toleration match (ToleratesTaint): key, operator Exists or Equal with the value, effect. */
export function tolerates(toleration: Props, config: GpuConfig): boolean {
    const effect = toleration.effect ?? "";
    if (effect !== "" && effect !== config.gpuTaintEffect) {
        return false;
    }
    const key = toleration.key ?? "";
    const operator = toleration.operator ?? "Equal";
    if (key === "") {
        return operator === "Exists";
    }
    if (key !== config.gpuTaintKey) {
        return false;
    }
    return operator === "Exists" || (operator === "Equal" && (toleration.value ?? "") === config.gpuTaintValue);
}

/** The pod spec's tolerations of the GPU taint. */
export function gpuTolerations(podSpec: Props, config: GpuConfig): Props[] {
    return ((podSpec.tolerations ?? []) as Props[]).filter((t) => tolerates(t, config));
}

/** A toleration without a key and operator Exists: it tolerates every taint (of its effect, if it names one). */
export function isBlanket(toleration: Props): boolean {
    return (toleration.key ?? "") === "" && toleration.operator === "Exists";
}

function termSelectsGpu(term: Props, config: GpuConfig): boolean {
    return ((term.matchExpressions ?? []) as Props[]).some(
        (e) =>
            e.key === config.gpuNodeLabelKey &&
            e.operator === "In" &&
            (e.values ?? []).length > 0 &&
            (e.values as string[]).every((v) => v === config.gpuNodeLabelValue),
    );
}

/**
 * Whether the pod can only land on GPU nodes: a nodeSelector on the GPU label, or a required node affinity
 * whose every term (terms are ORed) requires the label `In` the GPU value.
 */
export function selectsGpuNodes(podSpec: Props, config: GpuConfig): boolean {
    if (podSpec.nodeSelector?.[config.gpuNodeLabelKey] === config.gpuNodeLabelValue) {
        return true;
    }
    const terms: Props[] =
        podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    return terms.length > 0 && terms.every((term) => termSelectsGpu(term, config));
}
