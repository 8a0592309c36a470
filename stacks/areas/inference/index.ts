import { GpuNodes, GpuOperator, gpuOperatorFlows, Keda, kedaFlows } from "../../../components/inference";
import { podsEndpoint } from "../../../components/network/system-flows";
import { PROMETHEUS_STACK_POD_LABELS } from "../../../components/observability/prometheus-stack-values";
import { telemetry } from "../../../components/observability/telemetry";
import { selectorLabels } from "../../../components/workload";
import { GPU_OPERATOR_NAMESPACE } from "../../../contract/gpu";
import { KEDA_NAMESPACE } from "../../../contract/keda";
import { ObservabilityNamespace } from "../../../contract/namespaces";
import { GATEWAY_ACCESS_LABEL } from "../../../contract/labels";
import { need, type Area } from "../area";
import { checkInference, requestedGpus } from "./checks";
import { inferenceSections, type InferenceConfig } from "./schema";
import { wireServices } from "./services";
import { inferenceTelemetry } from "./telemetry";

const AREA = "inference";

/** KEDA runs only where a service scales on its serving signal. */
function scales(inference: InferenceConfig | undefined): boolean {
    return inference?.services.some((s) => s.scaling !== undefined) ?? false;
}

/** The Prometheus pods KEDA queries (the observability area's). */
const PROMETHEUS_PODS = podsEndpoint(
    ObservabilityNamespace.monitoring,
    { ...PROMETHEUS_STACK_POD_LABELS.prometheus },
    `${ObservabilityNamespace.monitoring}/prometheus`,
);

/**
 * GPU nodes (label and taint), the NVIDIA GPU Operator, and the inference services (Triton or vLLM) with their
 * offline model loaders, in the tenant namespace whose quota bounds their GPUs; KEDA when a service scales on its
 * serving signal.
 */
export const inferenceArea: Area<typeof inferenceSections> = {
    name: AREA,
    sections: inferenceSections,
    telemetry: ({ inference, cluster }) =>
        inference === undefined
            ? telemetry({})
            : inferenceTelemetry({
                  gpuNodes: cluster.nodes.filter((n) => n.gpus > 0).map(({ name, gpus }) => ({ name, gpus })),
                  services: inference.services.map((s) => ({
                      name: s.name,
                      namespace: inference.namespace,
                      runtime: s.runtime,
                      podLabels: selectorLabels(s.name),
                      latencyP99Seconds: s.latencyP99Seconds,
                      maxQueueSeconds: s.maxQueueSeconds,
                  })),
              }),
    namespaces: ({ inference }) =>
        inference ? [GPU_OPERATOR_NAMESPACE, ...(scales(inference) ? [KEDA_NAMESPACE] : [])] : [],
    // The services' routes attach to the shared Gateway, which admits routes only from labelled namespaces.
    tenantLabels: ({ inference }) =>
        new Map(
            inference && inference.services.length > 0
                ? [[inference.namespace, { [GATEWAY_ACCESS_LABEL]: "true" }]]
                : [],
        ),
    // Judged against the other sections only once they are sound: their own problems report there.
    check: ({ inference, cluster, registry, tenants, network, storage }, { sound, given }) =>
        inference
            ? checkInference(inference, {
                  cluster: sound("cluster") ? cluster : undefined,
                  registry: sound("registry") ? registry : undefined,
                  tenants: sound("tenants") ? tenants : undefined,
                  network: sound("network") ? network : undefined,
                  storage: sound("storage") ? storage : undefined,
                  observability: given("observability"),
              })
            : [],
    wire: ({ inference }, { refs }) => {
        if (inference === undefined) {
            return { outputs: {}, namespaces: new Map(), flows: [], refs: {} };
        }
        const topology = need(refs, "topology", AREA);
        const { registryMirror, chartMirror } = need(refs, "sources", AREA);
        const gpuNodes = topology.nodes.filter((n) => n.gpus > 0);
        const nodes = new GpuNodes("gpu-nodes", { nodes: gpuNodes.map((n) => n.name) });
        // The operator's agents select the labelled nodes, so the chart waits for the patches.
        const operator = new GpuOperator(
            "gpu-operator",
            {
                driver: inference.operator.driver,
                toolkit: inference.operator.toolkit,
                ...(topology.gpuTimeSlicing ? { timeSlicing: topology.gpuTimeSlicing } : {}),
                gpuNodes: gpuNodes.length,
                registryMirror,
                chartMirror,
            },
            { dependsOn: [...nodes.patches] },
        );
        // The scalers' ScaledObjects need KEDA's CRDs and, to act, its operator.
        const keda = scales(inference) ? new Keda("keda", { registryMirror, chartMirror }) : undefined;
        const services = wireServices(inference, refs, {
            runtimeClassName: operator.runtimeClass,
            gpuNodes: gpuNodes.length,
            ready: [operator, ...(keda?.ready ?? [])],
        });
        const addresses = need(refs, "addresses", AREA);
        return {
            outputs: {
                inference: {
                    endpoints: Object.fromEntries(services.map((s, i) => [inference.services[i].name, s.urls])),
                    models: Object.fromEntries(
                        inference.services.map((s) => [s.name, s.models.map((m) => `${m.name}:${m.version}`)]),
                    ),
                    gpus: {
                        used: requestedGpus(inference.services),
                        declared: gpuNodes.reduce((sum, n) => sum + n.gpus, 0),
                    },
                },
            },
            namespaces: new Map([...operator.namespaces, ...(keda?.namespaces ?? [])]),
            flows: [...gpuOperatorFlows(addresses), ...(keda ? kedaFlows(addresses, PROMETHEUS_PODS) : [])],
            refs: {},
        };
    },
};
