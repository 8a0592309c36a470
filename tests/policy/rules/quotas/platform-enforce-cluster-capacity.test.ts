import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformEnforceClusterCapacity as policy } from "../../../../policy/rules/quotas/platform-enforce-cluster-capacity";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { fixture, messages, mutate, runPolicy } from "../../../helpers/policy";
import { hpa, inventory, propsOf, sized, withUnknown } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

// Parts are listed by namespace. Two tenants with the Day-5 quota (4 cores, 8Gi each) and an unquota'd monitoring namespace (2 × 1 core, 1Gi):
// 10 cores and 18Gi promised on 24 cores and 48Gi.
const compliant = [
    inventory(),
    ...governedNamespace("web"),
    ...governedNamespace("ml"),
    sized("monitoring", "prometheus", 2, "1", "1Gi"),
];
const INVENTORY = 0;
const where = "(ConfigMap kube-public/platform-capacity)";
const editInventory = (change: (data: Record<string, string>) => void) =>
    mutate(compliant, (rs) => change(propsOf(rs[INVENTORY]).data));

describe("platform-enforce-cluster-capacity", () => {
    it("passes quotas and unquota'd requests within declared capacity", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags cpu promised past the declared cores, at the inventory", async () => {
        const rs = editInventory((data) => (data.cpu = "8"));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                compliant[INVENTORY].urn,
                `requests.cpu committed is 10, over the declared capacity of 8 ${where}: quota ml/ml-quota 4, workloads in monitoring 2, quota web/web-quota 4`,
            ],
        ]);
    });

    it("flags memory promised past the declared bytes", async () => {
        const rs = editInventory((data) => (data.memoryBytes = String(16 * 2 ** 30)));
        expect(await messages(policy, rs)).toEqual([
            `requests.memory committed is 18Gi, over the declared capacity of 16Gi ${where}: quota ml/ml-quota 8Gi, workloads in monitoring 2Gi, quota web/web-quota 8Gi`,
        ]);
    });

    it("counts workloads without a quota at their HPA's maxReplicas", async () => {
        const rs = [...compliant, hpa("monitoring", "prometheus", "prometheus", 20)];
        expect(await messages(policy, rs)).toEqual([
            `requests.cpu committed is 28, over the declared capacity of 24 ${where}: quota ml/ml-quota 4, workloads in monitoring 20, quota web/web-quota 4`,
        ]);
    });

    it("counts a quota'd namespace by its quota, not by its workloads", async () => {
        expect(await messages(policy, [...compliant, sized("web", "big", 10, "2")])).toEqual([]);
    });

    it("takes the tightest of several quotas in a namespace", async () => {
        const second = fixture(K8sType.resourceQuota, "web-small", {
            metadata: { name: "web-small", namespace: "web" },
            spec: { hard: { cpu: "1" } },
        });
        const rs = mutate([...compliant, second], (r) => (propsOf(r[INVENTORY]).data.cpu = "6"));
        expect(await messages(policy, rs)).toEqual([
            `requests.cpu committed is 7, over the declared capacity of 6 ${where}: quota ml/ml-quota 4, workloads in monitoring 2, quota web/web-small 1`,
        ]);
    });

    it("allows the share of capacity set by maxCommitPercent", async () => {
        const rs = editInventory((data) => (data.cpu = "8"));
        expect(await messages(policy, rs, { maxCommitPercent: 125 })).toEqual([]);
        expect(await messages(policy, rs, { maxCommitPercent: 110 })).toEqual([
            `requests.cpu committed is 10, over 110% of the declared capacity of 8 ${where}: quota ml/ml-quota 4, workloads in monitoring 2, quota web/web-quota 4`,
        ]);
    });

    it("flags an inventory whose capacity is not a number", async () => {
        const rs = editInventory((data) => (data.cpu = "lots"));
        expect(await messages(policy, rs)).toEqual([
            "ConfigMap kube-public/platform-capacity declares no numeric data.cpu",
        ]);
    });

    it("is not applicable without an inventory", async () => {
        const rs = editInventory((data) => (data.cpu = "1")).slice(1);
        expect(await runPolicy(policy, rs)).toEqual([]);
    });

    it("ignores a ConfigMap without the inventory label", async () => {
        const rs = mutate(
            editInventory((data) => (data.cpu = "1")),
            (r) => {
                propsOf(r[INVENTORY]).metadata.labels = {};
            },
        );
        expect(await runPolicy(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when the declared capacity is unknown at preview", async () => {
        const rs = withUnknown(compliant, (r) => (propsOf(r[INVENTORY]).data.cpu = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            ["advisory", "can't run policy during preview: string value at .data.cpu can't be known during preview"],
        ]);
    });
});
