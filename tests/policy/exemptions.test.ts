import * as k8s from "@pulumi/kubernetes";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateResourceOfType } from "@pulumi/policy";
import { applyExemptions, matches, parseExemptions, type Exemption } from "../../policy/lib/exemptions";
import { kubernetesCoreV1NamespaceMissingResourcequota as quotaRule } from "../../policy/rules/quotas/kubernetes-core-v1-namespace-missing-resourcequota";
import { kubernetesCoreV1PodDisallowHostNamespaces as hostRule } from "../../policy/rules/security/kubernetes-core-v1-pod-disallow-host-namespaces";
import { evaluatePolicies, type HarnessResource } from "../../policy/harness/evaluate";
import { exemptions as packExemptions } from "../../policy/pack";
import { fixture } from "../helpers/policy";
import { K8sType } from "../../contract/k8s-types";

const COMPONENT = "platform:network:MetalLb";
const COMPONENTS = path.join(__dirname, "../../components");
const CHART_CHAIN = `${COMPONENT}$${K8sType.chartV4}$${K8sType.daemonSet}`;

/** A DaemonSet on the host network, declared under `chain` (the URN's type chain). */
function speaker(chain: string, namespace = "metallb-system", name = "metallb-chart-speaker"): HarnessResource {
    const props = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name, namespace },
        spec: { template: { spec: { hostNetwork: true, containers: [{ name: "speaker", image: "speaker:1" }] } } },
    };
    return { ...fixture(K8sType.daemonSet, name, props), urn: `urn:pulumi:test::platform::${chain}::${name}` };
}

const exemption: Exemption = {
    policy: hostRule.name,
    component: COMPONENT,
    resource: { kind: "DaemonSet", namespace: "metallb-system", name: "metallb-chart-speaker" },
    reason: "announces addresses from the node's network",
    owner: "network area",
    expires: "2026-12-31",
};

async function run(policies: Parameters<typeof evaluatePolicies>[0], resources: readonly HarnessResource[]) {
    return (await evaluatePolicies(policies, resources, { all: "mandatory" })).map((v) => v.message);
}

const HOST_NETWORK = ["pod must not share host namespaces (hostNetwork=true)"];

