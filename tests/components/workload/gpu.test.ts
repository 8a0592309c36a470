import { GPU_NODE_LABEL, GPU_RESOURCE, GPU_TAINT } from "../../../contract/gpu";
import { gpuPlacement, gpuProblems, gpuResources } from "../../../components/workload/gpu";
import { containerSpec, podSpec } from "../../../components/workload/manifests";
import { workloadPodTemplate, workloadRollout, type WorkloadArgs } from "../../../components/workload/workload";

const GPU = { count: 1, runtimeClassName: "nvidia" };
const ARGS: WorkloadArgs = {
    namespace: "inference",
    image: { registry: "nvcr.io", repository: "nvidia/tritonserver", tag: "25.01-py3" },
    resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    ports: [{ name: "http", port: 8000 }],
    health: { http: { path: "/v2/health/ready", port: "http" } },
};

describe("GPU resources and placement", () => {
    it("request and limit the same whole number of GPUs", () => {
        expect(gpuResources(2)).toEqual({ [GPU_RESOURCE]: "2" });
        const container = containerSpec({
            name: "triton",
            image: "nvcr.io/nvidia/tritonserver:25.01-py3",
            ports: ARGS.ports,
            resources: ARGS.resources,
            health: ARGS.health,
            gpus: 1,
            scratchPaths: [],
        });
        expect(container.resources).toEqual({
            requests: { cpu: "2", memory: "4Gi", "ephemeral-storage": "128Mi", "nvidia.com/gpu": "1" },
            limits: { cpu: "4", memory: "8Gi", "ephemeral-storage": "1Gi", "nvidia.com/gpu": "1" },
        });
    });

    it("select the GPU nodes, tolerate exactly the GPU taint and name the RuntimeClass", () => {
        expect(gpuPlacement(GPU)).toEqual({
            runtimeClassName: "nvidia",
            nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
            tolerations: [{ key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect }],
        });
    });

    it("reach the pod spec only when a GPU is asked for", () => {
        const options = { selector: {}, replicated: false, scratchPaths: [], priorityClassName: "tenant-workload" };
        expect(podSpec({ name: "c" }, { ...options, gpu: GPU })).toMatchObject(gpuPlacement(GPU));
        const plain = podSpec({ name: "c" }, options);
        for (const field of ["runtimeClassName", "nodeSelector", "tolerations"]) {
            expect(plain).not.toHaveProperty(field);
        }
    });

    it("put the GPUs and the placement in the Workload's pod template", () => {
        const spec = workloadPodTemplate("triton", { ...ARGS, gpu: { count: 2, runtimeClassName: "nvidia" } })
            .spec as any;
        expect(spec.runtimeClassName).toBe("nvidia");
        expect(spec.nodeSelector).toEqual({ [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value });
        expect(spec.containers[0].resources.requests[GPU_RESOURCE]).toBe("2");
        expect(spec.containers[0].resources.limits[GPU_RESOURCE]).toBe("2");
        expect(spec.containers[0].resources.limits.memory).toBe("8Gi");
    });

    it("replace GPU pods one at a time rather than surge one that would wait for a spare GPU", () => {
        expect(workloadRollout(ARGS)).toBe("surge");
        expect(workloadRollout({ ...ARGS, gpu: GPU })).toBe("replace");
        expect(workloadRollout({ ...ARGS, spread: "one-per-node" })).toBe("replace");
        expect(workloadRollout({ ...ARGS, spread: "even" })).toBe("surge");
    });
});

describe("gpuProblems", () => {
    it("accepts no GPU and whole GPUs", () => {
        expect(gpuProblems(undefined)).toEqual([]);
        expect(gpuProblems({ count: 4, runtimeClassName: "nvidia" })).toEqual([]);
    });

    it("rejects fewer than one GPU and a fraction of one", () => {
        expect(gpuProblems({ count: 0, runtimeClassName: "nvidia" })).toEqual([
            "args.gpu.count must be a whole number of GPUs, at least 1, got 0",
        ]);
        expect(gpuProblems({ count: 0.5, runtimeClassName: "nvidia" })).toEqual([
            "args.gpu.count must be a whole number of GPUs, at least 1, got 0.5",
        ]);
    });

    it("rejects an empty RuntimeClass name", () => {
        expect(gpuProblems({ count: 1, runtimeClassName: " " })).toEqual([
            "args.gpu.runtimeClassName names no RuntimeClass",
        ]);
    });
});
