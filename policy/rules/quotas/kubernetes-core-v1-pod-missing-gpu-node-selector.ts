import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import {
    GPU_DEFAULTS,
    gpuNodeLabelSchema,
    gpuResourceSchema,
    requestsGpu,
    selectsGpuNodes,
} from "../../lib/quotas-gpu";
import { podSpecOf } from "../../lib/workloads";

export const kubernetesCoreV1PodMissingGpuNodeSelector: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-missing-gpu-node-selector",
    description:
        "Every pod that asks for GPUs selects GPU nodes by label, through a nodeSelector or a required node affinity.",
    severity: "medium",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        'Set nodeSelector accelerator: nvidia on the pod template (or a required node affinity with that label In ["nvidia"]).',
    configSchema: { properties: { ...gpuResourceSchema, ...gpuNodeLabelSchema } },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(GPU_DEFAULTS, args.getConfig);
        if (requestsGpu(podSpec, config.gpuResource) && !selectsGpuNodes(podSpec, config)) {
            report(
                `pod template requests ${config.gpuResource} but selects no nodes labelled ` +
                    `${config.gpuNodeLabelKey}=${config.gpuNodeLabelValue} (nodeSelector or required node affinity)`,
            );
        }
    },
};
