import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ResourcequotaMissingHardLimits as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-resourcequota-missing-hard-limits";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { propsOf, withUnknown } from "./fixtures";

const compliant = governedNamespace("web")[1];
const editHard = (change: (hard: Record<string, any>) => void) =>
    mutate(compliant, (r) => change(propsOf(r).spec.hard));

describe("kubernetes-core-v1-resourcequota-missing-hard-limits", () => {
    it("passes a quota bounding cpu and memory requests, memory limits and pods", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("flags a quota without requests.cpu", async () => {
        expect(await messages(policy, [editHard((hard) => delete hard["requests.cpu"])])).toEqual([
            'ResourceQuota "web-quota" declares no hard requests.cpu',
        ]);
    });

    it("flags a quota without requests.memory", async () => {
        expect(await messages(policy, [editHard((hard) => delete hard["requests.memory"])])).toEqual([
            'ResourceQuota "web-quota" declares no hard requests.memory',
        ]);
    });

    it("flags a quota without limits.memory", async () => {
        expect(await messages(policy, [editHard((hard) => delete hard["limits.memory"])])).toEqual([
            'ResourceQuota "web-quota" declares no hard limits.memory',
        ]);
    });

    it("flags a quota without a pod count", async () => {
        expect(await messages(policy, [editHard((hard) => delete hard.pods)])).toEqual([
            'ResourceQuota "web-quota" declares no hard pods',
        ]);
    });

    it("flags a quota that bounds nothing", async () => {
        const empty = mutate(compliant, (r) => delete propsOf(r).spec.hard);
        expect(await messages(policy, [empty])).toEqual([
            'ResourceQuota "web-quota" declares no hard requests.cpu, requests.memory, limits.memory, pods',
        ]);
    });

    it("accepts bare cpu and memory as requests", async () => {
        const bare = editHard((hard) => {
            hard.cpu = hard["requests.cpu"];
            delete hard["requests.cpu"];
        });
        expect(await messages(policy, [bare])).toEqual([]);
    });

    it("leaves scoped quotas alone", async () => {
        const scoped = mutate(compliant, (r) => {
            propsOf(r).spec = { hard: { pods: "5" }, scopes: ["BestEffort"] };
        });
        expect(await messages(policy, [scoped])).toEqual([]);
    });

    it("takes the required keys from config", async () => {
        const config = { requiredResources: ["requests.nvidia.com/gpu"] };
        expect(await messages(policy, [compliant], config)).toEqual([
            'ResourceQuota "web-quota" declares no hard requests.nvidia.com/gpu',
        ]);
    });

    it("passes a quota whose hard values are unknown at preview, as long as the keys are declared", async () => {
        const unknown = withUnknown(compliant, (r) => (propsOf(r).spec.hard["requests.cpu"] = PREVIEW_UNKNOWN));
        expect(await runPolicy(policy, [unknown])).toEqual([]);
    });

    it("downgrades to an advisory when the whole hard list is unknown at preview", async () => {
        const unknown = withUnknown(compliant, (r) => (propsOf(r).spec.hard = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [unknown]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            ["advisory", "can't run policy during preview: string value at .spec.hard can't be known during preview"],
        ]);
    });
});
