import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { parseQuantity } from "../../../contract/quantity";
import { GPU_DEFAULTS, gpuResourceSchema } from "../../lib/quotas-gpu";
import { containersOf, podSpecOf } from "../../lib/workloads";
import type { Props } from "../../lib/resources";

const DEFAULTS = { gpuResource: GPU_DEFAULTS.gpuResource };

/** API server validation of a non-overcommittable, integer resource: messages as `kubectl apply` prints them. */
function problems(resources: Props, gpu: string): string[] {
    const request = resources.requests?.[gpu];
    const limit = resources.limits?.[gpu];
    const found: string[] = [];
    for (const [field, value] of [
        ["requests", request],
        ["limits", limit],
    ] as const) {
        const amount = value === undefined ? undefined : parseQuantity(value);
        if (value !== undefined && (amount === undefined || !Number.isInteger(amount))) {
            found.push(`resources.${field}[${gpu}]: Invalid value: "${String(value)}": must be an integer`);
        }
    }
    if (request !== undefined && limit === undefined) {
        found.push(`resources.limits: Required value: Limit must be set for non overcommitable resources`);
    } else if (request !== undefined && parseQuantity(request) !== parseQuantity(limit)) {
        found.push(
            `resources.requests[${gpu}]: Invalid value: "${String(request)}": must be equal to ${gpu} limit of ${String(limit)}`,
        );
    }
    return found;
}

export const kubernetesCoreV1ContainerEnforceWholeGpus: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-enforce-whole-gpus",
    description: "Every container that asks for GPUs sets a whole-number GPU limit equal to its request.",
    severity: "high",
    tags: [Topic.quotas, "gpu"],
    remediationSteps:
        "Set resources.limits[nvidia.com/gpu] to a whole number and either omit the request (it defaults to the limit) or make it equal; GPUs cannot be shared or overcommitted by the device plugin.",
    configSchema: { properties: { ...gpuResourceSchema } },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const { gpuResource } = withDefaults(DEFAULTS, args.getConfig);
        for (const { label, container } of containersOf(podSpec)) {
            for (const problem of problems(container.resources ?? {}, gpuResource)) {
                report(`${label}: ${problem}`);
            }
        }
    },
};
