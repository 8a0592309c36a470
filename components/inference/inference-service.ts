import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../contract/images";
import { INFERENCE_IMAGES } from "../../contract/images-inference";
import { platformLabels, WorkloadClass } from "../../contract/labels";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { Protocol, type Endpoint } from "../network/flows";
import type { GatewayRef } from "../network/gateway-manifests";
import {
    NodeSpread,
    RouteKind,
    routeResource,
    sharedClaimSpec,
    Workload,
    type ResourceSpec,
    type ScalingSignal,
} from "../workload";
import { modelSourcesAnnotation } from "../../contract/models";
import { MODEL_SOURCE_PATH, MODELS_PATH, modelLoaderSpecs, modelSourceUrls, type Model } from "./model-loader";
import { modelSourceClaims } from "./model-sources";
import { PortName, RUNTIMES, type RuntimeName } from "./runtimes";

export interface InferenceServiceArgs {
    /** The tenant namespace (its quota bounds the GPUs). */
    namespace: string;
    runtime: RuntimeName;
    /** What the loaders put on the model claim and the runtime serves; vLLM serves exactly one. */
    models: readonly Model[];
    /** Pods: the fixed count, or the floor when `scaling` is set. */
    replicas: number;
    /**
     * Scale between `replicas` and `maxReplicas` on a serving signal (a KEDA ScaledObject; KEDA must run, the
     * caller orders the service after it). @default undefined (a fixed count)
     */
    scaling?: { maxReplicas: number; signal: ScalingSignal };
    /**
     * The GPU nodes the pods may land on: as long as the pods (at most) fit one per node, none shares a node;
     * past that (time-sliced GPUs) they spread evenly across them.
     */
    gpuNodes: number;
    /** Whole GPUs per pod. */
    gpusPerReplica: number;
    /** The RuntimeClass that exposes the GPUs (the GPU Operator's). */
    runtimeClassName: string;
    /** CPU and memory per pod. */
    resources: ResourceSpec;
    /** Memory-backed /dev/shm (the runtimes pass tensors through it). */
    shmSize: string;
    /** The model claim: read-only for the runtime, written by the loaders; ReadWriteMany when replicated. */
    modelStorage: { storageClass: string; size: string };
    /** How long loading may take before the startup probe gives up. */
    startupSeconds: number;
    /** HTTPS (and, for Triton, gRPC on its own hostname: the Gateway API forbids both on one) on the Gateway. */
    route: { gateway: GatewayRef; hostname: string; grpcHostname?: string };
    /** Where the loaders reach the model stores: each store's address (or Service pods) and port. */
    modelStores: readonly { to: Endpoint; port: number }[];
    /** The pods' PriorityClass. */
    priorityClassName: string;
    /** Availability class the pack's replica floors read. @default stateless: models come from the claim, and the prod floor of `ha` (3) would ask for a third GPU node */
    workloadClass?: WorkloadClass;
    /** Registry mirror every image is pulled through. @default undefined (upstream) */
    registryMirror?: string;
    /** Protect the model claim (protect and retainOnDelete). @default false */
    protect?: boolean;
}

/** Why the args cannot make a service, or undefined. */
export function inferenceServiceProblem(args: InferenceServiceArgs): string | undefined {
    const runtime = RUNTIMES[args.runtime];
    if (runtime === undefined) {
        return `runtime ${JSON.stringify(args.runtime)} is not one of ${Object.keys(RUNTIMES).join(", ")}`;
    }
    if (args.models.length === 0 || args.models.length > runtime.maxModels) {
        return `${args.runtime} serves 1 to ${runtime.maxModels} model(s), got ${args.models.length}`;
    }
    if (args.route.grpcHostname !== undefined && !runtime.ports.some((p) => p.name === PortName.grpc)) {
        return `${args.runtime} speaks no gRPC, so route.grpcHostname has nothing to serve`;
    }
    if (args.scaling !== undefined && args.scaling.maxReplicas <= args.replicas) {
        return `scaling.maxReplicas (${args.scaling.maxReplicas}) must be above replicas (${args.replicas}), the floor`;
    }
    if (args.route.grpcHostname === args.route.hostname) {
        return "route.grpcHostname must differ from route.hostname (an HTTPRoute and a GRPCRoute cannot share one)";
    }
    return undefined;
}

/**
 * A GPU inference server (Triton or vLLM) on the Workload building block: whole GPUs on the GPU nodes, one pod per
 * node (spread evenly when time-sliced GPUs let more pods than nodes run), a fixed count or a scaler on the runtime's
 * serving signal, loaders that fill the model claim from the model store and check each archive before the runtime starts,
 * the claim read-only for the runtime, a memory-backed /dev/shm, probes on the runtime's health endpoints with a
 * startup grace for model loading, a PDB when replicated, HTTPS and gRPC routes, and the flows they need.
 */
