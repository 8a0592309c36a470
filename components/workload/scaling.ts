// Scaling on a serving signal: a KEDA ScaledObject reads a Prometheus query and drives the HPA it creates, instead
// of the CPU HPA (GPU servers queue long before their CPU is busy).
import type * as k8s from "@pulumi/kubernetes";
import { KEDA_API_VERSION } from "../../contract/keda";
import type { WorkloadKind } from "./manifests";

type CustomResourceArgs = k8s.apiextensions.CustomResourceArgs;
type ObjectMeta = k8s.types.input.meta.v1.ObjectMeta;

/**
 * How the signal's value becomes a replica count (the HPA's target type): `Value` for an average over the pods
 * (queue time: desired = current × value / threshold), `AverageValue` for a total the pods share (waiting requests:
 * desired = value / threshold).
 */
export const SignalKind = { average: "Value", total: "AverageValue" } as const;
export type SignalKind = (typeof SignalKind)[keyof typeof SignalKind];

export interface ScalingSignal {
    /** Prometheus the scaler queries, e.g. `http://prometheus-operated.monitoring.svc:9090`. */
    readonly prometheus: string;
    /** PromQL with a single result for the whole workload. */
    readonly query: string;
    /** The value to hold: per pod for `total`, overall for `average`. */
    readonly threshold: number;
    readonly kind: SignalKind;
    /**
     * How long the signal must stay low before a pod is removed: a GPU server's replacement takes minutes to load
     * its models, so scaling down is slower than scaling up. @default 600
     */
    readonly scaleDownSeconds?: number;
}

/** Why a signal cannot work, as messages naming the fields; empty when it can. */
export function signalProblems(signal: ScalingSignal): string[] {
    const problems: string[] = [];
    if (!(signal.threshold > 0)) {
        problems.push(`args.autoscaling.signal.threshold must be above 0, got ${signal.threshold}`);
    }
    if (signal.query.trim() === "") {
        problems.push("args.autoscaling.signal.query must not be empty");
    }
    if (!/^https?:\/\/[^/]+/.test(signal.prometheus)) {
        problems.push(`args.autoscaling.signal.prometheus must be an http(s) URL, got ${signal.prometheus}`);
    }
    return problems;
}

/**
 * The ScaledObject for `target`: KEDA owns the replica count between the bounds (never zero: a GPU server that
 * scaled to zero would keep its first caller waiting for a model load), scales up at once and down after
 * `scaleDownSeconds` of low signal.
 */
export function scaledObjectResource(
    metadata: ObjectMeta,
    kind: WorkloadKind,
    target: string,
    bounds: { readonly minReplicas: number; readonly maxReplicas: number },
    signal: ScalingSignal,
): CustomResourceArgs {
    return {
        apiVersion: KEDA_API_VERSION,
        kind: "ScaledObject",
        metadata,
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind, name: target },
            minReplicaCount: bounds.minReplicas,
            maxReplicaCount: bounds.maxReplicas,
            pollingInterval: 15,
            advanced: {
                horizontalPodAutoscalerConfig: {
                    behavior: {
                        scaleDown: { stabilizationWindowSeconds: signal.scaleDownSeconds ?? 600 },
                    },
                },
            },
            triggers: [
                {
                    type: "prometheus",
                    metricType: signal.kind,
                    metadata: {
                        serverAddress: signal.prometheus,
                        query: signal.query,
                        threshold: String(signal.threshold),
                    },
                },
            ],
        },
    };
}
