import { kubernetesPolicyV1PoddisruptionbudgetDisallowBlockedDrains as policy } from "../../../../policy/rules/availability/kubernetes-policy-v1-poddisruptionbudget-disallow-blocked-drains";
import { messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, replace, webDeployment, webHpa, webPdb } from "./fixtures";

const BLOCKS = "no pod can be evicted, so node drains block";

/** The compliant stack with the web budget's bounds replaced. */
const withBudget = (bounds: Record<string, unknown>) =>
    replace(
        compliantStack(),
        change(webPdb(), (p) => {
            delete p.spec.maxUnavailable;
            Object.assign(p.spec, bounds);
        }),
    );

describe("kubernetes-policy-v1-poddisruptionbudget-disallow-blocked-drains", () => {
    it("passes the compliant stack (maxUnavailable 1)", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("passes minAvailable below the HPA's minReplicas", async () => {
        expect(await messages(policy, withBudget({ minAvailable: 2 }))).toEqual([]);
    });

    it("flags minAvailable equal to the HPA's minReplicas, at the budget", async () => {
        const violations = await runPolicy(policy, withBudget({ minAvailable: 3 }));
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                'PodDisruptionBudget "apps/web" requires minAvailable 3 of the 3 replicas (minReplicas of ' +
                    `HorizontalPodAutoscaler "apps/web") of Deployment "apps/web": ${BLOCKS}`,
                webPdb().urn,
            ],
        ]);
    });

    it("flags minAvailable above a lowered HPA minReplicas", async () => {
        const stack = replace(
            withBudget({ minAvailable: 2 }),
            change(webHpa(), (p) => (p.spec.minReplicas = 2)),
        );
        expect(await messages(policy, stack)).toEqual([
            'PodDisruptionBudget "apps/web" requires minAvailable 2 of the 2 replicas (minReplicas of ' +
                `HorizontalPodAutoscaler "apps/web") of Deployment "apps/web": ${BLOCKS}`,
        ]);
    });

    it("flags minAvailable equal to a quorum StatefulSet's fixed replicas", async () => {
        const stack = replace(
            compliantStack(),
            change(webPdb("db", "db"), (p) => {
                delete p.spec.maxUnavailable;
                p.spec.minAvailable = 3;
            }),
        );
        expect(await messages(policy, stack)).toEqual([
            `PodDisruptionBudget "apps/db" requires minAvailable 3 of the 3 replicas (spec.replicas) of StatefulSet "apps/db": ${BLOCKS}`,
        ]);
    });

    it("judges a workload two HPAs scale by the lower minReplicas", async () => {
        const second = change(webHpa("web-memory"), (p) => (p.spec.minReplicas = 2));
        expect(await messages(policy, [...withBudget({ minAvailable: 2 }), second])).toEqual([
            'PodDisruptionBudget "apps/web" requires minAvailable 2 of the 2 replicas (minReplicas of ' +
                `HorizontalPodAutoscaler "apps/web-memory") of Deployment "apps/web": ${BLOCKS}`,
        ]);
    });

    it("rounds a minAvailable percentage up, as the disruption controller does", async () => {
        expect(await messages(policy, withBudget({ minAvailable: "66%" }))).toEqual([]);
        expect(await messages(policy, withBudget({ minAvailable: "67%" }))).toEqual([
            'PodDisruptionBudget "apps/web" requires minAvailable 67% (3 pods) of the 3 replicas (minReplicas of ' +
                `HorizontalPodAutoscaler "apps/web") of Deployment "apps/web": ${BLOCKS}`,
        ]);
    });

    it("flags minAvailable 100% whatever the replicas", async () => {
        expect(await messages(policy, withBudget({ minAvailable: "100%" }))).toEqual([
            `PodDisruptionBudget "apps/web" sets minAvailable 100%: ${BLOCKS}`,
        ]);
    });

    it("flags maxUnavailable 0", async () => {
        expect(await messages(policy, withBudget({ maxUnavailable: 0 }))).toEqual([
            `PodDisruptionBudget "apps/web" sets maxUnavailable 0: ${BLOCKS}`,
        ]);
    });

    it('flags maxUnavailable "0%"', async () => {
        expect(await messages(policy, withBudget({ maxUnavailable: "0%" }))).toEqual([
            `PodDisruptionBudget "apps/web" sets maxUnavailable 0%: ${BLOCKS}`,
        ]);
    });

    it("passes a small maxUnavailable percentage, which the controller rounds up to one pod", async () => {
        expect(await messages(policy, withBudget({ maxUnavailable: "10%" }))).toEqual([]);
    });

    it("flags both bounds set, as the API server rejects it", async () => {
        expect(await messages(policy, withBudget({ minAvailable: 1, maxUnavailable: 1 }))).toEqual([
            'PodDisruptionBudget "apps/web": spec: Invalid value: minAvailable and maxUnavailable cannot be both set',
        ]);
    });

    it("flags a malformed percentage and a negative count as the API server does", async () => {
        expect(await messages(policy, withBudget({ minAvailable: "two" }))).toEqual([
            `PodDisruptionBudget "apps/web": spec.minAvailable: Invalid value: "two": a valid percent string must be a numeric string followed by an ending '%'`,
        ]);
        expect(await messages(policy, withBudget({ maxUnavailable: -1 }))).toEqual([
            'PodDisruptionBudget "apps/web": spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
        ]);
    });

    it("ignores workloads the budget does not select", async () => {
        const stack = replace(
            withBudget({ minAvailable: 3 }),
            change(webPdb(), (p) => {
                delete p.spec.maxUnavailable;
                p.spec.minAvailable = 3;
                p.spec.selector = { matchLabels: { app: "api" } };
            }),
        );
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("flags a workload whose pods two budgets select, at the workload", async () => {
        const violations = await runPolicy(policy, [...compliantStack(), webPdb("web-extra")]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                'Deployment "apps/web" has its pods selected by 2 PodDisruptionBudgets (PodDisruptionBudget "apps/web", ' +
                    'PodDisruptionBudget "apps/web-extra"): the eviction API refuses pods with more than one, so node drains block',
                webDeployment().urn,
            ],
        ]);
    });

    it("reports an unknown bound at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(policy, withBudget({ minAvailable: PREVIEW_UNKNOWN }));
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.minAvailable can't be known during preview",
            ],
        ]);
    });
});
