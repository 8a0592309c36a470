import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadClass } from "../../contract/labels";
import { imageRef, type ImagePin } from "../../contract/versions";
import { childName } from "../lib/naming";
import type { SecurityLoosening } from "../lib/security";
import { endpointSlug, type Endpoint, type Flow, type FlowPort } from "../network/flows";
import type { GpuSpec } from "./gpu";
import { initContainerSpec, writtenClaims, type InitContainerSpec } from "./init-containers";
import {
    containerSpec,
    defaultWorkloadClass,
    hpaSpec,
    minimumReplicas,
    NodeSpread,
    pdbSpec,
    podLabels,
    selectorLabels,
    serviceSpec,
    WorkloadKind,
    type Autoscaling,
    type ContainerPortSpec,
    type Health,
    type ResourceSpec,
    type SecretEnv,
} from "./manifests";
import { routeResource, routeTargetPort, type RouteOptions } from "./route";
import { scaledObjectResource } from "./scaling";
import type { ConfigMount, MemoryVolume, SharedVolume } from "./volumes";
import {
    DATA_VOLUME,
    deploymentSpec,
    flowPolicyArgs,
    podTemplate,
    Rollout,
    serviceMonitorResource,
    statefulSetSpec,
    WORKLOAD_DEFAULTS,
    workloadEndpoint,
    workloadFlowPolicies,
    workloadMetadata,
    type StorageSpec,
} from "./workload-manifests";
import { workloadArgsProblems } from "./workload-problems";
import { PriorityClassName } from "../../contract/priority-classes";

export { workloadArgsProblems } from "./workload-problems";

type PodTemplateSpec = k8s.types.input.core.v1.PodTemplateSpec;

export interface WorkloadArgs {
    /** Namespace to run in (a governed namespace; name it, the flows need it). */
    namespace: string;
    /** Pinned image from components/lib/versions.ts. */
    image: ImagePin;
    /** Registry mirror the image is pulled through. @default undefined (upstream) */
    registryMirror?: string;
    /** @default "Deployment" */
    kind?: WorkloadKind;
    /** Static replica count; ignored when `autoscaling` is set. @default 1 */
    replicas?: number;
    /**
     * HPA bounds, on CPU or on a serving signal (a KEDA ScaledObject); the workload then declares no
     * `spec.replicas`. @default undefined (static)
     */
    autoscaling?: Autoscaling;
    /** Requests (cpu, memory) and the memory limit are required. */
    resources: ResourceSpec;
    /**
     * Whole GPUs per pod, requested and limited alike, on the GPU nodes: the platform's GPU node selector and a
     * toleration of the GPU taint (contract/gpu.ts), and the RuntimeClass that exposes the devices. Deployments
     * then replace pods one at a time instead of surging, since a surge pod would wait for a spare GPU.
     * @default undefined (no GPUs)
     */
    gpu?: GpuSpec;
    /** Container ports, all exposed by the Service under the same names. */
    ports: readonly ContainerPortSpec[];
    /**
     * The check behind the startup, readiness and liveness probes, or distinct `ready` and `live` checks with a
     * `startupSeconds` grace for slow loaders (the startup probe then allows that long). The startup grace is
     * 5 minutes unless `startupSeconds` says otherwise.
     */
    health: Health;
    /** @default image entrypoint */
    command?: readonly string[];
    /** @default image cmd */
    args?: readonly string[];
    /** Plain environment variables. Secrets go in `secretEnv`. @default {} */
    env?: Readonly<Record<string, string>>;
    /** Environment variables from Secret keys. @default [] */
    secretEnv?: readonly SecretEnv[];
    /** emptyDir mounts writable under the read-only root filesystem. @default ["/tmp"] */
    scratchPaths?: readonly string[];
    /**
     * Existing claims mounted into every pod (ReadWriteMany when replicated), read-only in the main container
     * when `readOnly`. @default []
     */
    sharedVolumes?: readonly SharedVolume[];
    /** ConfigMaps mounted read-only, as a file (one key) or a directory. @default [] */
    configMounts?: readonly ConfigMount[];
    /**
     * Memory-backed emptyDirs (tmpfs), such as a 2Gi /dev/shm for an inference server. What they hold counts
     * against the container's memory limit, so their sizeLimits together must stay below
     * `resources.limits.memory`. @default []
     */
    memoryVolumes?: readonly MemoryVolume[];
    /**
     * Containers run in order to completion before the main one starts (a model loader filling a shared claim):
     * pinned images through `registryMirror`, requests and a memory limit, the main container's security context
     * and scratch paths, the named shared claims writable, no probes. @default []
     */
    initContainers?: readonly InitContainerSpec[];
    /** StatefulSet only: a PersistentVolumeClaim per replica. @default undefined */
    storage?: StorageSpec;
    /** Named loosenings of the secure container defaults. @default {} (none) */
    security?: SecurityLoosening;
    /** Mount the ServiceAccount token (only for workloads that call the API server). @default false */
    serviceAccountToken?: boolean;
    /**
     * How replicas share nodes: `even` spreads them across nodes when replicated (a topology spread, maxSkew 1);
     * `one-per-node` never puts two on one node (required pod anti-affinity on kubernetes.io/hostname, e.g. one
     * GPU server per GPU node), and Deployments then replace pods one at a time instead of surging.
     * @default "even"
     */
    spread?: NodeSpread;
    /** Availability class label the policy pack reads. @default "ha" when min replicas ≥ 2, else "stateless" */
    workloadClass?: WorkloadClass;
    /** An HTTPRoute or GRPCRoute on the shared Gateway; adds the Gateway → workload flow. @default undefined */
    route?: RouteOptions;
    /** Extra allowed traffic into and out of the pods, on top of default deny. @default {} */
    flows?: {
        ingress?: readonly { from: Endpoint; ports: readonly FlowPort[] }[];
        egress?: readonly { to: Endpoint; ports: readonly FlowPort[] }[];
    };
    /** Create a ServiceMonitor for this port (and allow `scrapedBy` in). @default undefined */
    serviceMonitor?: { port: string; path?: string; interval?: string; scrapedBy?: Endpoint };
    /** Extra pod labels. @default {} */
    labels?: Readonly<Record<string, string>>;
    /** Pod annotations (facts the policy pack reads, such as contract/models.ts's model sources). @default {} */
    podAnnotations?: Readonly<Record<string, string>>;
    /**
     * The pods' PriorityClass, one the stack declares: the caller says whether this is a platform component or a
     * tenant app. @default PriorityClassName.tenant
     */
    priorityClassName?: string;
}

