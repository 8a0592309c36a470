import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import {
    describeTaint,
    GPU_DEFAULTS,
    gpuResourceSchema,
    gpuTaintSchema,
    gpuTolerations,
    isBlanket,
    requestsGpu,
} from "../../lib/quotas-gpu";
import { podSpecOf } from "../../lib/workloads";

export const kubernetesCoreV1PodDisallowGpuToleration: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-gpu-toleration",
    description:
        "Pods that ask for no GPUs do not tolerate the GPU taint, so they cannot take GPU nodes' cpu and memory from GPU workloads.",
    severity: "medium",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        "Remove the GPU toleration (or the blanket `operator: Exists` toleration) from the pod template; a node agent that must run on GPU nodes needs a per-object exemption in policy/exemptions.yaml.",
    configSchema: {
        properties: {
            ...gpuResourceSchema,
            ...gpuTaintSchema,
        },
    },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(GPU_DEFAULTS, args.getConfig);
        if (requestsGpu(podSpec, config.gpuResource)) {
            return;
        }
        for (const toleration of gpuTolerations(podSpec, config)) {
            report(
                isBlanket(toleration)
                    ? `pod template tolerates every taint (operator Exists without a key), the GPU taint ${describeTaint(config)} included, but requests no ${config.gpuResource}`
                    : `pod template tolerates the GPU taint ${describeTaint(config)} but requests no ${config.gpuResource}`,
            );
        }
    },
};
