import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import {
    describeTaint,
    GPU_DEFAULTS,
    gpuResourceSchema,
    gpuTaintSchema,
    gpuTolerations,
    requestsGpu,
} from "../../lib/quotas-gpu";
import { podSpecOf } from "../../lib/workloads";

export const kubernetesCoreV1PodMissingGpuToleration: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-missing-gpu-toleration",
    description: "Every pod that asks for GPUs tolerates the taint that keeps other pods off the GPU nodes.",
    severity: "high",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        "Add a toleration {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule} (or Equal with the taint's value) to the pod template.",
    configSchema: { properties: { ...gpuResourceSchema, ...gpuTaintSchema } },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(GPU_DEFAULTS, args.getConfig);
        if (requestsGpu(podSpec, config.gpuResource) && gpuTolerations(podSpec, config).length === 0) {
            const value = config.gpuTaintValue === "" ? "" : `: ${config.gpuTaintValue}`;
            report(
                `pod template requests ${config.gpuResource} but does not tolerate the GPU taint ${describeTaint(config)}; ` +
                    `the scheduler would report "node(s) had untolerated taint {${config.gpuTaintKey}${value}}"`,
            );
        }
    },
};
