import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadClass } from "../../contract/labels";
import { imageRef, type ImagePin } from "../../contract/versions";
import { childName } from "../lib/naming";
import type { SecurityLoosening } from "../lib/security";
import { endpointSlug, type Endpoint, type Flow, type FlowPort } from "../network/flows";
import {
    containerSpec,
    defaultWorkloadClass,
    hpaSpec,
    minimumReplicas,
    pdbSpec,
    podLabels,
    selectorLabels,
    serviceSpec,
    WorkloadKind,
    type Autoscaling,
    type ContainerPortSpec,
    type HealthCheck,
    type ResourceSpec,
} from "./manifests";
import { listenerFor, routeResource, routeTargetPort, type RouteOptions } from "./route";
import { mountProblems, type ConfigMount, type SharedVolume } from "./volumes";
import {
    DATA_VOLUME,
    deploymentSpec,
    flowPolicyArgs,
    podTemplate,
    serviceMonitorResource,
    statefulSetSpec,
    workloadEndpoint,
    workloadFlowPolicies,
    workloadMetadata,
    type StorageSpec,
} from "./workload-manifests";
import { PriorityClassName } from "../../contract/priority-classes";

type PodTemplateSpec = k8s.types.input.core.v1.PodTemplateSpec;

const DEFAULT_KIND = WorkloadKind.deployment;
const DEFAULT_REPLICAS = 1;
const DEFAULT_SCRATCH_PATHS: readonly string[] = ["/tmp"];

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
    /** HPA bounds; the workload then declares no `spec.replicas`. @default undefined (static) */
    autoscaling?: Autoscaling;
    /** Requests (cpu, memory) and the memory limit are required. */
    resources: ResourceSpec;
    /** Container ports, all exposed by the Service under the same names. */
    ports: readonly ContainerPortSpec[];
    /** The check behind the startup, readiness and liveness probes. */
    health: HealthCheck;
    /** @default image entrypoint */
    command?: readonly string[];
    /** @default image cmd */
    args?: readonly string[];
    /** Plain environment variables. Secrets go in `secretEnv`. @default {} */
    env?: Readonly<Record<string, string>>;
    /** Environment variables from Secret keys. @default [] */
    secretEnv?: readonly { name: string; secretName: string; key: string }[];
    /** emptyDir mounts writable under the read-only root filesystem. @default ["/tmp"] */
    scratchPaths?: readonly string[];
    /** Existing claims mounted into every pod (ReadWriteMany when replicated). @default [] */
    sharedVolumes?: readonly SharedVolume[];
    /** ConfigMaps mounted read-only, as a file (one key) or a directory. @default [] */
    configMounts?: readonly ConfigMount[];
    /** StatefulSet only: a PersistentVolumeClaim per replica. @default undefined */
    storage?: StorageSpec;
    /** Named loosenings of the secure container defaults. @default {} (none) */
    security?: SecurityLoosening;
    /** Mount the ServiceAccount token (only for workloads that call the API server). @default false */
    serviceAccountToken?: boolean;
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
 */
export class Workload extends pulumi.ComponentResource {
    public readonly serviceName: string;
    /** This workload's pods as a flow endpoint (`namespace/name`). */
    public readonly endpoint: Endpoint;

    constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:workload:Workload", name, {}, opts);
        const problems = workloadArgsProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`Workload ${name}: ${problems.join("; ")}`, this);
        }
        const kind = args.kind ?? DEFAULT_KIND;
        const selector = selectorLabels(name);
        const metadata = workloadMetadata(name, args.namespace, selector);
        const template = workloadPodTemplate(name, args);
        const replicas = args.autoscaling ? undefined : (args.replicas ?? DEFAULT_REPLICAS);
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
                { metadata, spec: deploymentSpec({ selector, template, replicas }) },
                workloadOpts,
            );
        }
        new k8s.core.v1.Service(
            childName(name, "service"),
            { metadata, spec: serviceSpec(selector, args.ports) },
            child,
        );
        if (args.autoscaling) {
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
    return minimumReplicas(args.replicas ?? DEFAULT_REPLICAS, args.autoscaling);
}

/** The pod template: the secured container, labelled with its name and availability class, spread when replicated. */
export function workloadPodTemplate(name: string, args: WorkloadArgs): PodTemplateSpec {
    const floor = replicaFloor(args);
    const scratchPaths = args.scratchPaths ?? DEFAULT_SCRATCH_PATHS;
    const container = containerSpec({
        name,
        image: imageRef(args.image, args.registryMirror),
        ports: args.ports,
        resources: args.resources,
        health: args.health,
        command: args.command,
        args: args.args,
        env: args.env,
        secretEnv: args.secretEnv,
        scratchPaths,
        dataMount: args.storage ? { volume: DATA_VOLUME, mountPath: args.storage.mountPath } : undefined,
        sharedVolumes: args.sharedVolumes,
        configMounts: args.configMounts,
        security: args.security,
    });
    return podTemplate(podLabels(name, args.workloadClass ?? defaultWorkloadClass(floor), args.labels), container, {
        selector: selectorLabels(name),
        replicated: floor >= 2,
        scratchPaths,
        sharedVolumes: args.sharedVolumes,
        configMounts: args.configMounts,
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
    return flows;
}

/** Everything wrong with the args, as messages naming the fields; empty when they can work. */
export function workloadArgsProblems(args: WorkloadArgs): string[] {
    const problems: string[] = [];
    if (args.ports.length === 0) {
        problems.push("args.ports must declare at least one port");
    }
    const portNames = args.ports.map((p) => p.name);
    if (new Set(portNames).size !== portNames.length) {
        problems.push(`args.ports names must be unique, got ${portNames.join(", ")}`);
    }
    const replicas = args.replicas ?? DEFAULT_REPLICAS;
    if (!Number.isInteger(replicas) || replicas < 1) {
        problems.push(`args.replicas must be a positive integer, got ${replicas}`);
    }
    const hpa = args.autoscaling;
    if (hpa && (hpa.minReplicas < 1 || hpa.maxReplicas < hpa.minReplicas)) {
        problems.push(
            `args.autoscaling needs 1 ≤ minReplicas ≤ maxReplicas, got ${hpa.minReplicas}..${hpa.maxReplicas}`,
        );
    }
    if (args.storage && (args.kind ?? DEFAULT_KIND) !== WorkloadKind.statefulSet) {
        problems.push('args.storage needs args.kind "StatefulSet"');
    }
    problems.push(
        ...mountProblems({
            sharedVolumes: args.sharedVolumes,
            configMounts: args.configMounts,
            otherPaths: [
                ...(args.scratchPaths ?? DEFAULT_SCRATCH_PATHS),
                ...(args.storage ? [args.storage.mountPath] : []),
            ],
        }),
    );
    if (args.route) {
        if (listenerFor(args.route) === undefined) {
            const served = Object.keys(args.route.gateway.listeners).join(", ");
            problems.push(
                `args.route.hostname ${args.route.hostname} is not served by Gateway ${args.route.gateway.name} (${served})`,
            );
        }
        if (!portNames.includes(args.route.port)) {
            problems.push(`args.route.port ${args.route.port} is not one of args.ports (${portNames.join(", ")})`);
        }
    }
    if (args.serviceMonitor && !portNames.includes(args.serviceMonitor.port)) {
        problems.push(
            `args.serviceMonitor.port ${args.serviceMonitor.port} is not one of args.ports (${portNames.join(", ")})`,
        );
    }
    return problems;
}
