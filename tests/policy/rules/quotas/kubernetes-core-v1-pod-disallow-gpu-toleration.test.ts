import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowGpuToleration as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-pod-disallow-gpu-toleration";
import { deployment } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { gpuDeployment, podSpec, propsOf, withUnknown } from "./fixtures";

const compliant = deployment("web", "app");
const withTolerations = (tolerations: unknown) => mutate(compliant, (r) => (podSpec(r).tolerations = tolerations));
const TOLERATES =
    "pod template tolerates the GPU taint nvidia.com/gpu=present:NoSchedule but requests no nvidia.com/gpu";

describe("kubernetes-core-v1-pod-disallow-gpu-toleration", () => {
    it("passes a pod without GPU requests or GPU tolerations", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes a GPU pod tolerating the GPU taint", async () => {
        expect(await messages(policy, [gpuDeployment("ml", "triton")])).toEqual([]);
    });

    it("passes a toleration of another taint", async () => {
        const d = withTolerations([
            { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
        ]);
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("flags a non-GPU pod tolerating the GPU taint", async () => {
        const d = withTolerations([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        expect(await messages(policy, [d])).toEqual([TOLERATES]);
    });

    it("flags an Equal toleration with the taint's value", async () => {
        const d = withTolerations([{ key: "nvidia.com/gpu", operator: "Equal", value: "present" }]);
        expect(await messages(policy, [d])).toEqual([TOLERATES]);
    });

    it("flags a blanket toleration without a key", async () => {
        const d = withTolerations([{ operator: "Exists" }]);
        expect(await messages(policy, [d])).toEqual([
            "pod template tolerates every taint (operator Exists without a key), the GPU taint nvidia.com/gpu=present:NoSchedule included, but requests no nvidia.com/gpu",
        ]);
    });

    it("passes a blanket toleration of another effect", async () => {
        const d = withTolerations([{ operator: "Exists", effect: "NoExecute" }]);
        expect(await messages(policy, [d])).toEqual([]);
    });

    it.each(["gpu-operator", "kube-system"])("flags a pod in %s too: no namespace is exempt", async (namespace) => {
        const d = mutate(withTolerations([{ operator: "Exists" }]), (r) => (propsOf(r).metadata.namespace = namespace));
        expect(await messages(policy, [d])).toEqual([
            "pod template tolerates every taint (operator Exists without a key), the GPU taint nvidia.com/gpu=present:NoSchedule included, but requests no nvidia.com/gpu",
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
