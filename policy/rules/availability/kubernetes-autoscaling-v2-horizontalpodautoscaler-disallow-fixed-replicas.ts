import { describeResource, HPA_TYPES, plural, type Named } from "../../lib/availability-workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GatewayType } from "../../lib/network-gateway";
import type { Props } from "../../lib/resources";

/** An autoscaler's bounds: an HPA's spec, or the envoyHpa an EnvoyProxy has Envoy Gateway generate an HPA from. */
function boundsOf(resource: Named): { readonly subject: string; readonly bounds: Props } | undefined {
    if (HPA_TYPES.includes(resource.type)) {
        return { subject: describeResource(resource), bounds: resource.props.spec ?? {} };
    }
    if (resource.type === GatewayType.envoyProxy) {
        const envoyHpa: Props | undefined = resource.props.spec?.provider?.kubernetes?.envoyHpa;
        return envoyHpa === undefined
            ? undefined
            : { subject: `${describeResource(resource)} envoyHpa`, bounds: envoyHpa };
    }
    return undefined;
}

export const kubernetesAutoscalingV2HorizontalpodautoscalerDisallowFixedReplicas: PlatformResourcePolicy = {
    name: "kubernetes-autoscaling-v2-horizontalpodautoscaler-disallow-fixed-replicas",
    description:
        "No HorizontalPodAutoscaler (or EnvoyProxy envoyHpa) sets maxReplicas equal to minReplicas, a fixed replica count that only looks autoscaled.",
    severity: "medium",
    tags: [Topic.availability, "replicas", "autoscaling"],
    remediationSteps:
        "Raise maxReplicas above minReplicas so the HPA can absorb load, or delete the HPA and set the fixed count " +
        "as the workload's spec.replicas (EnvoyProxy: envoyDeployment.replicas); platform-enforce-min-replicas then " +
        "judges a Deployment's or StatefulSet's count.",
    validateResource: (args, report) => {
        const found = boundsOf(args);
        if (found === undefined) {
            return;
        }
        const { bounds, subject } = found;
        const maxReplicas: unknown = bounds.maxReplicas;
        // A missing maxReplicas, a minReplicas below 1 or above maxReplicas is invalid and reported by
        // kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas (for HPAs) or refused by the CRD.
        if (typeof maxReplicas !== "number") {
            return;
        }
        // The API server (and Envoy Gateway) default an absent minReplicas to 1.
        const minReplicas: number = bounds.minReplicas ?? 1;
        if (minReplicas >= 1 && maxReplicas === minReplicas) {
            const declared = bounds.minReplicas === undefined ? " (not set)" : "";
            report(
                `${subject} has minReplicas ${minReplicas}${declared} and maxReplicas ${maxReplicas}: it can never ` +
                    `scale, so its target always runs ${plural(minReplicas, "replica")} while looking autoscaled`,
            );
        }
    },
};
