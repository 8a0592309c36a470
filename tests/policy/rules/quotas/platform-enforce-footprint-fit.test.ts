import { K8sType } from "../../../../contract/k8s-types";
import { CHARTS } from "../../../../contract/versions";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformEnforceFootprintFit as policy } from "../../../../policy/rules/quotas/platform-enforce-footprint-fit";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { fixture, messages, mutate, runPolicy } from "../../../helpers/policy";
import { inventory, propsOf, sized, withUnknown } from "./fixtures";

// A network component owns demo-system (its quota is a budget over its own pods) and runs 2 × 1 core, 1Gi there
// plus cert-manager's controller from values (500m, 512Mi); two tenants have the Day-5 quota (4 cores, 8Gi each):
// 10.5 cores and 18.5Gi on 24 cores and 48Gi.
const component = fixture("platform:network:Demo", "demo", {});
const inComponent = (r: HarnessResource): HarnessResource => ({ ...r, parent: component.urn });
const chart = inComponent(
    fixture(K8sType.chartV4, "cert-manager-chart", {
        chart: CHARTS.certManager.chart,
        version: CHARTS.certManager.version,
        namespace: "demo-system",
        values: { replicaCount: 1, resources: { requests: { cpu: "500m", memory: "512Mi" } } },
    }),
);
const compliant: HarnessResource[] = [
    inventory(),
    ...governedNamespace("web"),
    ...governedNamespace("ml"),
    component,
    ...governedNamespace("demo-system").map(inComponent),
    inComponent(sized("demo-system", "controller", 2, "1", "1Gi")),
    chart,
];
const INVENTORY = 0;
const CHART = compliant.length - 1;
const where = "(ConfigMap kube-public/platform-capacity)";
const editInventory = (change: (data: Record<string, string>) => void, rs = compliant) =>
    mutate(rs, (copy) => change(propsOf(copy[INVENTORY]).data));
const withReplicas = (n: number) => mutate(compliant, (rs) => (propsOf(rs[CHART]).values.replicaCount = n));

describe("platform-enforce-footprint-fit", () => {
    it("passes the platform's requests plus tenant quotas within the schedulable capacity", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags cpu past the declared cores, at the inventory, listing platform areas then tenant quotas", async () => {
        const rs = editInventory((data) => (data.cpu = "10"));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                compliant[INVENTORY].urn,
                `requests.cpu of the platform and tenant quotas is 10500m, over the schedulable capacity of 10 ${where}: platform network 2500m, quota ml/ml-quota 4, quota web/web-quota 4`,
            ],
        ]);
    });

    it("flags memory past the declared bytes", async () => {
        const rs = editInventory((data) => (data.memoryBytes = String(16 * 2 ** 30)));
        expect(await messages(policy, rs)).toEqual([
            `requests.memory of the platform and tenant quotas is 18944Mi, over the schedulable capacity of 16Gi ${where}: platform network 2560Mi, quota ml/ml-quota 8Gi, quota web/web-quota 8Gi`,
        ]);
    });

    it("counts a chart's containers from its values", async () => {
        expect(await messages(policy, withReplicas(40))).toEqual([
            `requests.cpu of the platform and tenant quotas is 30, over the schedulable capacity of 24 ${where}: platform network 22, quota ml/ml-quota 4, quota web/web-quota 4`,
        ]);
    });

    it("counts a chart with children (a real preview) by its children, not also by its values", async () => {
        const child = { ...sized("demo-system", "cert-manager", 1, "1"), parent: chart.urn };
        const rs = editInventory((data) => (data.cpu = "10"), [...withReplicas(40), child]);
        expect(await messages(policy, rs)).toEqual([
            `requests.cpu of the platform and tenant quotas is 11, over the schedulable capacity of 10 ${where}: platform network 3, quota ml/ml-quota 4, quota web/web-quota 4`,
        ]);
    });

    it("does not add a system namespace's budget to the requests of the pods it caps", async () => {
        const rs = mutate(compliant, (copy) => {
            const budget = copy.find((r) => r.name === "demo-system-quota")!;
            propsOf(budget).spec.hard["requests.cpu"] = "100";
        });
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("counts a tenant's pods inside its quota, not on top of it", async () => {
        expect(await messages(policy, [...compliant, sized("web", "big", 10, "2")])).toEqual([]);
    });

    it("allows the share of capacity set by maxCommitPercent", async () => {
        const rs = editInventory((data) => (data.cpu = "10"));
        expect(await messages(policy, rs, { maxCommitPercent: 110 })).toEqual([]);
        expect(await messages(policy, rs, { maxCommitPercent: 104 })).toEqual([
            `requests.cpu of the platform and tenant quotas is 10500m, over 104% of the schedulable capacity of 10 ${where}: platform network 2500m, quota ml/ml-quota 4, quota web/web-quota 4`,
        ]);
    });

    it("flags an inventory whose capacity is not a number", async () => {
        const rs = editInventory((data) => (data.memoryBytes = "plenty"));
        expect(await messages(policy, rs)).toEqual([
            "ConfigMap kube-public/platform-capacity declares no numeric data.memoryBytes",
        ]);
    });

    it("is not applicable without an inventory", async () => {
        const rs = editInventory((data) => (data.cpu = "1")).slice(1);
        expect(await runPolicy(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when a chart's requests are unknown at preview", async () => {
        const rs = withUnknown(compliant, (copy) => {
            propsOf(copy[CHART]).values.resources.requests.cpu = PREVIEW_UNKNOWN;
        });
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .values.resources.requests.cpu can't be known during preview",
            ],
        ]);
    });
});
