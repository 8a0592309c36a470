import { kubernetesPolicyV1PoddisruptionbudgetDisallowNoopBudget as policy } from "../../../../policy/rules/availability/kubernetes-policy-v1-poddisruptionbudget-disallow-noop-budget";
import { messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, NS, PREVIEW_UNKNOWN, webPdb } from "./fixtures";

const NOOP =
    `PodDisruptionBudget "${NS}/web" sets neither minAvailable nor maxUnavailable: the disruption controller then ` +
    "allows every pod it selects to be evicted at once, so the budget protects nothing";

const noop = () =>
    change(webPdb(), (p) => {
        delete p.spec.maxUnavailable;
    });

describe("kubernetes-policy-v1-poddisruptionbudget-disallow-noop-budget", () => {
    it("passes the compliant stack: budgets with maxUnavailable 1", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("passes a budget with minAvailable instead", async () => {
        const pdb = change(webPdb(), (p) => {
            delete p.spec.maxUnavailable;
            p.spec.minAvailable = "50%";
        });
        expect(await messages(policy, [pdb])).toEqual([]);
    });

    it("flags a budget with neither bound, at the budget", async () => {
        const pdb = noop();
        const violations = await runPolicy(policy, [pdb]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([[NOOP, pdb.urn]]);
    });

    it("flags bounds set to null, which the API server decodes as unset", async () => {
        const pdb = change(webPdb(), (p) => {
            p.spec.maxUnavailable = null;
            p.spec.minAvailable = null;
        });
        expect(await messages(policy, [pdb])).toEqual([NOOP]);
    });

    it("flags a budget with no spec at all", async () => {
        const pdb = change(webPdb(), (p) => {
            delete p.spec;
        });
        expect(await messages(policy, [pdb])).toEqual([NOOP]);
    });

    it("does not wait on an unknown maxUnavailable when minAvailable is set", async () => {
        const pdb = change(webPdb(), (p) => {
            p.spec.minAvailable = 1;
            p.spec.maxUnavailable = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [pdb])).toEqual([]);
    });

    it("reports that it cannot run when the bound is unknown at preview", async () => {
        const pdb = change(noop(), (p) => {
            p.spec.maxUnavailable = PREVIEW_UNKNOWN;
        });
        const violations = await runPolicy(policy, [pdb]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.maxUnavailable can't be known during preview",
            ],
        ]);
    });
});