/**
 * A secure-by-default workload: Deployment or StatefulSet, ClusterIP Service, probes, requests and a memory limit,
 * restricted security context, HPA (without static replicas) or fixed replicas, a PDB and node spreading when
 * replicated, an optional route on the shared Gateway, its flows as NetworkPolicies, and an optional ServiceMonitor.
 * For GPU serving it adds whole GPUs on the GPU nodes, memory-backed volumes, init containers (a model loader),
 * distinct readiness and liveness checks with a long startup grace, and one replica per node.
 */
export class Workload extends pulumi.ComponentResource {
    public readonly serviceName: string;
    /** This workload's pods as a flow endpoint (`namespace/name`). */
    public readonly endpoint: Endpoint;

    constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:workload:Workload", name, {}, opts);
        const problems = workloadArgsProblems(args, name);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`Workload ${name}: ${problems.join("; ")}`, this);
        }
        const kind = args.kind ?? WORKLOAD_DEFAULTS.kind;
        const selector = selectorLabels(name);
        const metadata = workloadMetadata(name, args.namespace, selector);
        const template = workloadPodTemplate(name, args);
        const replicas = args.autoscaling ? undefined : (args.replicas ?? WORKLOAD_DEFAULTS.replicas);
        // Children do not inherit dependsOn; the caller passes the namespace (and anything else) through opts.
        const child = { parent: this, dependsOn: opts?.dependsOn };
        const workloadOpts = { ...child, ...(args.autoscaling ? { ignoreChanges: ["spec.replicas"] } : {}) };
        if (kind === WorkloadKind.statefulSet) {
            new k8s.apps.v1.StatefulSet(
                childName(name, "statefulset"),
                {
                    metadata,
                    spec: statefulSetSpec({ serviceName: name, selector, template, replicas, storage: args.storage }),
                },
                workloadOpts,
            );
        } else {
            new k8s.apps.v1.Deployment(
                childName(name, "deployment"),
                { metadata, spec: deploymentSpec({ selector, template, replicas, rollout: workloadRollout(args) }) },
                workloadOpts,
            );
        }
        new k8s.core.v1.Service(
            childName(name, "service"),
            { metadata, spec: serviceSpec(selector, args.ports) },
            child,
        );
        if (args.autoscaling?.signal) {
            new k8s.apiextensions.CustomResource(
                childName(name, "scaledobject"),
                scaledObjectResource(metadata, kind, name, args.autoscaling, args.autoscaling.signal),
                child,
            );
        } else if (args.autoscaling) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                childName(name, "hpa"),
                { metadata, spec: hpaSpec(kind, name, args.autoscaling) },
                child,
            );
        }
        if (replicaFloor(args) >= 2) {
            new k8s.policy.v1.PodDisruptionBudget(childName(name, "pdb"), { metadata, spec: pdbSpec(selector) }, child);
        }
        this.endpoint = workloadEndpoint(name, args.namespace);
        if (args.route) {
            const port = routeTargetPort(args.route, args.ports).port;
            new k8s.apiextensions.CustomResource(
                childName(name, "route"),
                routeResource(args.route, metadata, name, port),
                child,
            );
        }
        if (args.serviceMonitor) {
            new k8s.apiextensions.CustomResource(
                childName(name, "servicemonitor"),
                serviceMonitorResource(metadata, selector, args.serviceMonitor),
                child,
            );
        }
        for (const policy of workloadFlowPolicies(workloadFlows(name, args, this.endpoint))) {
            new k8s.networking.v1.NetworkPolicy(
                childName(name, `${policy.namespace}-${policy.name}`),
                flowPolicyArgs(policy),
                child,
            );
        }
        this.serviceName = name;
        this.registerOutputs({ serviceName: name, namespace: args.namespace });
    }
}

