import type { ScalingSignal } from "./scaling";
import type * as k8s from "@pulumi/kubernetes";
import { containerSecurityContext, podSecurityContext, type SecurityLoosening } from "../lib/security";
import { APP_LABEL, WORKLOAD_CLASS_LABEL, WorkloadClass } from "../../contract/labels";
import { EPHEMERAL_STORAGE, withEphemeralStorage } from "../../contract/ephemeral-storage";
import { byCodePoint } from "../../contract/order";
import { gpuPlacement, gpuResources, type GpuSpec } from "./gpu";
import { probes, type Health } from "./probes";
import { extraVolumeMounts, extraVolumes, type ExtraVolumes } from "./volumes";

export { probes, type Health, type HealthCheck, type HealthChecks } from "./probes";

type Affinity = k8s.types.input.core.v1.Affinity;
type TopologySpreadConstraint = k8s.types.input.core.v1.TopologySpreadConstraint;
type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type ResourceRequirements = k8s.types.input.core.v1.ResourceRequirements;
type PodSpec = k8s.types.input.core.v1.PodSpec;
type ServiceSpec = k8s.types.input.core.v1.ServiceSpec;
type HorizontalPodAutoscalerSpec = k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec;
type PodDisruptionBudgetSpec = k8s.types.input.policy.v1.PodDisruptionBudgetSpec;

export const WorkloadKind = { deployment: "Deployment", statefulSet: "StatefulSet" } as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/**
 * How replicas share nodes: `even` keeps them within one of each other per node (a topology spread, when
 * replicated); `one-per-node` never puts two on one node (required pod anti-affinity, e.g. one GPU server per GPU
 * node), so replicas beyond the eligible nodes stay Pending.
 */
export const NodeSpread = { even: "even", onePerNode: "one-per-node" } as const;
export type NodeSpread = (typeof NodeSpread)[keyof typeof NodeSpread];

const HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

/** An environment variable read from a Secret key, never inlined. */
export interface SecretEnv {
    readonly name: string;
    readonly secretName: string;
    readonly key: string;
}

export interface ContainerPortSpec {
    /** Port name (IANA service name); Service ports, probes and flows refer to it. */
    readonly name: string;
    readonly port: number;
    /** @default "TCP" */
    readonly protocol?: "TCP" | "UDP";
}

export interface ResourceSpec {
    /** Ephemeral storage @default DEFAULT_EPHEMERAL_STORAGE.request (contract/ephemeral-storage.ts) */
    readonly requests: { readonly cpu: string; readonly memory: string; readonly "ephemeral-storage"?: string };
    /**
     * Memory limit is required; a CPU limit is optional (throttling hurts latency more than it protects). Ephemeral
     * storage @default DEFAULT_EPHEMERAL_STORAGE.limit
     */
    readonly limits: { readonly memory: string; readonly cpu?: string; readonly "ephemeral-storage"?: string };
}

export interface Autoscaling {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** Average CPU utilisation (percent of requests) to hold; not with `signal`. @default 70 */
    readonly targetCpuUtilization?: number;
    /**
     * Scale on a Prometheus query (a serving signal) through a KEDA ScaledObject instead of a CPU HPA; KEDA must
     * run in the cluster (the caller orders the workload after it). @default undefined (CPU)
     */
    readonly signal?: ScalingSignal;
}

/** Selector labels: flows name a workload `namespace/name` through app.kubernetes.io/name. */
export function selectorLabels(name: string): Record<string, string> {
    return { [APP_LABEL]: name };
}

export function podLabels(
    name: string,
    workloadClass: WorkloadClass,
    extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
    return { ...extra, ...selectorLabels(name), [WORKLOAD_CLASS_LABEL]: workloadClass };
}

/** The replica floor: HPA minimum when autoscaling, else the static count. */
export function minimumReplicas(replicas: number, autoscaling?: Autoscaling): number {
    return autoscaling?.minReplicas ?? replicas;
}

