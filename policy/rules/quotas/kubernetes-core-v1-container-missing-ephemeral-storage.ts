import { ephemeralStorageProblems } from "../../lib/ephemeral-storage";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { containersOf, podSpecOf } from "../../lib/workloads";

// kube-score asks only for an ephemeral-storage limit (container-ephemeral-storage-request-and-limit checks both
// since 1.16, as here); Polaris does not check it. A request is required too: the scheduler places pods by
// requests, and on small local disks an unrequested writer lands on a node that has no room for it.
export const kubernetesCoreV1ContainerMissingEphemeralStorage: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-missing-ephemeral-storage",
    description:
        "Every container, init container and sidecar requests ephemeral-storage and sets a limit for it no lower than the request.",
    severity: "medium",
    tags: [Topic.quotas],
    remediationSteps:
        "Set resources.requests.ephemeral-storage and resources.limits.ephemeral-storage on each container (withEphemeralStorage from contract/ephemeral-storage.ts gives the platform defaults), the request at most the limit; size the limit to cover any disk-backed emptyDir the pod writes.",
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        for (const { label, container } of containersOf(podSpec)) {
            for (const problem of ephemeralStorageProblems(container.resources ?? {})) {
                report(`${label} ${problem}`);
            }
        }
    },
};
