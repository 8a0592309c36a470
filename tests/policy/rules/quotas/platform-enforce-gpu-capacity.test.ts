import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformEnforceGpuCapacity as policy } from "../../../../policy/rules/quotas/platform-enforce-gpu-capacity";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { gpuDeployment, hpa, inventory, podSpec, propsOf, scaledObject, withUnknown } from "./fixtures";

const GPU = "requests.nvidia.com/gpu";
const withGpuQuota = (ns: string, gpus: string) =>
    mutate(governedNamespace(ns), (rs) => (propsOf(rs[1]).spec.hard[GPU] = gpus));

// The seed's offline cluster: two nodes with one T4 each. ml may use both, web none; Triton runs 2 × 1 GPU.
const compliant = [
    inventory(),
    ...withGpuQuota("ml", "2"),
    ...withGpuQuota("web", "0"),
    gpuDeployment("ml", "triton", 2),
];
const INVENTORY = 0;
const WEB_QUOTA = 6;
const TRITON = compliant.length - 1;
const where = "ConfigMap kube-public/platform-capacity";

describe("platform-enforce-gpu-capacity", () => {
    it("passes GPU quotas and GPU workloads within the declared GPUs", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags GPU over-subscription by workloads (seed: 3 GPU requests on a 2-GPU cluster)", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[TRITON]).spec.replicas = 3));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                compliant[INVENTORY].urn,
                `workloads request ${GPU}=3 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 3`,
            ],
        ]);
    });

    it("counts an autoscaled GPU workload at its HPA's maxReplicas", async () => {
        const rs = [...compliant, hpa("ml", "triton", "triton", 4)];
        expect(await messages(policy, rs)).toEqual([
            `workloads request ${GPU}=4 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 4`,
        ]);
    });

    it("flags GPU quotas that together promise more GPUs than the cluster has", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[WEB_QUOTA]).spec.hard[GPU] = "1"));
        expect(await messages(policy, rs)).toEqual([
            `ResourceQuotas allow ${GPU}=3 in all, but ${where} declares 2 GPUs: ml/ml-quota 2, web/web-quota 1`,
        ]);
    });

    it("flags a pod that asks for more GPUs than any node has", async () => {
        const rs = mutate(compliant, (r) => {
            const resources = podSpec(r[TRITON]).containers[0].resources;
            resources.limits["nvidia.com/gpu"] = "2";
            delete resources.requests["nvidia.com/gpu"];
        });
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                compliant[TRITON].urn,
                `Deployment "triton" (2 pods, replicas) requests 2 GPUs per pod, but no schedulable node in ${where} has more than 1 GPU`,
            ],
            [
                compliant[INVENTORY].urn,
                `workloads request ${GPU}=4 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 4`,
            ],
        ]);
    });

    it("checks the configured GPU resource", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[TRITON]).spec.replicas = 3));
        expect(await messages(policy, rs, { gpuResource: "amd.com/gpu" })).toEqual([]);
    });

    it("flags an inventory whose GPU count is not a number", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[INVENTORY]).data.gpus = "two"));
        expect(await messages(policy, rs)).toEqual([`${where} declares no numeric data.gpus`]);
    });

    it("is not applicable without an inventory", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[TRITON]).spec.replicas = 3)).slice(1);
        expect(await runPolicy(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when a GPU workload's replicas are unknown at preview", async () => {
        const rs = withUnknown(compliant, (r) => (propsOf(r[TRITON]).spec.replicas = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.replicas can't be known during preview",
            ],
        ]);
    });

    it("counts a GPU workload a ScaledObject scales at its maxReplicaCount", async () => {
        const rs = [...compliant, scaledObject("ml", "triton", "triton", 3)];
        expect(await messages(policy, rs)).toEqual([
            `workloads request ${GPU}=3 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 3`,
        ]);
    });

    it("counts a ScaledObject without maxReplicaCount at KEDA's default of 100", async () => {
        const rs = [...compliant, scaledObject("ml", "triton", "triton")];
        expect(await messages(policy, rs)).toEqual([
            `workloads request ${GPU}=100 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 100`,
        ]);
    });

    it("passes a ScaledObject whose maxReplicaCount fits the GPUs", async () => {
        expect(await messages(policy, [...compliant, scaledObject("ml", "triton", "triton", 2)])).toEqual([]);
    });

    it("names the ScaledObject as the basis of a pod count, and takes the larger of two autoscalers", async () => {
        const rs = mutate(
            [...compliant, scaledObject("ml", "triton", "triton", 2), hpa("ml", "triton-cpu", "triton", 1)],
            (r) => {
                const resources = podSpec(r[TRITON]).containers[0].resources;
                resources.limits["nvidia.com/gpu"] = "2";
                delete resources.requests["nvidia.com/gpu"];
            },
        );
        expect(await messages(policy, rs)).toEqual([
            `Deployment "triton" (2 pods, ScaledObject "triton" maxReplicaCount) requests 2 GPUs per pod, but no schedulable node in ${where} has more than 1 GPU`,
            `workloads request ${GPU}=4 at full scale, but ${where} declares 2 GPUs: Deployment ml/triton 4`,
        ]);
    });

    it("ignores a ScaledObject in another namespace or for another kind", async () => {
        const statefulSet = mutate(scaledObject("ml", "triton", "triton", 5), (r) => {
            propsOf(r).spec.scaleTargetRef.kind = "StatefulSet";
        });
        expect(await messages(policy, [...compliant, statefulSet, scaledObject("web", "triton", "triton", 5)])).toEqual(
            [],
        );
    });
});
