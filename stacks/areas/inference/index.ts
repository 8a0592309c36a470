import { GpuNodes } from "../../../components/inference/gpu-nodes";
import { GATEWAY_ACCESS_LABEL } from "../../../contract/labels";
import { need, type Area } from "../area";
import { checkInference, requestedGpus } from "./checks";
import { inferenceSections } from "./schema";
import { wireServices } from "./services";

const AREA = "inference";

/**
 * GPU nodes (label and taint), the NVIDIA GPU Operator, and the inference services (Triton or vLLM) with their
 * offline model loaders, in the tenant namespace whose quota bounds their GPUs.
 */
export const inferenceArea: Area<typeof inferenceSections> = {
    name: AREA,
    sections: inferenceSections,
    namespaces: () => [],
    // The services' routes attach to the shared Gateway, which admits routes only from labelled namespaces.
    tenantLabels: ({ inference }) =>
        new Map(
            inference && inference.services.length > 0
                ? [[inference.namespace, { [GATEWAY_ACCESS_LABEL]: "true" }]]
                : [],
        ),
    // Judged against the other sections only once they are sound: their own problems report there.
    check: ({ inference, cluster, registry, tenants, network, storage }, { sound }) =>
        inference
            ? checkInference(inference, {
                  cluster: sound("cluster") ? cluster : undefined,
                  registry: sound("registry") ? registry : undefined,
                  tenants: sound("tenants") ? tenants : undefined,
                  network: sound("network") ? network : undefined,
                  storage: sound("storage") ? storage : undefined,
              })
            : [],
    wire: ({ inference }, { refs }) => {
        if (inference === undefined) {
            return { outputs: {}, namespaces: new Map(), flows: [], refs: {} };
        }
        const topology = need(refs, "topology", AREA);
        const gpuNodes = topology.nodes.filter((n) => n.gpus > 0);
        const nodes = new GpuNodes("gpu-nodes", { nodes: gpuNodes.map((n) => n.name) });
        const services = wireServices(inference, refs, { runtimeClassName: "nvidia", ready: nodes.patches });
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
            namespaces: new Map(),
            flows: [],
            refs: {},
        };
    },
};
