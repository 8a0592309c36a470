import type { InferenceServiceArgs } from "../../../components/inference/inference-service";
import { inferenceServiceProblem } from "../../../components/inference/inference-service";
import type { GatewayRef } from "../../../components/network/gateway-manifests";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType } from "../../helpers/capture";

const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "inference.example.com": "https-inference", "grpc.inference.example.com": "https-grpc" },
    proxy: { kind: "pods", name: "gateway", namespaces: ["envoy-gateway-system"], labels: { proxy: "yes" } },
};

const ARGS: InferenceServiceArgs = {
    namespace: "ml",
    runtime: "triton",
    models: [
        {
            name: "densenet_onnx",
            version: "1",
            source: { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: "densenet_onnx/1.tar" } },
            sha256: "c".repeat(64),
        },
    ],
    replicas: 2,
    gpusPerReplica: 1,
    gpuNodes: 2,
    runtimeClassName: "nvidia",
    resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    shmSize: "2Gi",
    modelStorage: { storageClass: "nfs-client", size: "20Gi" },
    startupSeconds: 600,
    route: { gateway: GATEWAY, hostname: "inference.example.com", grpcHostname: "grpc.inference.example.com" },
    modelStores: [{ to: { kind: "cidrs", name: "10.0.0.11", cidrs: ["10.0.0.11/32"] }, port: 9000 }],
    priorityClassName: "tenant-workload",
};

async function render(args: InferenceServiceArgs): Promise<readonly CapturedResource[]> {
    const { InferenceService } = await import("../../../components/inference/inference-service");
    return (
        await capture(() => {
            new InferenceService("triton", args);
        })
    ).resources;
}

