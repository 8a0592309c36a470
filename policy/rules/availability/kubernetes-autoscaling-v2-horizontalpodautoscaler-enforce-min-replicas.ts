import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import {
    DEFAULT_MIN_REPLICAS,
    minimumFor,
    minReplicasSchema,
    replicaMinimums,
    type ReplicaMinimums,
} from "../../lib/availability-config";
import {
    describeResource,
    HPA_TYPES,
    SCALABLE_TYPES,
    scaledWorkloads,
    scalerBounds,
    targetsOf,
    workloadClass,
} from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { WorkloadClass } from "../../../contract/labels";

const DEFAULTS = { minReplicas: DEFAULT_MIN_REPLICAS };

function checkBounds(
    scaler: PolicyResource,
    workloads: readonly PolicyResource[],
    minimums: ReplicaMinimums,
    report: ReportViolation,
): void {
    const bounds = scalerBounds(scaler);
    if (bounds === undefined) {
        return;
    }
    const { min, max, floor } = bounds;
    const subject = describeResource(scaler);
    const [target] = targetsOf(scaler, workloads);
    // A target outside this stack (a chart's child, another stack) is judged as the default class.
    const targetClass = target === undefined ? WorkloadClass.stateless : workloadClass(target.type, target.props);
    const minimum = minimumFor(targetClass, minimums);
    if (min.value < bounds.minAllowed) {
        report(
            `${subject}: spec.${min.field}: Invalid value: ${min.value}: must be greater than or equal to ${bounds.minAllowed}`,
        );
    } else if (floor.value < minimum) {
        const declared = floor.declared ? "" : " (not set)";
        const of = target === undefined ? "" : ` for ${describeResource(target)}`;
        report(
            `${subject} has ${floor.field} ${floor.value}${declared}; the ${targetClass} minimum${of} is ${minimum}`,
        );
    }
    if (max === undefined) {
        report(`${subject}: spec.${bounds.maxField}: Required value`);
    } else if (max.value < min.value) {
        report(
            `${subject}: spec.${max.field}: Invalid value: ${max.value}: must be greater than or equal to ` +
                `${min.field} (${min.value})`,
        );
    }
}

/** Why two autoscalers on one workload fail: for HPAs alone the controller's error, with a ScaledObject KEDA's too. */
function conflict(scalers: readonly PolicyResource[]): string {
    if (scalers.every((s) => HPA_TYPES.includes(s.type))) {
        return (
            `is scaled by ${scalers.length} HorizontalPodAutoscalers (${scalers.map(describeResource).join(", ")}): ` +
            "the HPA controller refuses to scale pods that more than one HPA controls (AmbiguousSelector)"
        );
    }
    return (
        `is scaled by ${scalers.length} autoscalers (${scalers.map(describeResource).join(", ")}): KEDA's webhook ` +
        "rejects a ScaledObject on a workload another autoscaler already scales, and the HPA KEDA creates for it " +
        "would share the pods with the other (AmbiguousSelector)"
    );
}

export const kubernetesAutoscalingV2HorizontalpodautoscalerEnforceMinReplicas: PlatformStackPolicy = {
    name: "kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas",
    description:
        "Every HorizontalPodAutoscaler and KEDA ScaledObject keeps its minimum at or above the profile minimum for its target's class and its maximum at or above that minimum, and is the only autoscaler on its target.",
    severity: "high",
    tags: [Topic.availability, "replicas", "autoscaling"],
    remediationSteps:
        "Set an HPA's spec.minReplicas (a ScaledObject's spec.minReplicaCount, and no idleReplicaCount) to at least " +
        "the class minimum (stateless 2, ha 3 in prod) and its maxReplicas (maxReplicaCount) to at least that; keep " +
        "one autoscaler per workload, either an HPA or a ScaledObject (whose triggers can include cpu and memory).",
    configSchema: { properties: { minReplicas: minReplicasSchema } },
    validateStack: (args, rawReport) => {
        const config = withDefaults(DEFAULTS, args.getConfig);
        const minimums = replicaMinimums(config.minReplicas);
        const workloads = args.resources.filter((r) => SCALABLE_TYPES.includes(r.type));
        for (const scaler of args.resources) {
            checkBounds(scaler, workloads, minimums, (message) => rawReport(message, scaler.urn));
        }
        for (const { resource, scalers } of scaledWorkloads(args.resources)) {
            if (scalers.length > 1) {
                rawReport(`${describeResource(resource)} ${conflict(scalers)}`, resource.urn);
            }
        }
    },
};
