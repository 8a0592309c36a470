import { describeResource } from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GPU_DEFAULTS, gpuResourceSchema, gpuRuntimeClassSchema, requestsGpu } from "../../lib/quotas-gpu";
import { podSpecOf } from "../../lib/workloads";

export const kubernetesCoreV1PodMissingGpuRuntimeClass: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-missing-gpu-runtime-class",
    description:
        "Every pod that asks for GPUs sets spec.runtimeClassName to the RuntimeClass whose handler exposes the GPUs to its containers.",
    severity: "high",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        "Set runtimeClassName: nvidia on the pod template (the GPU Operator creates that RuntimeClass; the platform's " +
        "GPU workloads set it through their gpu args), or configure gpuRuntimeClass if the cluster names it otherwise.",
    configSchema: { properties: { ...gpuResourceSchema, ...gpuRuntimeClassSchema } },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(GPU_DEFAULTS, args.getConfig);
        if (!requestsGpu(podSpec, config.gpuResource)) {
            return;
        }
        const runtimeClass: unknown = podSpec.runtimeClassName;
        if (runtimeClass !== config.gpuRuntimeClass) {
            const has =
                runtimeClass === undefined || runtimeClass === null || runtimeClass === ""
                    ? "sets no runtimeClassName"
                    : `sets runtimeClassName ${JSON.stringify(runtimeClass)}`;
            report(
                `${describeResource(args)} requests ${config.gpuResource} but ${has}; GPU pods run under ` +
                    `RuntimeClass "${config.gpuRuntimeClass}", whose handler exposes the GPUs to the containers`,
            );
        }
    },
};
