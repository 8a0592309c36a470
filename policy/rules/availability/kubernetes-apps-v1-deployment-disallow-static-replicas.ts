import { describeResource, scaledWorkloads } from "../../lib/availability-workloads";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";

export const kubernetesAppsV1DeploymentDisallowStaticReplicas: PlatformStackPolicy = {
    name: "kubernetes-apps-v1-deployment-disallow-static-replicas",
    description:
        "A Deployment or StatefulSet that a HorizontalPodAutoscaler or KEDA ScaledObject scales does not set spec.replicas, which would fight the autoscaler over the count.",
    severity: "high",
    tags: [Topic.availability, "replicas", "autoscaling"],
    remediationSteps:
        "Remove spec.replicas and set the floor with the HPA's minReplicas (a ScaledObject's minReplicaCount). For a " +
        'workload already deployed with a fixed count, also add ignoreChanges: ["spec.replicas"] to its resource ' +
        "options for the transition, so the next update does not reset the autoscaler's count.",
    validateStack: (args, report) => {
        for (const { resource, scalers } of scaledWorkloads(args.resources)) {
            const replicas = scalers.length > 0 ? resource.props.spec?.replicas : undefined;
            if (replicas !== undefined) {
                // A ScaledObject scales through the HPA KEDA creates for it, so the conflict is the same.
                report(
                    `${describeResource(resource)} sets spec.replicas ${replicas} while ${describeResource(scalers[0])} scales it: ` +
                        "every update resets the count the HPA chose (a server-side apply conflict on spec.replicas)",
                    resource.urn,
                );
            }
        }
    },
};
