import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { containersOf, podSpecOf } from "../../lib/workloads";

const REQUIRED = [
    { field: "requests", resource: "cpu", label: "cpu request" },
    { field: "requests", resource: "memory", label: "memory request" },
    { field: "limits", resource: "memory", label: "memory limit" },
] as const;

export const kubernetesCoreV1ContainerMissingResources: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-missing-resources",
    description: "Every container and init container declares cpu and memory requests and a memory limit.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on each container.",
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        for (const { label, container } of containersOf(podSpec)) {
            // `in`, not a read: a value unknown at preview is still declared, and reading it would throw.
            const missing = REQUIRED.filter((r) => !(r.resource in (container.resources?.[r.field] ?? {})));
            if (missing.length > 0) {
                report(`${label} declares no ${missing.map((m) => m.label).join(", ")}`);
            }
        }
    },
};
