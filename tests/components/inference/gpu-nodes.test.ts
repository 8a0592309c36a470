import type { CapturedResource } from "../../../tools/runtime/capture";
import { gpuNodePatch, gpuNodesProblem } from "../../../components/inference/gpu-nodes";
import { capture, findResource, ofType } from "../../helpers/capture";

const NODE_PATCH = "kubernetes:core/v1:NodePatch";

describe("GpuNodes", () => {
    it("patches only the accelerator label and the GPU taint, under its own field manager", () => {
        expect(gpuNodePatch("gpu1")).toEqual({
            metadata: {
                name: "gpu1",
                labels: { accelerator: "nvidia" },
                annotations: { "pulumi.com/patchFieldManager": "platform-gpu-nodes" },
            },
            spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
        });
    });

    it.each([
        [[], "names no GPU node"],
        [["GPU1"], '"GPU1" is not a Node name (a DNS-1123 subdomain)'],
        [["gpu1", "gpu-"], '"gpu-" is not a Node name (a DNS-1123 subdomain)'],
        [["gpu1", "gpu2", "gpu1"], "names gpu1 twice"],
    ])("refuses %j: %s", (nodes, message) => {
        expect(gpuNodesProblem(nodes)).toBe(message);
    });

    it("accepts node names with dots, as kubeadm names nodes by FQDN", () => {
        expect(gpuNodesProblem(["gpu1.lab.example.com", "gpu2"])).toBeUndefined();
    });

    describe("under the mock runtime", () => {
        let resources: readonly CapturedResource[];

        beforeAll(async () => {
            const { GpuNodes } = await import("../../../components/inference/gpu-nodes");
            resources = (
                await capture(() => {
                    new GpuNodes("gpu-nodes", { nodes: ["gpu1", "gpu2"] });
                })
            ).resources;
        });

        it("declares one NodePatch per GPU node and nothing else", () => {
            const patches = ofType(resources, NODE_PATCH);
            expect(patches.map((p) => (p.inputs.metadata as any).name)).toEqual(["gpu1", "gpu2"]);
            expect(findResource(resources, NODE_PATCH, "gpu-nodes-gpu2").inputs.spec).toEqual({
                taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
            });
            expect(
                resources.filter((r) => r.type !== NODE_PATCH && r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
            ).toEqual(["platform:inference:GpuNodes"]);
        });
    });

    it("fails naming the component when the list is bad", async () => {
        const { GpuNodes } = await import("../../../components/inference/gpu-nodes");
        expect(() => new GpuNodes("gpu-nodes", { nodes: [] })).toThrow("GpuNodes gpu-nodes: names no GPU node");
    });
});
