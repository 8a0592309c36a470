import type * as pulumi from "@pulumi/pulumi";
import { InferenceService } from "../../../components/inference/inference-service";
import { RUNTIMES } from "../../../components/inference/runtimes";
import { PROMETHEUS_SERVICE } from "../../../components/observability/prometheus-stack-values";
import type { ScalingSignal } from "../../../components/workload";
import { ObservabilityNamespace } from "../../../contract/namespaces";
import { need, type PlatformRefs } from "../area";
import { loaderModels, modelStores } from "./models";
import type { InferenceConfig, InferenceServiceConfig } from "./schema";
import { servingSeries } from "./telemetry";

const AREA = "inference";

/** The platform's Prometheus (the observability area's kube-prometheus-stack), which the scaler queries. */
export const PROMETHEUS_URL = `http://${PROMETHEUS_SERVICE.name}.${ObservabilityNamespace.monitoring}.svc:${PROMETHEUS_SERVICE.port}`;

/** The runtime's serving signal over the service's own series, held at the configured target. */
function signalOf(inference: InferenceConfig, service: InferenceServiceConfig): ScalingSignal {
    const signal = RUNTIMES[service.runtime].signal;
    return {
        prometheus: PROMETHEUS_URL,
        query: signal.query(servingSeries(inference.namespace, service.name)),
        threshold: service.scaling?.target ?? signal.defaultTarget,
        kind: signal.kind,
    };
}

/** One InferenceService per `inference.services` entry, in the inference namespace, after the GPU platform. */
export function wireServices(
    inference: InferenceConfig,
    refs: PlatformRefs,
    platform: { runtimeClassName: string; gpuNodes: number; ready: readonly pulumi.Resource[] },
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
                    models: loaderModels(service.models, registryMirror),
                    replicas: service.replicas,
                    ...(service.scaling
                        ? {
                              scaling: {
                                  maxReplicas: service.scaling.maxReplicas,
                                  signal: signalOf(inference, service),
                              },
                          }
                        : {}),
                    gpuNodes: platform.gpuNodes,
                    gpusPerReplica: service.gpusPerReplica,
                    runtimeClassName: platform.runtimeClassName,
                    resources: service.resources,
                    shmSize: service.shmSize,
                    modelStorage: { storageClass: storage.classes.models!, size: service.modelStorageSize },
                    startupSeconds: service.startupSeconds,
                    route: { gateway, hostname: service.hostname, grpcHostname: service.grpcHostname },
                    modelStores: modelStores(service.models, registryMirror),
                    priorityClassName: priorityClasses.tenant,
                    registryMirror,
                    protect: service.protect,
                },
                { dependsOn: [tenant, ...priorityClasses.resources, ...platform.ready] },
            ),
    );
}
