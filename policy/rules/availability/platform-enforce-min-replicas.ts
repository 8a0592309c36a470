import {
    DEFAULT_MIN_REPLICAS,
    minimumFor,
    minReplicasSchema,
    replicaMinimums,
    WORKLOAD_CLASSES,
} from "../../lib/availability-config";
import { describeResource, describeReplicas, scaledWorkloads, workloadClass } from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { WORKLOAD_CLASS_LABEL, WorkloadClass } from "../../../contract/labels";

const DEFAULTS = { minReplicas: DEFAULT_MIN_REPLICAS };

export const platformEnforceMinReplicas: PlatformStackPolicy = {
    name: "platform-enforce-min-replicas",
    description:
        "Every Deployment and StatefulSet that no HorizontalPodAutoscaler or KEDA ScaledObject scales runs at least the profile's minimum replicas for its workload class.",
    severity: "high",
    tags: [Topic.availability, "replicas"],
    remediationSteps:
        `Raise spec.replicas to the class minimum or let an autoscaling/v2 HPA or a KEDA ScaledObject own the count; if the default class ` +
        `(Deployment stateless, StatefulSet ha) is wrong, label the workload ${WORKLOAD_CLASS_LABEL}: ` +
        `${WORKLOAD_CLASSES.join(" | ")}.`,
    configSchema: { properties: { minReplicas: minReplicasSchema } },
    validateStack: (args, report) => {
        const config = withDefaults(DEFAULTS, args.getConfig);
        const minimums = replicaMinimums(config.minReplicas);
        for (const { resource, scalers, replicas } of scaledWorkloads(args.resources)) {
            const workloadClassName = workloadClass(resource.type, resource.props);
            if (!WORKLOAD_CLASSES.includes(workloadClassName)) {
                report(
                    `${describeResource(resource)} has label ${WORKLOAD_CLASS_LABEL} "${workloadClassName}"; ` +
                        `expected one of ${WORKLOAD_CLASSES.join(", ")}`,
                    resource.urn,
                );
                continue;
            }
            // An autoscaler's minimum is checked on the autoscaler; quorum sets are sized by platform-enforce-odd-quorum.
            if (scalers.length > 0 || workloadClassName === WorkloadClass.quorum) {
                continue;
            }
            const minimum = minimumFor(workloadClassName, minimums);
            if (replicas.count < minimum) {
                report(
                    `${describeResource(resource)} runs ${describeReplicas(replicas)}; ` +
                        `the ${workloadClassName} minimum is ${minimum}`,
                    resource.urn,
                );
            }
        }
    },
};
