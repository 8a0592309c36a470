import type * as pulumi from "@pulumi/pulumi";
import { InferenceService } from "../../../components/inference/inference-service";
import type { Endpoint } from "../../../components/network/flows";
import { parseIpv4 } from "../../config/ip";
import { need, type PlatformRefs } from "../area";
import { serviceOfHost } from "./checks";
import type { InferenceConfig, InferenceServiceConfig } from "./schema";

const AREA = "inference";

/** A model store as the loaders' egress reaches it: the address (a /32) or the Service's pods, and the port. */
export function modelStoreEndpoint(endpoint: string): { to: Endpoint; port: number } {
    const url = new URL(endpoint);
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    if (parseIpv4(url.hostname) !== undefined) {
        return { to: { kind: "cidrs", name: url.hostname, cidrs: [`${url.hostname}/32`] }, port };
    }
    // The checks refuse a host that is neither an address nor a Service name.
    const { service, namespace } = serviceOfHost(url.hostname)!;
    return { to: { kind: "pods", name: `${namespace}/${service}`, namespaces: [namespace], labels: {} }, port };
}

/** The distinct stores a service's models come from. */
function modelStores(service: InferenceServiceConfig): { to: Endpoint; port: number }[] {
    const endpoints = [...new Set(service.models.map((m) => m.source.s3.endpoint))];
    return endpoints.map(modelStoreEndpoint);
}

/** One InferenceService per `inference.services` entry, in the inference namespace, after the GPU platform. */
export function wireServices(
    inference: InferenceConfig,
    refs: PlatformRefs,
    platform: { runtimeClassName: string; ready: readonly pulumi.Resource[] },
): InferenceService[] {
    if (inference.services.length === 0) {
        return [];
    }
    const { registryMirror } = need(refs, "sources", AREA);
    const storage = need(refs, "storage", AREA);
    const gateway = need(refs, "gateway", AREA);
    const priorityClasses = need(refs, "priorityClasses", AREA);
    const tenant = need(refs, "tenants", AREA).get(inference.namespace)!;
    return inference.services.map(
        (service) =>
            new InferenceService(
                service.name,
                {
                    namespace: inference.namespace,
                    runtime: service.runtime,
                    models: service.models,
                    replicas: service.replicas,
                    gpusPerReplica: service.gpusPerReplica,
                    runtimeClassName: platform.runtimeClassName,
                    resources: service.resources,
                    shmSize: service.shmSize,
                    modelStorage: { storageClass: storage.classes.models!, size: service.modelStorageSize },
                    startupSeconds: service.startupSeconds,
                    route: { gateway, hostname: service.hostname, grpcHostname: service.grpcHostname },
                    modelStores: modelStores(service),
                    priorityClassName: priorityClasses.tenant,
                    registryMirror,
                    protect: service.protect,
                },
                { dependsOn: [tenant, ...priorityClasses.resources, ...platform.ready] },
            ),
    );
}
