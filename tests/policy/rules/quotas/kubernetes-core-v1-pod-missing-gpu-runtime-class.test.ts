import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodMissingGpuRuntimeClass as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-pod-missing-gpu-runtime-class";
import { deployment } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";
import { gpuDeployment, podSpec, withUnknown, workloadOf } from "./fixtures";

const compliant = gpuDeployment("ml", "triton");
const NEEDS = 'GPU pods run under RuntimeClass "nvidia", whose handler exposes the GPUs to the containers';
const withRuntimeClass = (runtimeClassName: unknown) =>
    mutate(compliant, (r) => (podSpec(r).runtimeClassName = runtimeClassName));

describe("kubernetes-core-v1-pod-missing-gpu-runtime-class", () => {
    it("passes a GPU pod with runtimeClassName nvidia", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes pods that ask for no GPU, whatever their runtime class", async () => {
        expect(await messages(policy, [deployment("web", "app")])).toEqual([]);
        const unknown = withUnknown(deployment("web", "app"), (r) => (podSpec(r).runtimeClassName = PREVIEW_UNKNOWN));
        expect(await messages(policy, [unknown])).toEqual([]);
    });

    it("flags a GPU pod without runtimeClassName, naming the workload", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).runtimeClassName);
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [`Deployment "ml/triton" requests nvidia.com/gpu but sets no runtimeClassName; ${NEEDS}`, d.urn],
        ]);
    });

    it("flags an empty runtimeClassName as not set", async () => {
        expect(await messages(policy, [withRuntimeClass("")])).toEqual([
            `Deployment "ml/triton" requests nvidia.com/gpu but sets no runtimeClassName; ${NEEDS}`,
        ]);
    });

    it("flags a GPU pod with another RuntimeClass, naming it", async () => {
        expect(await messages(policy, [withRuntimeClass("runc")])).toEqual([
            `Deployment "ml/triton" requests nvidia.com/gpu but sets runtimeClassName "runc"; ${NEEDS}`,
        ]);
    });

    it("checks bare Pods and Jobs too", async () => {
        const gpu = { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "1" } };
        const pod = mutate(workloadOf(K8sType.pod, "ml", "probe", "100m"), (r) => {
            podSpec(r).containers[0].resources = gpu;
        });
        const job = mutate(workloadOf(K8sType.job, "ml", "warmup", "100m"), (r) => {
            podSpec(r).containers[0].resources = gpu;
            podSpec(r).runtimeClassName = "nvidia";
        });
        expect(await messages(policy, [pod, job])).toEqual([
            `Pod "ml/probe" requests nvidia.com/gpu but sets no runtimeClassName; ${NEEDS}`,
        ]);
    });

    it("checks the configured RuntimeClass and GPU resource", async () => {
        const config = { gpuRuntimeClass: "nvidia-cdi" };
        expect(await messages(policy, [withRuntimeClass("nvidia-cdi")], config)).toEqual([]);
        expect(await messages(policy, [compliant], config)).toEqual([
            'Deployment "ml/triton" requests nvidia.com/gpu but sets runtimeClassName "nvidia"; GPU pods run under ' +
                'RuntimeClass "nvidia-cdi", whose handler exposes the GPUs to the containers',
        ]);
        expect(await messages(policy, [withRuntimeClass("runc")], { gpuResource: "amd.com/gpu" })).toEqual([]);
    });

    it("downgrades to an advisory when the runtimeClassName is unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => (podSpec(r).runtimeClassName = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.runtimeClassName can't be known during preview",
            ],
        ]);
    });
});