describe("InferenceService", () => {
    let resources: readonly CapturedResource[];
    let pod: any;

    beforeAll(async () => {
        resources = await render(ARGS);
        pod = (findResource(resources, "kubernetes:apps/v1:Deployment", "triton-deployment").inputs.spec as any)
            .template.spec;
    });

    it("runs Triton with the seed's resources, whole GPUs and explicit model loading", () => {
        const [server] = pod.containers;
        expect(server.image).toBe("nvcr.io/nvidia/tritonserver:26.10-py3");
        expect(server.resources.requests).toMatchObject({ cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" });
        expect(server.resources.limits).toMatchObject({ cpu: "4", memory: "8Gi", "nvidia.com/gpu": "1" });
        expect(server.command).toEqual([
            "tritonserver",
            "--model-repository=/models",
            "--model-control-mode=explicit",
            "--load-model=densenet_onnx",
            "--strict-readiness=true",
            "--exit-on-error=true",
            "--metrics-config=summary_latencies=true",
        ]);
        expect(pod.runtimeClassName).toBe("nvidia");
        expect(pod.nodeSelector).toEqual({ accelerator: "nvidia" });
    });

    it("probes Triton's ready and live endpoints, with a startup grace for model loading", () => {
        const [server] = pod.containers;
        expect(server.readinessProbe.httpGet.path).toBe("/v2/health/ready");
        expect(server.livenessProbe.httpGet.path).toBe("/v2/health/live");
        expect(server.startupProbe.httpGet.path).toBe("/v2/health/ready");
        expect(server.startupProbe.failureThreshold * server.startupProbe.periodSeconds).toBeGreaterThanOrEqual(600);
    });

    it("loads the models before the server starts; the server reads them read-only, /dev/shm in memory", () => {
        expect(pod.initContainers.map((c: any) => c.name)).toEqual(["fetch-0", "unpack-0"]);
        const [server] = pod.containers;
        expect(server.volumeMounts).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ mountPath: "/models", readOnly: true }),
                expect.objectContaining({ mountPath: "/dev/shm" }),
            ]),
        );
        const shm = pod.volumes.find((v: any) => v.emptyDir?.medium === "Memory");
        expect(shm.emptyDir.sizeLimit).toBe("2Gi");
        const claim = findResource(resources, "kubernetes:core/v1:PersistentVolumeClaim", "triton-models");
        expect((claim.inputs.spec as any).accessModes).toEqual(["ReadWriteMany"]);
    });

    it("keeps one pod per GPU node, a PDB for the two, and a stateless class", () => {
        expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
        expect(ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget")).toHaveLength(1);
    });

    it("routes HTTPS and gRPC on their own hostnames, and lets the Gateway reach both ports", () => {
        const grpc = findResource(resources, "kubernetes:gateway.networking.k8s.io/v1:GRPCRoute", "triton-grpc-route");
        expect((grpc.inputs.spec as any).hostnames).toEqual(["grpc.inference.example.com"]);
        expect((grpc.inputs.spec as any).rules[0].backendRefs).toEqual([{ name: "triton", port: 8001 }]);
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
            (p) => p.inputs.spec as any,
        );
        const fromGateway = policies.find((p) => p.ingress?.[0]?.from?.[0]?.podSelector?.matchLabels?.proxy === "yes");
        expect(fromGateway.ingress[0].ports.map((p: any) => p.port)).toEqual([8000, 8001]);
        const toStore = policies.find((p) => p.egress?.[0]?.to?.[0]?.ipBlock?.cidr === "10.0.0.11/32");
        expect(toStore.egress[0].ports).toEqual([{ port: 9000, protocol: "TCP" }]);
    });

    it("uses a single-writer claim for one replica", async () => {
        const single = await render({ ...ARGS, replicas: 1 });
        const claim = findResource(single, "kubernetes:core/v1:PersistentVolumeClaim", "triton-models");
        expect((claim.inputs.spec as any).accessModes).toEqual(["ReadWriteOnce"]);
        expect(ofType(single, "kubernetes:policy/v1:PodDisruptionBudget")).toHaveLength(0);
    });

    it("scales on the serving signal between the floor and the maximum, spread evenly past one pod per node", async () => {
        const signal = {
            prometheus: "http://prom.monitoring.svc:9090",
            query: "q",
            threshold: 0.05,
            kind: "Value" as const,
        };
        const scaled = await render({ ...ARGS, replicas: 1, gpuNodes: 1, scaling: { maxReplicas: 2, signal } });
        const deployment = findResource(scaled, "kubernetes:apps/v1:Deployment", "triton-deployment");
        expect(deployment.inputs.spec).not.toHaveProperty("replicas");
        const scaler = findResource(scaled, "kubernetes:keda.sh/v1alpha1:ScaledObject", "triton-scaledobject");
        expect(scaler.inputs.spec).toMatchObject({
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "triton" },
            minReplicaCount: 1,
            maxReplicaCount: 2,
            triggers: [{ type: "prometheus", metricType: "Value", metadata: { query: "q", threshold: "0.05" } }],
        });
        expect(ofType(scaled, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).toHaveLength(0);
        // Two pods may share the one node (time-sliced GPUs), so they cannot need a node each; they share the claim.
        const template = (deployment.inputs.spec as any).template.spec;
        expect(template.affinity?.podAntiAffinity).toBeUndefined();
        const claim = findResource(scaled, "kubernetes:core/v1:PersistentVolumeClaim", "triton-models");
        expect((claim.inputs.spec as any).accessModes).toEqual(["ReadWriteMany"]);
    });

    it("reads an NFS model from a read-only claim only the loader mounts, and names every source on the pods", async () => {
        const models = [
            ...ARGS.models,
            {
                name: "resnet",
                version: "2",
                source: { nfs: { server: "10.0.0.41", path: "/exports/models", file: "resnet/2.tar" } },
                sha256: "d".repeat(64),
            },
            {
                name: "bert",
                version: "3",
                source: { oci: { reference: "harbor.example.com/mirror/models/bert:3" } },
                sha256: "e".repeat(64),
            },
        ];
        const rendered = await render({ ...ARGS, models });
        const source = findResource(rendered, "kubernetes:core/v1:PersistentVolumeClaim", "triton-source-0");
        expect((source.inputs.spec as any).accessModes).toEqual(["ReadOnlyMany"]);
        expect(ofType(rendered, "kubernetes:core/v1:PersistentVolume")).toHaveLength(1);
        const template = (
            findResource(rendered, "kubernetes:apps/v1:Deployment", "triton-deployment").inputs.spec as any
        ).template;
        expect(JSON.parse(template.metadata.annotations["platform.io/model-sources"])).toEqual([
            "http://10.0.0.11:9000/models/densenet_onnx/1.tar",
            "nfs://10.0.0.41/exports/models/resnet/2.tar",
            "oci://harbor.example.com/mirror/models/bert:3",
        ]);
        const volume = template.spec.volumes.find((v: any) => v.persistentVolumeClaim?.claimName === "triton-source-0");
        expect(volume.persistentVolumeClaim.readOnly).toBe(true);
        const [server] = template.spec.containers;
        expect(server.volumeMounts.map((m: any) => m.mountPath)).not.toContain("/model-source");
        const fetches = template.spec.initContainers.filter((c: any) =>
            (c.volumeMounts ?? []).some((m: any) => m.name === volume.name),
        );
        expect(fetches.map((c: any) => c.name)).toEqual(["fetch-1"]);
        expect(fetches[0].volumeMounts.find((m: any) => m.name === volume.name).readOnly).toBe(true);
    });

    it("runs vLLM offline on its one model", async () => {
        const vllm = await render({
            ...ARGS,
            runtime: "vllm",
            route: { gateway: GATEWAY, hostname: "inference.example.com" },
        });
        const server = (findResource(vllm, "kubernetes:apps/v1:Deployment", "triton-deployment").inputs.spec as any)
            .template.spec.containers[0];
        expect(server.command.slice(0, 4)).toEqual([
            "vllm",
            "serve",
            "/models/densenet_onnx",
            "--served-model-name=densenet_onnx",
        ]);
        expect(server.env).toEqual(expect.arrayContaining([{ name: "HF_HUB_OFFLINE", value: "1" }]));
        expect(server.readinessProbe.httpGet.path).toBe("/health");
        expect(ofType(vllm, "kubernetes:gateway.networking.k8s.io/v1:GRPCRoute")).toHaveLength(0);
    });

    it.each([
        [{ runtime: "tgi" }, 'runtime "tgi" is not one of triton, vllm'],
        [
            { runtime: "vllm", models: [...ARGS.models, { ...ARGS.models[0], name: "b" }] },
            "vllm serves 1 to 1 model(s), got 2",
        ],
        [{ models: [] }, "triton serves 1 to 64 model(s), got 0"],
        [{ runtime: "vllm" }, "vllm speaks no gRPC, so route.grpcHostname has nothing to serve"],
        [
            { route: { gateway: GATEWAY, hostname: "inference.example.com", grpcHostname: "inference.example.com" } },
            "route.grpcHostname must differ from route.hostname (an HTTPRoute and a GRPCRoute cannot share one)",
        ],
        [
            {
                scaling: {
                    maxReplicas: 2,
                    signal: { prometheus: "http://p:9090", query: "q", threshold: 1, kind: "Value" },
                },
            },
            "scaling.maxReplicas (2) must be above replicas (2), the floor",
        ],
    ])("refuses a bad combination: %#", (change, message) => {
        expect(inferenceServiceProblem({ ...ARGS, ...change } as InferenceServiceArgs)).toBe(message);
    });
});
