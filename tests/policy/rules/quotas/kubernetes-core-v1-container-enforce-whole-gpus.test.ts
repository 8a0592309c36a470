import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnforceWholeGpus as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-container-enforce-whole-gpus";
import { deployment } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { gpuDeployment, podSpec, withUnknown } from "./fixtures";

const compliant = gpuDeployment("ml", "triton");
const editResources = (change: (resources: Record<string, any>) => void) =>
    mutate(compliant, (r) => change(podSpec(r).containers[0].resources));

describe("kubernetes-core-v1-container-enforce-whole-gpus", () => {
    it("passes a container whose GPU request equals its whole-number limit", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes a container that sets only the GPU limit (the request defaults to it)", async () => {
        const d = editResources((res) => delete res.requests["nvidia.com/gpu"]);
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("passes containers that ask for no GPU", async () => {
        expect(await messages(policy, [deployment("web", "app")])).toEqual([]);
    });

    it("flags a GPU request without a limit", async () => {
        const d = editResources((res) => delete res.limits["nvidia.com/gpu"]);
        expect(await messages(policy, [d])).toEqual([
            'container "triton": resources.limits: Required value: Limit must be set for non overcommitable resources',
        ]);
    });

    it("flags a GPU request that differs from its limit", async () => {
        const d = editResources((res) => (res.limits["nvidia.com/gpu"] = "2"));
        expect(await messages(policy, [d])).toEqual([
            'container "triton": resources.requests[nvidia.com/gpu]: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
        ]);
    });

    it("flags a fractional GPU", async () => {
        const d = editResources((res) => {
            delete res.requests["nvidia.com/gpu"];
            res.limits["nvidia.com/gpu"] = "500m";
        });
        expect(await messages(policy, [d])).toEqual([
            'container "triton": resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
        ]);
    });

    it("flags a fractional GPU request given without a limit twice over", async () => {
        const d = editResources((res) => {
            res.requests["nvidia.com/gpu"] = "0.5";
            delete res.limits["nvidia.com/gpu"];
        });
        expect(await messages(policy, [d])).toEqual([
            'container "triton": resources.requests[nvidia.com/gpu]: Invalid value: "0.5": must be an integer',
            'container "triton": resources.limits: Required value: Limit must be set for non overcommitable resources',
        ]);
    });

    it("accepts equal quantities written differently", async () => {
        const d = editResources((res) => (res.limits["nvidia.com/gpu"] = 1));
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("checks init containers too", async () => {
        const d = mutate(compliant, (r) => {
            podSpec(r).initContainers = [
                { name: "warmup", image: "w:1", resources: { requests: { "nvidia.com/gpu": "1" } } },
            ];
        });
        expect(await messages(policy, [d])).toEqual([
            'init container "warmup": resources.limits: Required value: Limit must be set for non overcommitable resources',
        ]);
    });

    it("checks the configured GPU resource", async () => {
        const d = editResources((res) => (res.requests["amd.com/gpu"] = "1"));
        expect(await messages(policy, [d], { gpuResource: "amd.com/gpu" })).toEqual([
            'container "triton": resources.limits: Required value: Limit must be set for non overcommitable resources',
        ]);
    });

    it("downgrades to an advisory when the GPU limit is unknown at preview", async () => {
        const d = withUnknown(
            compliant,
            (r) => (podSpec(r).containers[0].resources.limits["nvidia.com/gpu"] = PREVIEW_UNKNOWN),
        );
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.containers.0.resources.limits.nvidia.com/gpu can't be known during preview",
            ],
        ]);
    });
});
