import { describeResource, plural, scalerBounds, type Named, type ScalerBound } from "../../lib/availability-workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GatewayType } from "../../lib/network-gateway";
import type { Props } from "../../lib/resources";

interface Bounds {
    readonly subject: string;
    readonly floor: ScalerBound;
    readonly min: ScalerBound;
    readonly max: ScalerBound | undefined;
}

/**
 * An autoscaler's bounds: an HPA's or ScaledObject's spec, or the envoyHpa an EnvoyProxy has Envoy Gateway generate
 * an HPA from (Envoy Gateway defaults an absent minReplicas to 1, as the API server does).
 */
function boundsOf(resource: Named): Bounds | undefined {
    const scaler = scalerBounds(resource);
    if (scaler !== undefined) {
        return { subject: describeResource(resource), ...scaler };
    }
    if (resource.type === GatewayType.envoyProxy) {
        const envoyHpa: Props | undefined = resource.props.spec?.provider?.kubernetes?.envoyHpa;
        if (envoyHpa === undefined) {
            return undefined;
        }
        const min = envoyHpa.minReplicas;
        const max = envoyHpa.maxReplicas;
        const minBound = { value: min ?? 1, field: "minReplicas", declared: min !== undefined };
        return {
            subject: `${describeResource(resource)} envoyHpa`,
            floor: minBound,
            min: minBound,
            max: max === undefined ? undefined : { value: max, field: "maxReplicas", declared: true },
        };
    }
    return undefined;
}

export const kubernetesAutoscalingV2HorizontalpodautoscalerDisallowFixedReplicas: PlatformResourcePolicy = {
    name: "kubernetes-autoscaling-v2-horizontalpodautoscaler-disallow-fixed-replicas",
    description:
        "No HorizontalPodAutoscaler, KEDA ScaledObject or EnvoyProxy envoyHpa sets its maximum replicas equal to its minimum, a fixed replica count that only looks autoscaled.",
    severity: "medium",
    tags: [Topic.availability, "replicas", "autoscaling"],
    remediationSteps:
        "Raise maxReplicas above minReplicas (a ScaledObject's maxReplicaCount above minReplicaCount) so the " +
        "autoscaler can absorb load, or delete it and set the fixed count " +
        "as the workload's spec.replicas (EnvoyProxy: envoyDeployment.replicas); platform-enforce-min-replicas then " +
        "judges a Deployment's or StatefulSet's count.",
    validateResource: (args, report) => {
        const found = boundsOf(args);
        // A missing maxReplicas, a minimum below the API's or above the maximum is invalid and reported by
        // kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas (for HPAs and ScaledObjects) or
        // refused by the CRD.
        const max = found?.max;
        if (found === undefined || max === undefined || typeof max.value !== "number") {
            return;
        }
        const { subject, floor, min } = found;
        // A ScaledObject with an idleReplicaCount below its minimum still moves between the two.
        if (min.value >= 1 && max.value === min.value && floor.value === min.value) {
            const set = (b: ScalerBound) => `${b.field} ${b.value}${b.declared ? "" : " (not set)"}`;
            report(
                `${subject} has ${set(min)} and ${set(max)}: it can never ` +
                    `scale, so its target always runs ${plural(min.value, "replica")} while looking autoscaled`,
            );
        }
    },
};
