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
    hpaMinReplicas,
    SCALABLE_TYPES,
    scaledWorkloads,
    targetsOf,
    workloadClass,
} from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { WorkloadClass } from "../../../contract/labels";

const DEFAULTS = { minReplicas: DEFAULT_MIN_REPLICAS };

function checkBounds(
    hpa: PolicyResource,
    workloads: readonly PolicyResource[],
    minimums: ReplicaMinimums,
    report: ReportViolation,
): void {
    const spec = hpa.props.spec ?? {};
    const minReplicas = hpaMinReplicas(hpa);
    const [target] = targetsOf(hpa, workloads);
    // A target outside this stack (a chart's child, another stack) is judged as the default class.
    const targetClass = target === undefined ? WorkloadClass.stateless : workloadClass(target.type, target.props);
    const minimum = minimumFor(targetClass, minimums);
    if (minReplicas < 1) {
        report(
            `${describeResource(hpa)}: spec.minReplicas: Invalid value: ${minReplicas}: must be greater than or equal to 1`,
        );
    } else if (minReplicas < minimum) {
        const declared = spec.minReplicas === undefined ? " (not set)" : "";
        const of = target === undefined ? "" : ` for ${describeResource(target)}`;
        report(
            `${describeResource(hpa)} has minReplicas ${minReplicas}${declared}; the ${targetClass} minimum${of} is ${minimum}`,
        );
    }
    const maxReplicas = spec.maxReplicas;
    if (maxReplicas === undefined) {
        report(`${describeResource(hpa)}: spec.maxReplicas: Required value`);
    } else if (maxReplicas < minReplicas) {
        report(
            `${describeResource(hpa)}: spec.maxReplicas: Invalid value: ${maxReplicas}: must be greater than or equal to ` +
                `minReplicas (${minReplicas})`,
        );
    }
}

export const kubernetesAutoscalingV2HorizontalpodautoscalerEnforceMinReplicas: PlatformStackPolicy = {
    name: "kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas",
    description:
        "Every HorizontalPodAutoscaler keeps minReplicas at or above the profile minimum for its target's class, maxReplicas at or above minReplicas, and is the only HPA on its target.",
    severity: "high",
    tags: [Topic.availability, "replicas", "autoscaling"],
    remediationSteps:
        "Set spec.minReplicas to at least the class minimum (stateless 2, ha 3 in prod) and spec.maxReplicas to at " +
        "least minReplicas; delete all but one HPA per workload.",
    configSchema: { properties: { minReplicas: minReplicasSchema } },
    validateStack: (args, rawReport) => {
        const config = withDefaults(DEFAULTS, args.getConfig);
        const minimums = replicaMinimums(config.minReplicas);
        const workloads = args.resources.filter((r) => SCALABLE_TYPES.includes(r.type));
        for (const hpa of args.resources) {
            if (HPA_TYPES.includes(hpa.type)) {
                checkBounds(hpa, workloads, minimums, (message) => rawReport(message, hpa.urn));
            }
        }
        for (const { resource, hpas } of scaledWorkloads(args.resources)) {
            if (hpas.length > 1) {
                rawReport(
                    `${describeResource(resource)} is scaled by ${hpas.length} HorizontalPodAutoscalers ` +
                        `(${hpas.map(describeResource).join(", ")}): the HPA controller refuses to scale pods that more ` +
                        "than one HPA controls (AmbiguousSelector)",
                    resource.urn,
                );
            }
        }
    },
};
