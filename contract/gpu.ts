// GPU conventions the inference area applies to nodes and pods and the quota rules check.

/** The resource name the NVIDIA device plugin advertises. */
export const GPU_RESOURCE = "nvidia.com/gpu";

/** GPU nodes carry this taint, so only pods that ask for a GPU (and tolerate it) land there. */
export const GPU_TAINT = { key: GPU_RESOURCE, value: "present", effect: "NoSchedule" } as const;

/** Where the NVIDIA GPU Operator runs: its DaemonSets tolerate the GPU taint on every GPU node by design. */
export const GPU_OPERATOR_NAMESPACE = "gpu-operator";

/**
 * The label the inference area puts on the GPU nodes the cluster config declares (seed 003's `accelerator: nvidia`);
 * GPU pods select it. Declared by the platform rather than read from GPU feature discovery's
 * `nvidia.com/gpu.present`, so it is there before the operator runs and only on nodes the config names.
 */
export const GPU_NODE_LABEL = { key: "accelerator", value: "nvidia" } as const;

/** The RuntimeClass that exposes the GPUs to a container (the operator's toolkit creates it); GPU pods name it. */
export const GPU_RUNTIME_CLASS = "nvidia";
