import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import type { Props } from "../../lib/resources";
import { validatePodSpec } from "../../lib/security-pods";
import { containersOf } from "../../lib/workloads";

/** The baseline Pod Security Standard's allowed values: undefined or 0. */
function setsHostPort(port: Props): boolean {
    const hostPort: unknown = port.hostPort;
    return hostPort !== undefined && hostPort !== null && hostPort !== 0;
}

// Only declared hostPorts are judged. The API server defaults every port of a hostNetwork pod to
// hostPort = containerPort, so such a pod also fails Pod Security Admission's hostPorts check in the cluster; the
// pack reports that once, as host-namespaces (kubernetes-core-v1-pod-disallow-host-namespaces), whose exemptions
// cover the node agents that need it.
export const kubernetesCoreV1ContainerDisallowHostPort: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-host-port",
    description: "No container, init container or ephemeral container binds a port on the node through hostPort.",
    severity: "medium",
    tags: [Topic.security],
    remediationSteps:
        "Remove ports[].hostPort (or set it to 0) and reach the container through a Service: ClusterIP inside the cluster, a MetalLB LoadBalancer or the Gateway from outside.",
    validateResource: validatePodSpec({}, (podSpec, _config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            const hostPorts = ((container.ports ?? []) as Props[]).filter(setsHostPort).map((p) => p.hostPort);
            if (hostPorts.length > 0) {
                report(`${label} must not set ports[].hostPort (is ${hostPorts.join(", ")})`);
            }
        }
    }),
};
