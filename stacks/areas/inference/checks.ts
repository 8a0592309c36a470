import { quantity } from "../../../contract/quantity";
import type { ConfigIssue } from "../../config/errors";
import { schedulableGpus } from "../cluster/capacity";
import type { ClusterConfig, NodeConfig, RegistryConfig } from "../cluster/schema";
import type { NetworkConfig } from "../network/schema";
import type { StorageConfig } from "../storage/schema";
import type { TenantConfig } from "../tenancy/schema";
import { RuntimeName } from "../../../components/inference/runtimes";
import { modelIssues } from "./models";
import type { InferenceConfig, InferenceServiceConfig } from "./schema";

/** The other sections the checks read, each given only when sound (its own problems report there). */
export interface InferenceContext {
    readonly cluster?: ClusterConfig;
    readonly registry?: RegistryConfig;
    readonly tenants?: readonly TenantConfig[];
    readonly network?: NetworkConfig;
    readonly storage?: StorageConfig;
    /** Whether platform:observability is given: the scaler reads its Prometheus. */
    readonly observability?: boolean;
}

/** The GPUs every service asks for: replicas × GPUs per replica. */
export function requestedGpus(services: readonly InferenceServiceConfig[]): number {
    return services.reduce((sum, s) => sum + s.replicas * s.gpusPerReplica, 0);
}

/** The most pods a service runs: the scaler's maximum, else its fixed count. */
export function mostReplicas(service: InferenceServiceConfig): number {
    return service.scaling?.maxReplicas ?? service.replicas;
}

/** The GPUs every service holds when scaled out: the most replicas × GPUs per replica. */
export function mostGpus(services: readonly InferenceServiceConfig[]): number {
    return services.reduce((sum, s) => sum + mostReplicas(s) * s.gpusPerReplica, 0);
}

function scalingIssues(
    service: InferenceServiceConfig,
    at: readonly PropertyKey[],
    context: InferenceContext,
): ConfigIssue[] {
    if (service.scaling === undefined) {
        return [];
    }
    const issues: ConfigIssue[] = [];
    if (service.scaling.maxReplicas <= service.replicas) {
        issues.push({
            path: [...at, "scaling", "maxReplicas"],
            message: `${service.scaling.maxReplicas} is not above replicas (${service.replicas}), the floor the scaler keeps`,
        });
    }
    if (context.observability === false) {
        issues.push({
            path: [...at, "scaling"],
            message:
                "needs platform:observability: the scaler reads the runtime's metrics from the platform's Prometheus",
        });
    }
    return issues;
}

function serviceIssues(
    service: InferenceServiceConfig,
    at: readonly PropertyKey[],
    context: InferenceContext,
): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const { requests, limits } = service.resources;
    for (const key of ["cpu", "memory"] as const) {
        if (quantity(requests[key]) > quantity(limits[key])) {
            issues.push({
                path: [...at, "resources", "requests", key],
                message: `${requests[key]} is above the limit ${limits[key]}`,
            });
        }
    }
    if (quantity(service.shmSize) >= quantity(limits.memory)) {
        issues.push({
            path: [...at, "shmSize"],
            message: `${service.shmSize} of memory-backed /dev/shm leaves nothing of the memory limit ${limits.memory}`,
        });
    }
    const cluster = context.cluster;
    const gpuNodes = cluster?.nodes.filter((n) => n.gpus > 0);
    if (cluster !== undefined && gpuNodes !== undefined) {
        const gpus = (n: NodeConfig) => schedulableGpus(n, cluster);
        const largest = Math.max(0, ...gpuNodes.map(gpus));
        if (service.gpusPerReplica > largest) {
            issues.push({
                path: [...at, "gpusPerReplica"],
                message: `${service.gpusPerReplica} GPUs per pod, but no node in cluster.nodes has more than ${largest}`,
            });
        }
        // Pods that fit one per GPU node get one each (the component's spread); past that they share nodes.
        const fit = gpuNodes.filter((n) => gpus(n) >= service.gpusPerReplica).length;
        const most = mostReplicas(service);
        if (most <= gpuNodes.length && most > fit) {
            issues.push({
                path: [...at, service.scaling ? "scaling" : "replicas", ...(service.scaling ? ["maxReplicas"] : [])],
                message: `${most} pods, one per GPU node, but only ${fit} node(s) in cluster.nodes have ${service.gpusPerReplica} GPU(s)`,
            });
        }
    }
    issues.push(...scalingIssues(service, at, context));
    const hostnames = context.network?.gateway.hostnames;
    for (const key of ["hostname", "grpcHostname"] as const) {
        const hostname = service[key];
        if (hostnames !== undefined && hostname !== undefined && !hostnames.includes(hostname)) {
            issues.push({
                path: [...at, key],
                message: `${hostname} is not served by the shared Gateway (network.gateway.hostnames: ${hostnames.join(", ")})`,
            });
        }
    }
    if (service.grpcHostname !== undefined && service.runtime !== RuntimeName.triton) {
        issues.push({ path: [...at, "grpcHostname"], message: `${service.runtime} speaks no gRPC; only triton does` });
    } else if (service.grpcHostname === service.hostname) {
        issues.push({
            path: [...at, "grpcHostname"],
            message: "must differ from hostname: an HTTPRoute and a GRPCRoute cannot share a hostname on one listener",
        });
    }
    if (service.runtime === RuntimeName.vllm && service.models.length > 1) {
        issues.push({ path: [...at, "models"], message: `vllm serves one model, got ${service.models.length}` });
    }
    issues.push(...modelIssues(service.models, [...at, "models"], context));
    return issues;
}

