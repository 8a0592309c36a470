import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import type { Props } from "../../lib/resources";
import { validatePodSpec } from "../../lib/security-pods";
import { containersOf } from "../../lib/workloads";

/** The probes and lifecycle hooks of a container, by the field that holds each. */
const HANDLERS = [
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle.postStart",
    "lifecycle.preStop",
] as const;

/** Handler kinds whose `host` the kubelet dials instead of the pod's IP. */
const WITH_HOST = ["httpGet", "tcpSocket"] as const;

function handlerAt(container: Props, field: (typeof HANDLERS)[number]): Props | undefined {
    return field.split(".").reduce((node: Props | undefined, key) => node?.[key], container);
}

// The baseline Pod Security Standard (Kubernetes 1.34+, "Host Probes / Lifecycle Hooks"): a probe or hook's
// httpGet.host or tcpSocket.host must be unset or empty. Set, the kubelet (which runs on the node) connects to that
// address, so a pod can make the node reach any host its network can: a server-side request forgery past every
// NetworkPolicy, which bind the pod's own traffic only.
export const kubernetesCoreV1ContainerDisallowHostProbes: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-host-probes",
    description: "No probe or lifecycle hook of any container names a host for the kubelet to connect to.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        "Remove httpGet.host and tcpSocket.host from the probes and lifecycle hooks: the kubelet then checks the pod's own address (set an HTTP Host header with httpGet.httpHeaders if the server needs one).",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            for (const field of HANDLERS) {
                const handler = handlerAt(container, field);
                for (const kind of WITH_HOST) {
                    const host: unknown = handler?.[kind]?.host;
                    if (host !== undefined && host !== null && host !== "") {
                        report(`${label} must not set ${field}.${kind}.host (is ${JSON.stringify(host)})`);
                    }
                }
            }
        }
    }),
};