export function defaultWorkloadClass(minReplicas: number): WorkloadClass {
    return minReplicas >= 2 ? WorkloadClass.ha : WorkloadClass.stateless;
}

export interface ContainerOptions extends ExtraVolumes {
    readonly name: string;
    readonly image: string;
    readonly ports: readonly ContainerPortSpec[];
    readonly resources: ResourceSpec;
    readonly health: Health;
    /** Whole GPUs requested and limited alike. @default undefined (none) */
    readonly gpus?: number;
    readonly command?: readonly string[];
    readonly args?: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
    /** Environment variables read from Secrets, never inlined. */
    readonly secretEnv?: readonly SecretEnv[];
    /** Writable emptyDir mounts for a read-only root filesystem. */
    readonly scratchPaths: readonly string[];
    readonly dataMount?: { readonly volume: string; readonly mountPath: string };
    readonly security?: SecurityLoosening;
}

export function scratchVolumeName(index: number): string {
    return `scratch-${index}`;
}

/** Plain variables sorted by name, then the Secret references in the order given. */
export function containerEnv(
    env: Readonly<Record<string, string>> = {},
    secretEnv: readonly SecretEnv[] = [],
): EnvVar[] {
    return [
        ...Object.entries(env)
            .sort(([a], [b]) => byCodePoint(a, b))
            .map(([name, value]) => ({ name, value })),
        ...secretEnv.map((e) => ({ name: e.name, valueFrom: { secretKeyRef: { name: e.secretName, key: e.key } } })),
    ];
}

/** Requests and limits with the platform's ephemeral-storage defaults, and whole GPUs in both when asked. */
export function containerResources(resources: ResourceSpec, gpus?: number): ResourceRequirements {
    const gpu = gpus === undefined ? {} : gpuResources(gpus);
    return withEphemeralStorage({
        requests: {
            cpu: resources.requests.cpu,
            memory: resources.requests.memory,
            ...ephemeral(resources.requests),
            ...gpu,
        },
        limits: {
            memory: resources.limits.memory,
            ...(resources.limits.cpu ? { cpu: resources.limits.cpu } : {}),
            ...ephemeral(resources.limits),
            ...gpu,
        },
    });
}

export function containerSpec(o: ContainerOptions): Container {
    const env = containerEnv(o.env, o.secretEnv);
    const mounts = [
        ...o.scratchPaths.map((mountPath, i) => ({ name: scratchVolumeName(i), mountPath })),
        ...(o.dataMount ? [{ name: o.dataMount.volume, mountPath: o.dataMount.mountPath }] : []),
        ...extraVolumeMounts(o),
    ];
    return {
        name: o.name,
        image: o.image,
        imagePullPolicy: "IfNotPresent",
        ...(o.command ? { command: [...o.command] } : {}),
        ...(o.args ? { args: [...o.args] } : {}),
        ...(env.length > 0 ? { env } : {}),
        ports: o.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? "TCP" })),
        resources: containerResources(o.resources, o.gpus),
        ...probes(o.health),
        securityContext: containerSecurityContext(o.security),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    };
}

/** The ephemeral-storage quantity a requests or limits block names, if any. */
function ephemeral(pair: { readonly "ephemeral-storage"?: string }): Record<string, string> {
    const value = pair[EPHEMERAL_STORAGE];
    return value === undefined ? {} : { [EPHEMERAL_STORAGE]: value };
}

/** Spreads replicas across nodes; tainted nodes the pods cannot use (GPU, control plane) are not counted. */
export function topologySpread(labels: Readonly<Record<string, string>>): TopologySpreadConstraint[] {
    return [
        {
            maxSkew: 1,
            topologyKey: HOSTNAME_TOPOLOGY,
            whenUnsatisfiable: "DoNotSchedule",
            nodeTaintsPolicy: "Honor",
            labelSelector: { matchLabels: { ...labels } },
        },
    ];
}

