import type * as k8s from "@pulumi/kubernetes";
import { containerSecurityContext, podSecurityContext, type SecurityLoosening } from "../lib/security";
import { APP_LABEL, WORKLOAD_CLASS_LABEL, WorkloadClass } from "../../contract/labels";
import { EPHEMERAL_STORAGE, withEphemeralStorage } from "../../contract/ephemeral-storage";
import { byCodePoint } from "../../contract/order";
import { extraVolumeMounts, extraVolumes, type ExtraVolumes } from "./volumes";

type TopologySpreadConstraint = k8s.types.input.core.v1.TopologySpreadConstraint;
type Container = k8s.types.input.core.v1.Container;
type PodSpec = k8s.types.input.core.v1.PodSpec;
type Probe = k8s.types.input.core.v1.Probe;
type ServiceSpec = k8s.types.input.core.v1.ServiceSpec;
type HorizontalPodAutoscalerSpec = k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec;
type PodDisruptionBudgetSpec = k8s.types.input.policy.v1.PodDisruptionBudgetSpec;

export const WorkloadKind = { deployment: "Deployment", statefulSet: "StatefulSet" } as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

export interface ContainerPortSpec {
    /** Port name (IANA service name); Service ports, probes and flows refer to it. */
    readonly name: string;
    readonly port: number;
    /** @default "TCP" */
    readonly protocol?: "TCP" | "UDP";
}

/** How the kubelet checks the container; startup, readiness and liveness probes all use it with their own timings. */
export type HealthCheck =
    | { readonly http: { readonly path: string; readonly port: string | number } }
    | { readonly grpc: { readonly port: number; readonly service?: string } }
    | { readonly tcp: { readonly port: string | number } };

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
    /** Average CPU utilisation (percent of requests) to hold. @default 70 */
    readonly targetCpuUtilization?: number;
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

function handler(check: HealthCheck): Probe {
    if ("http" in check) {
        return { httpGet: { path: check.http.path, port: check.http.port } };
    }
    if ("grpc" in check) {
        return { grpc: { port: check.grpc.port, ...(check.grpc.service ? { service: check.grpc.service } : {}) } };
    }
    return { tcpSocket: { port: check.tcp.port } };
}

/** Startup gives slow starters 5 minutes; readiness gates traffic; liveness restarts a wedged container. */
export function probes(check: HealthCheck): Pick<Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
    const base = handler(check);
    return {
        startupProbe: { ...base, periodSeconds: 5, failureThreshold: 60, timeoutSeconds: 2 },
        readinessProbe: { ...base, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
        livenessProbe: { ...base, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 },
    };
}

export interface ContainerOptions extends ExtraVolumes {
    readonly name: string;
    readonly image: string;
    readonly ports: readonly ContainerPortSpec[];
    readonly resources: ResourceSpec;
    readonly health: HealthCheck;
    readonly command?: readonly string[];
    readonly args?: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
    /** Environment variables read from Secrets, never inlined. */
    readonly secretEnv?: readonly { readonly name: string; readonly secretName: string; readonly key: string }[];
    /** Writable emptyDir mounts for a read-only root filesystem. */
    readonly scratchPaths: readonly string[];
    readonly dataMount?: { readonly volume: string; readonly mountPath: string };
    readonly security?: SecurityLoosening;
}

export function scratchVolumeName(index: number): string {
    return `scratch-${index}`;
}

export function containerSpec(o: ContainerOptions): Container {
    const env = [
        ...Object.entries(o.env ?? {})
            .sort(([a], [b]) => byCodePoint(a, b))
            .map(([name, value]) => ({ name, value })),
        ...(o.secretEnv ?? []).map((e) => ({
            name: e.name,
            valueFrom: { secretKeyRef: { name: e.secretName, key: e.key } },
        })),
    ];
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
        resources: withEphemeralStorage({
            requests: {
                cpu: o.resources.requests.cpu,
                memory: o.resources.requests.memory,
                ...ephemeral(o.resources.requests),
            },
            limits: {
                memory: o.resources.limits.memory,
                ...(o.resources.limits.cpu ? { cpu: o.resources.limits.cpu } : {}),
                ...ephemeral(o.resources.limits),
            },
        }),
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
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "DoNotSchedule",
            nodeTaintsPolicy: "Honor",
            labelSelector: { matchLabels: { ...labels } },
        },
    ];
}

export interface PodOptions extends ExtraVolumes {
    readonly selector: Readonly<Record<string, string>>;
    /** Spread across nodes (two or more replicas). */
    readonly replicated: boolean;
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
        ...extraVolumes(options),
    ];
    return {
        automountServiceAccountToken: options.serviceAccountToken ?? false,
        enableServiceLinks: false,
        priorityClassName: options.priorityClassName,
        securityContext: podSecurityContext(options.runAsUser),
        containers: [container],
        ...(volumes.length > 0 ? { volumes } : {}),
        ...(options.replicated ? { topologySpreadConstraints: topologySpread(options.selector) } : {}),
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
