import { clusterCapacity, schedulableGpus } from "../../stacks/areas/cluster/capacity";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections } from "./cases";

describe("GPU time slicing (platform:cluster.gpuTimeSlicing)", () => {
    it("counts each GPU as many times as it is shared: stage's one T4 in two", () => {
        const { cluster } = parsePlatformConfig(stackSections("stage"));
        expect(cluster.gpuTimeSlicing).toEqual({ replicasPerGpu: 2 });
        const gpu1 = cluster.nodes.find((n) => n.name === "gpu1")!;
        expect(gpu1.gpus).toBe(1);
        expect(schedulableGpus(gpu1, cluster)).toBe(2);
        expect(clusterCapacity(cluster).gpus).toBe(2);
    });

    it("counts whole GPUs when nothing is shared: prod's two T4s", () => {
        const { cluster } = parsePlatformConfig(stackSections("prod"));
        expect(cluster.gpuTimeSlicing).toBeUndefined();
        expect(clusterCapacity(cluster).gpus).toBe(2);
    });

    it("refuses a quota or a scaler past the slices, and a share count out of range", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.tenants.find((t: any) => t.name === "ml").quota.gpus = 3;
                c.inference.services[0].scaling = { maxReplicas: 3 };
            }),
        ).toEqual(
            expect.arrayContaining([
                "platform:tenants[1].quota.gpus: 3 exceeds the 2 GPUs of schedulable nodes (node1, node2, node3, gpu1)",
                "platform:inference.services: the scaler maximum is above the GPUs: scaled out the services hold 3 (scaling.maxReplicas × gpusPerReplica), but cluster.nodes declare 2",
            ]),
        );
        expect(problemsAfter("stage", (c) => (c.cluster.gpuTimeSlicing = { replicasPerGpu: 1 }))).toEqual([
            "platform:cluster.gpuTimeSlicing.replicasPerGpu: Too small: expected number to be >=2",
        ]);
        expect(problemsAfter("stage", (c) => delete c.cluster.gpuTimeSlicing)).toEqual(
            expect.arrayContaining([
                "platform:inference.services: the scaler maximum is above the GPUs: scaled out the services hold 2 (scaling.maxReplicas × gpusPerReplica), but cluster.nodes declare 1",
            ]),
        );
    });
});