/** Never two of the selected pods on one node: a required anti-affinity on the hostname. */
export function onePerNode(labels: Readonly<Record<string, string>>): Affinity {
    return {
        podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: HOSTNAME_TOPOLOGY, labelSelector: { matchLabels: { ...labels } } },
            ],
        },
    };
}

/**
 * The pod spec's node spreading: `one-per-node` always (an HPA may add replicas to a single one), `even` only when
 * replicated.
 */
export function nodeSpread(
    spread: NodeSpread,
    replicated: boolean,
    labels: Readonly<Record<string, string>>,
): Pick<PodSpec, "affinity" | "topologySpreadConstraints"> {
    if (spread === NodeSpread.onePerNode) {
        return { affinity: onePerNode(labels) };
    }
    return replicated ? { topologySpreadConstraints: topologySpread(labels) } : {};
}

export interface PodOptions extends ExtraVolumes {
    readonly selector: Readonly<Record<string, string>>;
    /** Spread across nodes (two or more replicas). */
    readonly replicated: boolean;
    /** @default "even" */
    readonly spread?: NodeSpread;
    /** Run on the GPU nodes with the GPU RuntimeClass. @default undefined (anywhere untainted) */
    readonly gpu?: GpuSpec;
    /** Containers that run to completion, in order, before the main container starts. @default [] */
    readonly initContainers?: readonly Container[];
    /** Shared claims an init container writes, so the volume itself is not marked read-only. @default [] */
    readonly writtenClaims?: readonly string[];
    readonly scratchPaths: readonly string[];
    readonly runAsUser?: number;
    /** Mount the ServiceAccount token. @default false */
    readonly serviceAccountToken?: boolean;
    /** A PriorityClass the stack declares (contract/priority-classes.ts). */
    readonly priorityClassName: string;
}

export function podSpec(container: Container, options: PodOptions): PodSpec {
    const volumes = [
        ...options.scratchPaths.map((_, i) => ({ name: scratchVolumeName(i), emptyDir: { sizeLimit: "256Mi" } })),
        ...extraVolumes(options, options.writtenClaims),
    ];
    const initContainers = options.initContainers ?? [];
    return {
        automountServiceAccountToken: options.serviceAccountToken ?? false,
        enableServiceLinks: false,
        priorityClassName: options.priorityClassName,
        securityContext: podSecurityContext(options.runAsUser),
        ...(options.gpu ? gpuPlacement(options.gpu) : {}),
        ...(initContainers.length > 0 ? { initContainers: [...initContainers] } : {}),
        containers: [container],
        ...(volumes.length > 0 ? { volumes } : {}),
        ...nodeSpread(options.spread ?? NodeSpread.even, options.replicated, options.selector),
    };
}

export function serviceSpec(
    selector: Readonly<Record<string, string>>,
    ports: readonly ContainerPortSpec[],
): ServiceSpec {
    return {
        type: "ClusterIP",
        selector: { ...selector },
        ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol ?? "TCP" })),
    };
}

/** autoscaling/v2 HPA on CPU utilisation; the workload then sets no static replica count. */
export function hpaSpec(kind: WorkloadKind, target: string, autoscaling: Autoscaling): HorizontalPodAutoscalerSpec {
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind, name: target },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [
            {
                type: "Resource",
                resource: {
                    name: "cpu",
                    target: { type: "Utilization", averageUtilization: autoscaling.targetCpuUtilization ?? 70 },
                },
            },
        ],
    };
}

/** One voluntary disruption at a time, for replicated workloads. */
export function pdbSpec(selector: Readonly<Record<string, string>>): PodDisruptionBudgetSpec {
    return { maxUnavailable: 1, selector: { matchLabels: { ...selector } } };
}

export function serviceMonitorSpec(
    selector: Readonly<Record<string, string>>,
    endpoint: { readonly port: string; readonly path?: string; readonly interval?: string },
) {
    return {
        selector: { matchLabels: { ...selector } },
        endpoints: [{ port: endpoint.port, path: endpoint.path ?? "/metrics", interval: endpoint.interval ?? "30s" }],
    };
}
