// GPU conventions the inference area applies to nodes and pods and the quota rules check.

/** The resource name the NVIDIA device plugin advertises. */
export const GPU_RESOURCE = "nvidia.com/gpu";

/** GPU nodes carry this taint, so only pods that ask for a GPU (and tolerate it) land there. */
export const GPU_TAINT = { key: GPU_RESOURCE, value: "present", effect: "NoSchedule" } as const;

/** Where the NVIDIA GPU Operator runs: its DaemonSets tolerate the GPU taint on every GPU node by design. */
export const GPU_OPERATOR_NAMESPACE = "gpu-operator";

/** The label GPU feature discovery sets on GPU nodes; GPU pods select it. */
export const GPU_NODE_LABEL = { key: "nvidia.com/gpu.present", value: "true" } as const;
