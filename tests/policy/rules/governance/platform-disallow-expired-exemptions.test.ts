import { evaluatePolicies } from "../../../../policy/harness/evaluate";
import type { Exemption } from "../../../../policy/lib/exemptions";
import { policies as packPolicies } from "../../../../policy/pack";
import { platformDisallowExpiredExemptions } from "../../../../policy/rules/governance/platform-disallow-expired-exemptions";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

const quotaRule = { name: "kubernetes-core-v1-namespace-missing-resourcequota" };
const exemption: Exemption = {
    policy: quotaRule.name,
    component: "platform:tenancy:GovernedNamespace",
    resource: { kind: "Namespace", namespace: "", name: "legacy" },
    reason: "migrated from the seed lab; quota lands with the team's capacity review",
    owner: "platform-team",
    expires: "2026-12-31",
};

async function run(policy: ReturnType<typeof platformDisallowExpiredExemptions>) {
    const resources = [fixture(K8sType.namespace, "legacy", { metadata: { name: "legacy" } })];
    return (await evaluatePolicies([policy], resources, { all: "mandatory" })).map((v) => v.message);
}

describe("platform-disallow-expired-exemptions", () => {
    it("passes with active exemptions for known policies", async () => {
        expect(await run(platformDisallowExpiredExemptions([exemption], "2026-12-31", [quotaRule.name]))).toEqual([]);
    });

    it("flags an exemption past its expiry date", async () => {
        expect(await run(platformDisallowExpiredExemptions([exemption], "2027-01-01", [quotaRule.name]))).toEqual([
            `exemption for ${quotaRule.name} for Namespace "legacy" of platform:tenancy:GovernedNamespace (owner platform-team) expired on 2026-12-31`,
        ]);
    });

    it("flags an exemption naming a policy the pack does not have", async () => {
        expect(await run(platformDisallowExpiredExemptions([exemption], "2026-11-22", []))).toEqual([
            `exemption for unknown policy ${quotaRule.name} for Namespace "legacy" of platform:tenancy:GovernedNamespace (owner platform-team)`,
        ]);
    });

    it("is part of the pack", () => {
        expect(packPolicies.map((p) => p.name)).toContain("platform-disallow-expired-exemptions");
    });
});
