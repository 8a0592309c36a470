import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";

export const kubernetesCoreV1PodDisableServiceAccountToken: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disable-service-account-token",
    description:
        "Pods that run as the namespace's default service account do not mount its API token, which they have no use for.",
    severity: "low",
    tags: [Topic.security],
    remediationSteps:
        "Set automountServiceAccountToken: false on the pod spec; a workload that calls the API gets its own ServiceAccount and Role.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        // serviceAccount is the deprecated alias the API server still honours.
        const account = podSpec.serviceAccountName ?? podSpec.serviceAccount ?? "default";
        if (account === "default" && podSpec.automountServiceAccountToken !== false) {
            report(`pod runs as the "default" service account and must set automountServiceAccountToken=false`);
        }
    }),
};
