import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const kubernetesCoreV1PodDisallowHostNamespaces: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-host-namespaces",
    description: "No pod shares the node's network, process or IPC namespace.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Remove hostNetwork, hostPID and hostIPC from the pod spec; expose the workload through a Service instead of the node's network.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        const shared = HOST_NAMESPACES.filter((field) => podSpec[field] === true);
        if (shared.length > 0) {
            report(`pod must not share host namespaces (${shared.map((field) => `${field}=true`).join(", ")})`);
        }
    }),
};
