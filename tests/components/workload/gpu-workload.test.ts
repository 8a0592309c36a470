import * as path from "node:path";
import { evaluatePolicies } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { policies } from "../../../policy/pack";
import { GPU_NODE_LABEL, GPU_RESOURCE } from "../../../contract/gpu";
import type { GatewayRef } from "../../../components/network/gateway-manifests";
import type { WorkloadArgs } from "../../../components/workload";
import { DAY5_QUOTA } from "../../../stacks/areas/tenancy/schema";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource } from "../../helpers/capture";

const MIRROR = "harbor.platform.example.com/mirror";
const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "infer.example.com": "https-infer-example-com" },
    proxy: {
        kind: "pods",
        name: "gateway",
        namespaces: ["envoy-gateway-system"],
        labels: { "app.kubernetes.io/component": "proxy" },
    },
};

/** Seed 003 item 17: Triton, 2 replicas × 1 GPU, every GPU-serving feature on. */
const TRITON: WorkloadArgs = {
    namespace: "inference",
    image: { registry: "nvcr.io", repository: "nvidia/tritonserver", tag: "25.01-py3" },
    registryMirror: MIRROR,
    replicas: 2,
    gpu: { count: 1, runtimeClassName: "nvidia" },
    resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    ports: [
        { name: "http", port: 8000 },
        { name: "grpc", port: 8001 },
        { name: "metrics", port: 8002 },
    ],
    args: ["tritonserver", "--model-repository=/models"],
    health: {
        ready: { http: { path: "/v2/health/ready", port: "http" } },
        live: { http: { path: "/v2/health/live", port: "http" } },
        startupSeconds: 900,
    },
    memoryVolumes: [{ path: "/dev/shm", sizeLimit: "2Gi" }],
    sharedVolumes: [{ claimName: "models", mountPath: "/models", readOnly: true }],
    initContainers: [
        {
            name: "model-loader",
            image: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
            command: ["/bin/sh", "-c", "cp -rn /seed/. /models/"],
            resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } },
            volumeMounts: [{ claimName: "models", mountPath: "/models" }],
        },
    ],
    spread: "one-per-node",
    // Two replicas default to "ha", whose prod minimum is 3; a server reading its models from a claim is stateless.
    workloadClass: "stateless",
    route: { gateway: GATEWAY, hostname: "infer.example.com", port: "http" },
};

/** The prod stack's context: capacity with two 1-GPU nodes, the PriorityClasses, governed namespaces. */
async function render(args: WorkloadArgs): Promise<readonly CapturedResource[]> {
    const { Workload } = await import("../../../components/workload");
    const { GovernedNamespace } = await import("../../../components/tenancy");
    const { ClusterInventory, PriorityClasses } = await import("../../../components/cluster");
    const limits = {
        max: { cpu: "4", memory: "8Gi" },
        min: { cpu: "100m", memory: "128Mi" },
        default: { cpu: "500m", memory: "1Gi" },
        defaultRequest: { cpu: "200m", memory: "512Mi" },
    };
    const worker = { role: "worker", schedulable: true, cpu: "16", memory: "64Gi" };
    return (
        await capture(() => {
            new PriorityClasses("platform");
            new ClusterInventory("platform", {
                nodes: [
                    ...[1, 2].map((i) => ({ ...worker, name: `data${i}`, ip: `10.0.0.${20 + i}`, gpus: 0 })),
                    ...[1, 2].map((i) => ({ ...worker, name: `gpu${i}`, ip: `10.0.0.${30 + i}`, gpus: 1 })),
                ],
                capacity: { cpu: 64, memory: 4 * 64 * 2 ** 30, gpus: 2 },
                registryMirror: MIRROR,
                namespaces: ["envoy-gateway-system", "inference"],
                offline: false,
                networks: ["10.0.0.0/24"],
            });
            new GovernedNamespace("inference", {
                quota: {
                    ...DAY5_QUOTA,
                    requestsCpu: "8",
                    requestsMemory: "16Gi",
                    limitsCpu: "16",
                    limitsMemory: "32Gi",
                    gpus: 2,
                },
                limits,
            });
            new GovernedNamespace("envoy-gateway-system", { quota: DAY5_QUOTA, limits });
            new Workload("triton", args);
        })
    ).resources;
}

