import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodMissingGpuToleration as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-pod-missing-gpu-toleration";
import { deployment } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { gpuDeployment, podSpec, withUnknown } from "./fixtures";

const compliant = gpuDeployment("ml", "triton");
const MISSING =
    'pod template requests nvidia.com/gpu but does not tolerate the GPU taint nvidia.com/gpu=present:NoSchedule; the scheduler would report "node(s) had untolerated taint {nvidia.com/gpu: present}"';
const withTolerations = (tolerations: unknown) => mutate(compliant, (r) => (podSpec(r).tolerations = tolerations));

describe("kubernetes-core-v1-pod-missing-gpu-toleration", () => {
    it("passes a GPU pod tolerating the GPU taint with operator Exists", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes an Equal toleration with the taint's value", async () => {
        const d = withTolerations([
            { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
        ]);
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("passes a toleration without an effect (it matches every effect)", async () => {
        const d = withTolerations([{ key: "nvidia.com/gpu", operator: "Exists" }]);
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("passes pods that ask for no GPU", async () => {
        expect(await messages(policy, [deployment("web", "app")])).toEqual([]);
    });

    it("flags a GPU pod without tolerations", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).tolerations);
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags an Equal toleration with another value", async () => {
        const d = withTolerations([{ key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags a toleration for another effect", async () => {
        const d = withTolerations([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }]);
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags a toleration for another key", async () => {
        const d = withTolerations([{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }]);
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("counts a GPU limit on an init container as a GPU pod", async () => {
        const d = mutate(compliant, (r) => {
            delete podSpec(r).tolerations;
            const c = podSpec(r).containers[0];
            delete c.resources.requests["nvidia.com/gpu"];
            delete c.resources.limits["nvidia.com/gpu"];
            podSpec(r).initContainers = [
                { name: "warmup", image: "w:1", resources: { limits: { "nvidia.com/gpu": "1" } } },
            ];
        });
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("checks the configured taint", async () => {
        const d = withTolerations([{ key: "gpu", operator: "Equal", value: "yes", effect: "NoSchedule" }]);
        expect(await messages(policy, [d], { gpuTaintKey: "gpu", gpuTaintValue: "yes" })).toEqual([]);
        expect(await messages(policy, [compliant], { gpuTaintKey: "gpu", gpuTaintValue: "yes" })).toEqual([
            'pod template requests nvidia.com/gpu but does not tolerate the GPU taint gpu=yes:NoSchedule; the scheduler would report "node(s) had untolerated taint {gpu: yes}"',
        ]);
    });

    it("downgrades to an advisory when the tolerations are unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => (podSpec(r).tolerations = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.tolerations can't be known during preview",
            ],
        ]);
    });
});