/** Cross-field checks of platform:inference: GPUs against nodes and quota, hostnames, model sources, the namespace. */
export function checkInference(inference: InferenceConfig, context: InferenceContext): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const { services } = inference;
    services.forEach((service, i) => {
        const at = ["inference", "services", i];
        if (services.findIndex((other) => other.name === service.name) !== i) {
            issues.push({ path: [...at, "name"], message: `${service.name} is listed twice` });
        }
        issues.push(...serviceIssues(service, at, context));
    });
    const wanted = requestedGpus(services);
    if (context.cluster !== undefined) {
        const cluster = context.cluster;
        const declared = cluster.nodes.reduce((sum, n) => sum + schedulableGpus(n, cluster), 0);
        if (declared === 0) {
            issues.push({ path: ["inference"], message: "needs GPU nodes: no node in cluster.nodes declares gpus" });
        } else if (wanted > declared) {
            issues.push({
                path: ["inference", "services"],
                message: `ask for ${wanted} GPUs (replicas × gpusPerReplica), but cluster.nodes declare ${declared}`,
            });
        } else if (mostGpus(services) > declared) {
            issues.push({
                path: ["inference", "services"],
                message: `the scaler maximum is above the GPUs: scaled out the services hold ${mostGpus(services)} (scaling.maxReplicas × gpusPerReplica), but cluster.nodes declare ${declared}`,
            });
        }
    }
    if (context.tenants !== undefined && services.length > 0) {
        const tenant = context.tenants.find((t) => t.name === inference.namespace);
        if (tenant === undefined) {
            issues.push({
                path: ["inference", "namespace"],
                message: `${inference.namespace} is not a tenant namespace (platform:tenants); its quota bounds the GPUs`,
            });
        } else if (wanted > tenant.quota.gpus) {
            issues.push({
                path: ["inference", "services"],
                message: `ask for ${wanted} GPUs, but the quota of tenant ${tenant.name} allows ${tenant.quota.gpus} (tenants[].quota.gpus)`,
            });
        } else if (mostGpus(services) > tenant.quota.gpus) {
            issues.push({
                path: ["inference", "services"],
                message: `the scaler maximum is above the GPU quota: scaled out the services hold ${mostGpus(services)} GPUs (scaling.maxReplicas × gpusPerReplica), but the quota of tenant ${tenant.name} allows ${tenant.quota.gpus} (tenants[].quota.gpus)`,
            });
        }
    }
    if (context.storage !== undefined && services.length > 0 && context.storage.roles.models === undefined) {
        issues.push({
            path: ["storage", "roles", "models"],
            message: "must name a class: the inference services keep their models on a claim of this role",
        });
    }
    return issues;
}