describe("a GPU-serving Workload", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        resources = await render(TRITON);
    });

    it("runs two replicas on the GPU nodes, one per node, replaced one at a time behind a PDB", () => {
        const spec = findResource(resources, "kubernetes:apps/v1:Deployment", "triton-deployment").inputs.spec as any;
        expect(spec.replicas).toBe(2);
        expect(spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
        const pod = spec.template.spec;
        expect(pod.runtimeClassName).toBe("nvidia");
        expect(pod.nodeSelector).toEqual({ [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value });
        expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
            {
                topologyKey: "kubernetes.io/hostname",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "triton" } },
            },
        ]);
        expect(
            findResource(resources, "kubernetes:policy/v1:PodDisruptionBudget", "triton-pdb").inputs.spec,
        ).toMatchObject({ maxUnavailable: 1 });
    });

    it("gives the server one GPU, its cpu and memory, /dev/shm in memory and the models read-only", () => {
        const pod = (findResource(resources, "kubernetes:apps/v1:Deployment", "triton-deployment").inputs.spec as any)
            .template.spec;
        const server = pod.containers[0];
        expect(server.image).toBe(`${MIRROR}/nvcr.io/nvidia/tritonserver:25.01-py3`);
        expect(server.resources.requests).toMatchObject({ cpu: "2", memory: "4Gi", [GPU_RESOURCE]: "1" });
        expect(server.resources.limits).toMatchObject({ cpu: "4", memory: "8Gi", [GPU_RESOURCE]: "1" });
        expect(server.startupProbe).toMatchObject({ httpGet: { path: "/v2/health/ready" }, failureThreshold: 180 });
        expect(server.livenessProbe).toMatchObject({ httpGet: { path: "/v2/health/live" } });
        expect(server.volumeMounts).toEqual([
            { name: "scratch-0", mountPath: "/tmp" },
            { name: "shared-0", mountPath: "/models", readOnly: true },
            { name: "memory-0", mountPath: "/dev/shm" },
        ]);
        expect(pod.volumes).toContainEqual({ name: "memory-0", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } });
        expect(pod.initContainers.map((c: any) => [c.name, c.image, c.volumeMounts[1]])).toEqual([
            ["model-loader", `${MIRROR}/docker.io/library/busybox:1.37.0`, { name: "shared-0", mountPath: "/models" }],
        ]);
    });

    it("passes every rule of the prod profile, the GPU quota rules included", async () => {
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    });

    it("is caught by the GPU rules when the placement is taken away", async () => {
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const stripped = resources.map(toHarnessResource).map((r) => {
            if (r.type !== "kubernetes:apps/v1:Deployment") {
                return r;
            }
            const props = JSON.parse(JSON.stringify(r.props));
            delete props.spec.template.spec.nodeSelector;
            delete props.spec.template.spec.tolerations;
            return { ...r, props };
        });
        const violated = new Set((await evaluatePolicies(policies, stripped, profile)).map((v) => v.policy));
        expect(violated).toEqual(
            new Set([
                "kubernetes-core-v1-pod-missing-gpu-node-selector",
                "kubernetes-core-v1-pod-missing-gpu-toleration",
            ]),
        );
    });
});

describe("a GPU-serving Workload past the declared GPUs", () => {
    it("is flagged against the cluster's two GPUs and the namespace's GPU quota of two", async () => {
        const resources = await render({ ...TRITON, replicas: 3 });
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => v.policy).sort()).toEqual([
            "kubernetes-core-v1-resourcequota-enforce-compute",
            "platform-enforce-gpu-capacity",
        ]);
        expect(
            violations.find((v) => v.policy === "kubernetes-core-v1-resourcequota-enforce-compute")?.message,
        ).toContain(GPU_RESOURCE);
    });
});

describe("workloadArgsProblems on GPU-serving args", () => {
    it("accepts the Triton args and names each new field that cannot work", async () => {
        const { workloadArgsProblems } = await import("../../../components/workload");
        expect(workloadArgsProblems(TRITON, "triton")).toEqual([]);
        expect(
            workloadArgsProblems(
                {
                    ...TRITON,
                    gpu: { count: 1.5, runtimeClassName: "nvidia" },
                    health: { ...(TRITON.health as any), startupSeconds: 0 },
                    memoryVolumes: [{ path: "/dev/shm", sizeLimit: "8Gi" }],
                    initContainers: [{ ...TRITON.initContainers![0], name: "triton" }],
                },
                "triton",
            ),
        ).toEqual([
            "args.memoryVolumes sizeLimits add up to 8Gi, which reaches args.resources.limits.memory 8Gi: " +
                "memory-backed volumes count against the container's memory limit",
            "args.health.startupSeconds must be a positive number of seconds, got 0",
            "args.gpu.count must be a whole number of GPUs, at least 1, got 1.5",
            'args.initContainers[0].name "triton" is already a container of the pod',
        ]);
    });
});