export class InferenceService extends pulumi.ComponentResource {
    /** The pods as a flow endpoint. */
    public readonly endpoint: Endpoint;
    /** Where the runtime's metrics are served. */
    public readonly metrics: { readonly port: number; readonly path: string };
    public readonly urls: { readonly https: string; readonly grpc?: string };

    constructor(name: string, args: InferenceServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:inference:InferenceService", name, {}, opts);
        const problem = inferenceServiceProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`InferenceService ${name}: ${problem}`, this);
        }
        const runtime = RUNTIMES[args.runtime];
        const inherited = inheritedDependsOn(opts);
        const child = { parent: this, dependsOn: inherited };
        const meta = (objectName: string) => ({
            name: objectName,
            namespace: args.namespace,
            labels: platformLabels(),
        });
        const claimName = `${name}-models`;
        const mostPods = args.scaling?.maxReplicas ?? args.replicas;
        const claim = new k8s.core.v1.PersistentVolumeClaim(
            childName(name, "models"),
            {
                metadata: meta(claimName),
                spec: sharedClaimSpec(args.modelStorage, mostPods > 1),
            },
            { ...child, protect: args.protect, retainOnDelete: args.protect },
        );
        // Read-only views of the NFS exports models come from; protected like the model claim (the pack asks it).
        const sources = modelSourceClaims(name, args.namespace, args.models, {
            ...child,
            protect: args.protect,
            retainOnDelete: args.protect,
        });
        const grpc = runtime.ports.find((p) => p.name === PortName.grpc);
        const workload = new Workload(
            name,
            {
                namespace: args.namespace,
                image: runtime.image,
                registryMirror: args.registryMirror,
                priorityClassName: args.priorityClassName,
                replicas: args.replicas,
                ...(args.scaling
                    ? {
                          autoscaling: {
                              minReplicas: args.replicas,
                              maxReplicas: args.scaling.maxReplicas,
                              signal: args.scaling.signal,
                          },
                      }
                    : {}),
                workloadClass: args.workloadClass ?? WorkloadClass.stateless,
                spread: mostPods <= args.gpuNodes ? NodeSpread.onePerNode : NodeSpread.even,
                resources: args.resources,
                gpu: { count: args.gpusPerReplica, runtimeClassName: args.runtimeClassName },
                ports: runtime.ports,
                health: runtime.health(args.startupSeconds),
                command: runtime.command(args.models.map((m) => m.name)),
                env: runtime.env,
                sharedVolumes: [
                    { claimName, mountPath: MODELS_PATH, readOnly: true },
                    ...sources.map((s) => ({
                        claimName: s.claimName,
                        mountPath: MODEL_SOURCE_PATH,
                        readOnly: true,
                        initOnly: true,
                    })),
                ],
                podAnnotations: modelSourcesAnnotation(modelSourceUrls(args.models)),
                memoryVolumes: [{ path: "/dev/shm", sizeLimit: args.shmSize }],
                initContainers: modelLoaderSpecs(
                    args.models,
                    claimName,
                    { s3: INFERENCE_IMAGES.awsCli, oci: INFERENCE_IMAGES.oras, unpack: IMAGES.busybox },
                    sources,
                ),
                route: { gateway: args.route.gateway, hostname: args.route.hostname, port: PortName.http },
                flows: {
                    ingress:
                        grpc && args.route.grpcHostname
                            ? [{ from: args.route.gateway.proxy, ports: [{ port: grpc.port, protocol: Protocol.tcp }] }]
                            : [],
                    egress: args.modelStores.map((store) => ({
                        to: store.to,
                        ports: [{ port: store.port, protocol: Protocol.tcp }],
                    })),
                },
            },
            { parent: this, dependsOn: [claim, ...sources.map((s) => s.resource), ...inherited] },
        );
        if (grpc && args.route.grpcHostname) {
            const route = {
                gateway: args.route.gateway,
                hostname: args.route.grpcHostname,
                port: PortName.grpc,
                kind: RouteKind.grpc,
            };
            new k8s.apiextensions.CustomResource(
                childName(name, "grpc-route"),
                routeResource(route, meta(`${name}-grpc`), workload.serviceName, grpc.port),
                child,
            );
        }
        this.endpoint = workload.endpoint;
        this.metrics = runtime.metrics;
        this.urls = {
            https: `https://${args.route.hostname}/`,
            ...(args.route.grpcHostname ? { grpc: `${args.route.grpcHostname}:443` } : {}),
        };
        this.registerOutputs({ urls: this.urls, models: args.models.map((m) => `${m.name}:${m.version}`) });
    }
}