describe("parseExemptions", () => {
    it("accepts a complete entry", () => {
        const text =
            "exemptions:\n  - { policy: p, component: platform:network:MetalLb, resource: { kind: DaemonSet, namespace: ns, name: n }, reason: r, owner: o, expires: 2026-12-31 }\n";
        expect(parseExemptions(text, "x.yaml")).toEqual([
            {
                policy: "p",
                component: "platform:network:MetalLb",
                resource: { kind: "DaemonSet", namespace: "ns", name: "n" },
                reason: "r",
                owner: "o",
                expires: "2026-12-31",
            },
        ]);
    });

    it("lists every problem of every entry with its index: globs, whole namespaces and URN matches are gone", () => {
        const text = [
            "exemptions:",
            "  - { policy: p, match: { name: web }, owner: o, expires: soon }",
            '  - { policy: "", component: kube-system, resource: { kind: "*", name: "web-*" }, reason: r, owner: o, expires: 2026-01-01 }',
        ].join("\n");
        expect(() => parseExemptions(text, "x.yaml")).toThrow(
            [
                "x.yaml:",
                "  exemptions[0].match: unknown field; an exemption has policy, component, resource, reason, owner, expires",
                "  exemptions[0].reason: required, a non-empty string",
                "  exemptions[0].component: required, the type token of the platform component that needs it (platform:<area>:<Type>)",
                "  exemptions[0].expires: required, a date YYYY-MM-DD",
                "  exemptions[0].resource.kind: required, the object's exact kind (no globs)",
                "  exemptions[0].resource.name: required, the object's exact name (no globs)",
                '  exemptions[0].resource.namespace: required, the object\'s exact namespace ("" if cluster-scoped)',
                "  exemptions[1].policy: required, a non-empty string",
                "  exemptions[1].component: required, the type token of the platform component that needs it (platform:<area>:<Type>)",
                "  exemptions[1].resource.kind: required, the object's exact kind (no globs)",
                "  exemptions[1].resource.name: required, the object's exact name (no globs)",
                '  exemptions[1].resource.namespace: required, the object\'s exact namespace ("" if cluster-scoped)',
            ].join("\n"),
        );
    });

    it("reads an empty file as no exemptions", () => {
        expect(parseExemptions("", "x.yaml")).toEqual([]);
    });

    it("loads the pack's own exemptions, each owned by a component the platform declares", () => {
        const sources = fs
            .readdirSync(COMPONENTS, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts"))
            .map((f) => fs.readFileSync(path.join(COMPONENTS, f), "utf8"))
            .join("\n");
        expect(packExemptions.length).toBeGreaterThan(0);
        for (const e of packExemptions) {
            expect(sources).toContain(`super("${e.component}"`);
        }
    });
});

describe("matches", () => {
    const at = (r: HarnessResource) => matches(exemption, r.urn, r.type, r.props);

    it("covers the named object declared under the component, however deep", () => {
        expect(at(speaker(CHART_CHAIN))).toBe(true);
        expect(at(speaker(`platform:Platform$${CHART_CHAIN}`))).toBe(true);
    });

    it("does not cover the same object declared by anyone else", () => {
        expect(at(speaker(K8sType.daemonSet))).toBe(false);
        expect(at(speaker(`platform:tenancy:Workload$${K8sType.daemonSet}`))).toBe(false);
    });

    it("does not cover another object, namespace or kind under the component", () => {
        expect(at(speaker(CHART_CHAIN, "metallb-system", "metallb-chart-controller"))).toBe(false);
        expect(at(speaker(CHART_CHAIN, "kube-system"))).toBe(false);
        const asPod = speaker(CHART_CHAIN);
        expect(matches(exemption, asPod.urn, K8sType.pod, { ...asPod.props, apiVersion: "v1", kind: "Pod" })).toBe(
            false,
        );
    });
});

describe("applyExemptions", () => {
    it("suppresses the rule's violation on the covered object and counts it", async () => {
        const ledger = new Map();
        expect(
            await run(applyExemptions([hostRule], [exemption], "2026-11-22", ledger), [speaker(CHART_CHAIN)]),
        ).toEqual([]);
        expect(ledger.get(exemption)).toBe(1);
    });

    it("keeps reporting the same object outside the component, and other rules on the covered object", async () => {
        const wrapped = applyExemptions([hostRule], [exemption], "2026-11-22");
        expect(await run(wrapped, [speaker(`platform:tenancy:Workload$${K8sType.daemonSet}`)])).toEqual(HOST_NETWORK);
        const other = { ...exemption, policy: quotaRule.name };
        expect(await run(applyExemptions([hostRule], [other], "2026-11-22"), [speaker(CHART_CHAIN)])).toEqual(
            HOST_NETWORK,
        );
    });

    it("suppresses nothing once the exemption has expired", async () => {
        expect(await run(applyExemptions([hostRule], [exemption], "2027-01-01"), [speaker(CHART_CHAIN)])).toEqual(
            HOST_NETWORK,
        );
    });

    it("suppresses a stack policy's violation on the covered object only", async () => {
        const ns = (chain: string) => ({
            ...fixture(K8sType.namespace, "legacy", {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: { name: "legacy" },
            }),
            urn: `urn:pulumi:test::platform::${chain}::legacy`,
        });
        const e: Exemption = {
            ...exemption,
            policy: quotaRule.name,
            component: "platform:tenancy:GovernedNamespace",
            resource: { kind: "Namespace", namespace: "", name: "legacy" },
        };
        const wrapped = applyExemptions([quotaRule], [e], "2026-11-22");
        expect(await run(wrapped, [ns(`platform:tenancy:GovernedNamespace$${K8sType.namespace}`)])).toEqual([]);
        expect(await run(wrapped, [ns(K8sType.namespace)])).toEqual(['namespace "legacy" has no ResourceQuota']);
    });

    it("keeps the type tag of a validateResourceOfType policy", () => {
        const typed = { ...hostRule, validateResource: validateResourceOfType(k8s.core.v1.Namespace, () => undefined) };
        const [wrapped] = applyExemptions([typed], [exemption], "2026-11-22");
        expect((wrapped as any).validateResource.map((v: any) => v.__pulumiType)).toEqual([
            "kubernetes:core/v1:Namespace",
        ]);
    });
});
