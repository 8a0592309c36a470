import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { applyExemptions, matches, parseExemptions, type Exemption } from "../../policy/lib/exemptions";
import { kubernetesCoreV1NamespaceMissingResourcequota as quotaRule } from "../../policy/rules/quotas/kubernetes-core-v1-namespace-missing-resourcequota";
import { kubernetesCoreV1ContainerMissingResources as resourcesRule } from "../../policy/rules/quotas/kubernetes-core-v1-container-missing-resources";
import { evaluatePolicies } from "../../policy/harness/evaluate";
import { deployment } from "../helpers/k8s-fixtures";
import { fixture } from "../helpers/policy";
import { K8sType } from "../../contract/k8s-types";

const bareNamespace = fixture(K8sType.namespace, "legacy", { metadata: { name: "legacy" } });
const exemption: Exemption = {
    policy: quotaRule.name,
    match: { name: "legacy" },
    reason: "migrated from the seed lab; quota lands with the team's capacity review",
    owner: "platform-team",
    expires: "2026-12-31",
};

async function run(policies: Parameters<typeof evaluatePolicies>[0], resources = [bareNamespace]) {
    return evaluatePolicies(policies, resources, { all: "mandatory" });
}

describe("parseExemptions", () => {
    it("accepts a complete entry", () => {
        const text = `exemptions:\n  - { policy: p, match: { name: "web-*" }, reason: r, owner: o, expires: 2026-12-31 }\n`;
        expect(parseExemptions(text, "x.yaml")).toEqual([
            { policy: "p", match: { name: "web-*" }, reason: "r", owner: "o", expires: "2026-12-31" },
        ]);
    });

    it("lists every problem of every entry with its index", () => {
        const text = `exemptions:\n  - { policy: p, match: {}, owner: o, expires: soon }\n  - { policy: "", match: { urn: a, name: b }, reason: r, owner: o, expires: 2026-01-01 }\n`;
        expect(() => parseExemptions(text, "x.yaml")).toThrow(
            "x.yaml:\n" +
                "  exemptions[0].reason: required, a non-empty string\n" +
                "  exemptions[0].expires: required, a date YYYY-MM-DD\n" +
                "  exemptions[0].match: exactly one of urn or name\n" +
                "  exemptions[1].policy: required, a non-empty string\n" +
                "  exemptions[1].match: exactly one of urn or name",
        );
    });

    it("reads an empty file as no exemptions", () => {
        expect(parseExemptions("", "x.yaml")).toEqual([]);
    });
});

describe("matches", () => {
    it("matches the Pulumi name by glob", () => {
        expect(matches({ ...exemption, match: { name: "leg*" } }, bareNamespace.urn)).toBe(true);
        expect(matches({ ...exemption, match: { name: "web*" } }, bareNamespace.urn)).toBe(false);
    });

    it("matches the URN by glob, treating regex characters literally", () => {
        expect(
            matches({ ...exemption, match: { urn: "urn:pulumi:test::platform::*::legacy" } }, bareNamespace.urn),
        ).toBe(true);
        expect(matches({ ...exemption, match: { urn: "urn.pulumi.*" } }, bareNamespace.urn)).toBe(false);
    });
});

describe("applyExemptions", () => {
    it("suppresses a stack policy's violation on the matched resource and counts it", async () => {
        const ledger = new Map();
        const violations = await run(applyExemptions([quotaRule], [exemption], "2026-11-22", ledger));
        expect(violations).toEqual([]);
        expect(ledger.get(exemption)).toBe(1);
    });

    it("suppresses nothing once the exemption has expired", async () => {
        const violations = await run(applyExemptions([quotaRule], [exemption], "2027-01-01"));
        expect(violations.map((v) => v.message)).toEqual(['namespace "legacy" has no ResourceQuota']);
    });

    it("keeps violations on resources the exemption does not match", async () => {
        const other = { ...exemption, match: { name: "other" } };
        const violations = await run(applyExemptions([quotaRule], [other], "2026-11-22"));
        expect(violations).toHaveLength(1);
    });

    it("suppresses a resource policy's violation and keeps the type tag the engine filters by", async () => {
        const bad = deployment("web", "api");
        (bad.props as any).spec.template.spec.containers[0].resources = {};
        const e = { ...exemption, policy: resourcesRule.name, match: { name: "api" } };
        const [wrapped] = applyExemptions([resourcesRule], [e], "2026-11-22");
        expect(await run([wrapped], [bad])).toEqual([]);
        expect(await run([resourcesRule], [bad])).toHaveLength(1);
    });

    it("keeps the type tag of a validateResourceOfType policy", () => {
        const typed = {
            ...resourcesRule,
            validateResource: validateResourceOfType(k8s.core.v1.Namespace, () => undefined),
        };
        const [wrapped] = applyExemptions([typed], [{ ...exemption, policy: typed.name }], "2026-11-22");
        expect((wrapped as any).validateResource.map((v: any) => v.__pulumiType)).toEqual([
            "kubernetes:core/v1:Namespace",
        ]);
    });
});
