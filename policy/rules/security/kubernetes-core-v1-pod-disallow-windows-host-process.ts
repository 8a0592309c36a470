import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { securityContextsOf } from "../../lib/pss-pods";
import { validatePodSpec } from "../../lib/security-pods";

export const kubernetesCoreV1PodDisallowWindowsHostProcess: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-pod-disallow-windows-host-process",
    description: "No pod or container runs as a Windows HostProcess container, which has the node's full privileges.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and its containers; a Windows node agent that cannot run otherwise needs a per-object exemption in policy/exemptions.yaml.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, securityContext } of securityContextsOf(podSpec)) {
            if (securityContext?.windowsOptions?.hostProcess === true) {
                report(`${label} must not set securityContext.windowsOptions.hostProcess=true`);
            }
        }
    }),
};
