import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodMissingGpuNodeSelector as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-pod-missing-gpu-node-selector";
import { deployment } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { gpuDeployment, podSpec, withUnknown } from "./fixtures";

const compliant = gpuDeployment("ml", "triton");
const MISSING =
    "pod template requests nvidia.com/gpu but selects no nodes labelled accelerator=nvidia (nodeSelector or required node affinity)";
const term = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, values }] });
const withAffinity = (...terms: unknown[]) =>
    mutate(compliant, (r) => {
        delete podSpec(r).nodeSelector;
        podSpec(r).affinity = {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
        };
    });

describe("kubernetes-core-v1-pod-missing-gpu-node-selector", () => {
    it("passes a GPU pod with a nodeSelector on the GPU label", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes a GPU pod with a required node affinity on the GPU label", async () => {
        expect(await messages(policy, [withAffinity(term("accelerator", "In", ["nvidia"]))])).toEqual([]);
    });

    it("passes pods that ask for no GPU", async () => {
        expect(await messages(policy, [deployment("web", "app")])).toEqual([]);
    });

    it("flags a GPU pod without a nodeSelector or affinity", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).nodeSelector);
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags a nodeSelector with another value", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).nodeSelector.accelerator = "amd"));
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags an affinity with a term that does not require the GPU label (terms are ORed)", async () => {
        const d = withAffinity(term("accelerator", "In", ["nvidia"]), term("kubernetes.io/os", "In", ["linux"]));
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("flags an affinity that allows other label values", async () => {
        expect(await messages(policy, [withAffinity(term("accelerator", "In", ["nvidia", "amd"]))])).toEqual([MISSING]);
    });

    it("flags a preferred-only affinity", async () => {
        const d = mutate(compliant, (r) => {
            delete podSpec(r).nodeSelector;
            podSpec(r).affinity = {
                nodeAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        { weight: 1, preference: term("accelerator", "In", ["nvidia"]) },
                    ],
                },
            };
        });
        expect(await messages(policy, [d])).toEqual([MISSING]);
    });

    it("checks the configured node label", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).nodeSelector = { accelerator: "nvidia" }));
        expect(await messages(policy, [d], { gpuNodeLabelKey: "accelerator", gpuNodeLabelValue: "nvidia" })).toEqual(
            [],
        );
    });

    it("downgrades to an advisory when the nodeSelector is unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => (podSpec(r).nodeSelector = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.nodeSelector can't be known during preview",
            ],
        ]);
    });
});
