import type * as pulumi from "@pulumi/pulumi";
import { InferenceService } from "../../../components/inference/inference-service";
import { need, type PlatformRefs } from "../area";
import { modelStores } from "./models";
import type { InferenceConfig } from "./schema";

const AREA = "inference";

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
                    modelStores: modelStores(service.models),
                    priorityClassName: priorityClasses.tenant,
                    registryMirror,
                    protect: service.protect,
                },
                { dependsOn: [tenant, ...priorityClasses.resources, ...platform.ready] },
            ),
    );
}