/** The replica floor: the HPA minimum when autoscaled, else the static count. */
function replicaFloor(args: WorkloadArgs): number {
    return minimumReplicas(args.replicas ?? WORKLOAD_DEFAULTS.replicas, args.autoscaling);
}

/** Pods that each hold a whole GPU or a node of their own are replaced one at a time: a surge pod could not land. */
export function workloadRollout(args: WorkloadArgs): Rollout {
    return args.gpu !== undefined || args.spread === NodeSpread.onePerNode ? Rollout.replace : Rollout.surge;
}

/** The pod template: the secured container, labelled with its name and availability class, spread when replicated. */
export function workloadPodTemplate(name: string, args: WorkloadArgs): PodTemplateSpec {
    const floor = replicaFloor(args);
    const scratchPaths = args.scratchPaths ?? WORKLOAD_DEFAULTS.scratchPaths;
    const container = containerSpec({
        name,
        image: imageRef(args.image, args.registryMirror),
        ports: args.ports,
        resources: args.resources,
        gpus: args.gpu?.count,
        health: args.health,
        command: args.command,
        args: args.args,
        env: args.env,
        secretEnv: args.secretEnv,
        scratchPaths,
        dataMount: args.storage ? { volume: DATA_VOLUME, mountPath: args.storage.mountPath } : undefined,
        sharedVolumes: args.sharedVolumes,
        configMounts: args.configMounts,
        memoryVolumes: args.memoryVolumes,
        security: args.security,
    });
    const initContainers = args.initContainers ?? [];
    const labels = podLabels(name, args.workloadClass ?? defaultWorkloadClass(floor), args.labels);
    return podTemplate({ labels, annotations: args.podAnnotations }, container, {
        selector: selectorLabels(name),
        replicated: floor >= 2,
        spread: args.spread,
        gpu: args.gpu,
        initContainers: initContainers.map((spec) =>
            initContainerSpec(spec, {
                image: imageRef(spec.image, args.registryMirror),
                sharedVolumes: args.sharedVolumes ?? [],
                scratchPaths,
                security: args.security,
            }),
        ),
        writtenClaims: writtenClaims(initContainers),
        scratchPaths,
        sharedVolumes: args.sharedVolumes,
        configMounts: args.configMounts,
        memoryVolumes: args.memoryVolumes,
        runAsUser: args.security?.runAsUser,
        serviceAccountToken: args.serviceAccountToken,
        priorityClassName: args.priorityClassName ?? PriorityClassName.tenant,
    });
}

/** The workload's flows: Gateway → pods for a route, the declared ones, and the scraper for a ServiceMonitor. */
export function workloadFlows(name: string, args: WorkloadArgs, self: Endpoint): Flow[] {
    const prefix = `${args.namespace}-${name}`;
    const flows: Flow[] = [];
    if (args.route) {
        const port = routeTargetPort(args.route, args.ports);
        flows.push({
            name: `${prefix}-from-gateway`,
            from: args.route.gateway.proxy,
            to: self,
            ports: [{ port: port.port, protocol: port.protocol ?? "TCP" }],
        });
    }
    for (const rule of args.flows?.ingress ?? []) {
        flows.push({
            name: `${prefix}-from-${endpointSlug(rule.from.name)}`,
            from: rule.from,
            to: self,
            ports: rule.ports,
        });
    }
    for (const rule of args.flows?.egress ?? []) {
        flows.push({ name: `${prefix}-to-${endpointSlug(rule.to.name)}`, from: self, to: rule.to, ports: rule.ports });
    }
    const monitor = args.serviceMonitor;
    if (monitor?.scrapedBy) {
        flows.push({
            name: `${prefix}-from-${endpointSlug(monitor.scrapedBy.name)}`,
            from: monitor.scrapedBy,
            to: self,
            ports: [{ port: monitor.port, protocol: "TCP" }],
        });
    }
    return mergedByName(flows);
}

/**
 * Flows from the same endpoint to the pods share a name (and so a NetworkPolicy): their ports are merged into one,
 * e.g. the Gateway's route port and a second port a GRPCRoute of the caller's own sends to.
 */
function mergedByName(flows: readonly Flow[]): Flow[] {
    const byName = new Map<string, Flow>();
    for (const flow of flows) {
        const seen = byName.get(flow.name);
        byName.set(flow.name, seen === undefined ? flow : { ...seen, ports: [...seen.ports, ...flow.ports] });
    }
    return [...byName.values()];
}
