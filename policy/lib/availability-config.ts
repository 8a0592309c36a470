import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { WorkloadClass } from "../../contract/labels";

export const WORKLOAD_CLASSES: readonly string[] = Object.values(WorkloadClass);

/** Minimum replicas per class; quorum sets are sized by `minQuorumMembers` in their own rule. */
export interface ReplicaMinimums {
    readonly stateless: number;
    readonly ha: number;
}

/** Prod strictness; the stage profile lowers both to 1. */
export const DEFAULT_MIN_REPLICAS: ReplicaMinimums = { stateless: 2, ha: 3 };

export const minReplicasSchema: PolicyConfigJSONSchema = {
    type: "object",
    description:
        "Minimum replicas (or autoscaler minimum: HPA minReplicas, ScaledObject minReplicaCount) per workload class.",
    properties: {
        stateless: { type: "integer", minimum: 1, default: DEFAULT_MIN_REPLICAS.stateless },
        ha: { type: "integer", minimum: 1, default: DEFAULT_MIN_REPLICAS.ha },
    },
    additionalProperties: false,
    default: DEFAULT_MIN_REPLICAS,
};

/** The class minimums with a partial profile value merged over the defaults (withDefaults merges one level). */
export function replicaMinimums(configured: Partial<ReplicaMinimums> | undefined): ReplicaMinimums {
    return { ...DEFAULT_MIN_REPLICAS, ...configured };
}

/** The minimum for a class; a quorum set that is autoscaled at all is held to the `ha` minimum. */
export function minimumFor(workloadClass: string, minimums: ReplicaMinimums): number {
    return workloadClass === WorkloadClass.stateless ? minimums.stateless : minimums.ha;
}
