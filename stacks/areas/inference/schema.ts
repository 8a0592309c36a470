import { z } from "zod";
import { RuntimeName } from "../../../components/inference/runtimes";
import { dnsLabel, dnsName, option, quantity, unknownKeys } from "../../config/primitives";
import { modelSchema } from "./models";

/** Seed 003 item 17: requests cpu 2 / memory 4Gi, limits cpu 4 / memory 8Gi, a 2Gi /dev/shm. */
export const SEED_SERVING_RESOURCES = {
    requests: { cpu: "2", memory: "4Gi" },
    limits: { cpu: "4", memory: "8Gi" },
} as const;

const strict = <T extends z.ZodRawShape>(shape: T, what: string) =>
    z.strictObject(shape, { error: unknownKeys(what, Object.keys(shape)) });

const operatorSchema = strict(
    {
        driver: z
            .boolean()
            .default(false)
            .describe(
                "Let the operator install the NVIDIA driver as a container; false when the GPU nodes have it installed (seed 003's T4 nodes do). @default false",
            ),
        toolkit: z
            .boolean()
            .default(false)
            .describe(
                "Let the operator install the NVIDIA container toolkit and configure containerd; false when the nodes have it. @default false",
            ),
    },
    "key",
)
    .prefault({})
    .describe("The NVIDIA GPU Operator on the GPU nodes (time slicing is cluster.gpuTimeSlicing: capacity counts it).");

const resourcePair = (what: string) =>
    strict({ cpu: quantity.describe(`CPU ${what}.`), memory: quantity.describe(`Memory ${what}.`) }, "key");

export const serviceSchema = strict(
    {
        name: dnsLabel.describe("Service and workload name, e.g. triton."),
        runtime: option([RuntimeName.triton, RuntimeName.vllm], "a serving runtime").describe(
            "triton (Triton Inference Server) or vllm (vLLM's OpenAI-compatible server).",
        ),
        replicas: z
            .number()
            .int()
            .min(1)
            .default(1)
            .describe(
                "Pods (the floor when scaling is set), each on its own GPU node while they fit one per node. @default 1",
            ),
        scaling: strict(
            {
                maxReplicas: z
                    .number()
                    .int()
                    .min(2)
                    .describe(
                        "The most pods the scaler runs, above replicas; maxReplicas × gpusPerReplica over all services stays within the namespace's GPU quota.",
                    ),
                target: z
                    .number()
                    .positive()
                    .optional()
                    .describe(
                        "The signal's value the scaler holds: Triton's average queue time in seconds, vLLM's waiting requests per pod. @default triton 0.05, vllm 4",
                    ),
            },
            "key",
        )
            .optional()
            .describe(
                "Scale on the runtime's own serving signal (queue time, waiting requests) through KEDA, which reads it from the platform's Prometheus (needs platform:observability); scales up at once, down after 10 minutes low. @default off (a fixed count)",
            ),
        gpusPerReplica: z.number().int().min(1).default(1).describe("Whole GPUs per pod. @default 1"),
        hostname: dnsName.describe("Served over HTTPS on the shared Gateway: one of network.gateway.hostnames."),
        grpcHostname: dnsName
            .optional()
            .describe(
                "Triton only: gRPC on the shared Gateway under this hostname, one of network.gateway.hostnames (a GRPCRoute cannot share the HTTPS hostname). @default none",
            ),
        resources: strict({ requests: resourcePair("request"), limits: resourcePair("limit") }, "key")
            .prefault(SEED_SERVING_RESOURCES)
            .describe("CPU and memory per pod. @default seed 003: requests 2 / 4Gi, limits 4 / 8Gi"),
        shmSize: quantity
            .default("2Gi")
            .describe("Memory-backed /dev/shm (counts against the memory limit). @default 2Gi"),
        modelStorageSize: quantity
            .default("20Gi")
            .describe("Size of the model claim (storage role `models`). @default 20Gi"),
        startupSeconds: z
            .number()
            .int()
            .min(60)
            .max(3600)
            .default(600)
            .describe("How long loading the models may take before the startup probe gives up. @default 600"),
        latencyP99Seconds: z.number().positive().default(1).describe("p99 request latency the alert holds. @default 1"),
        maxQueueSeconds: z
            .number()
            .positive()
            .default(0.1)
            .describe("Average queue time the alert holds. @default 0.1"),
        models: z.array(modelSchema).min(1, { message: "must list at least one model" }),
        protect: z
            .boolean()
            .default(true)
            .describe(
                "Protect the model claim (protect and retainOnDelete): reloading every model takes the store's bandwidth and minutes per replica. @default true",
            ),
    },
    "key",
).describe("One inference service on the Workload building block.");

export const inferenceSchema = strict(
    {
        namespace: dnsLabel
            .default("ml")
            .describe("The tenant namespace the services run in; its quota must allow their GPUs. @default ml"),
        operator: operatorSchema,
        services: z.array(serviceSchema).default([]).describe("Inference services. @default none"),
    },
    "key",
).describe("GPU nodes, the NVIDIA GPU Operator and the inference services (seed 003 item 17).");

/** The config section the inference area owns; absent means no GPU platform. */
export const inferenceSections = { inference: inferenceSchema.optional() } as const;

export type InferenceConfig = z.output<typeof inferenceSchema>;
export type InferenceServiceConfig = InferenceConfig["services"][number];
