import { parseAllDocuments } from "yaml";
import { renderStack, type RenderResult } from "../../tools/render/render";
import { stackSections } from "../config/cases";
import { STACKS } from "../helpers/stack-config";
import { K8sType } from "../../contract/k8s-types";
import { byCodePoint } from "../../contract/order";

const FILES = ["charts.json", "manifests.yaml", "policy-report.json", "policy-report.sarif", "resources.json"];

type Manifest = Record<string, any>;

function manifests(result: RenderResult): Manifest[] {
    return parseAllDocuments(result.files["manifests.yaml"]).map((doc) => {
        expect(doc.errors).toEqual([]);
        return doc.toJS() as Manifest;
    });
}

function tenantNames(stack: string): string[] {
    return (stackSections(stack).tenants as { name: string }[]).map((t) => t.name);
}

const isDefaultDeny = (m: Manifest) =>
    m.kind === "NetworkPolicy" &&
    Object.keys(m.spec.podSelector ?? {}).length === 0 &&
    [...m.spec.policyTypes].sort().join() === "Egress,Ingress" &&
    (m.spec.ingress ?? []).length === 0 &&
    (m.spec.egress ?? []).length === 0;

const allowsDns = (m: Manifest) =>
    m.kind === "NetworkPolicy" &&
    (m.spec.egress ?? []).some((rule: Manifest) =>
        ["UDP", "TCP"].every((protocol) =>
            (rule.ports ?? []).some((p: Manifest) => p.port === 53 && p.protocol === protocol),
        ),
    );

describe.each(STACKS)("rendering the %s stack", (stack) => {
    let first: RenderResult;
    let second: RenderResult;
    let docs: Manifest[];

    beforeAll(async () => {
        first = await renderStack({ stack });
        second = await renderStack({ stack });
        docs = manifests(first);
    });

    it("exits 0 with no mandatory violation under the stack's profile", () => {
        expect(first.violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
        expect(first.exitCode).toBe(0);
    });

    it("produces the five files of the render contract", () => {
        expect(Object.keys(first.files)).toEqual(expect.arrayContaining(FILES));
        for (const name of FILES) {
            expect(first.files[name].length).toBeGreaterThan(0);
        }
    });

    it("is byte-identical when rendered again", () => {
        expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
        for (const name of Object.keys(first.files)) {
            expect(second.files[name]).toBe(first.files[name]);
        }
    });

    it("declares every tenant as a Namespace with a ResourceQuota, a LimitRange, default deny and DNS egress", () => {
        for (const tenant of tenantNames(stack)) {
            const inNs = docs.filter((m) => m.metadata?.namespace === tenant);
            expect(docs.filter((m) => m.kind === "Namespace" && m.metadata.name === tenant)).toHaveLength(1);
            expect(inNs.filter((m) => m.kind === "ResourceQuota")).toHaveLength(1);
            expect(inNs.filter((m) => m.kind === "LimitRange")).toHaveLength(1);
            expect(inNs.filter(isDefaultDeny)).toHaveLength(1);
            expect(inNs.filter(allowsDns)).toHaveLength(1);
        }
    });

    it("gives each tenant's ResourceQuota the values of its parsed config", async () => {
        const { parsePlatformConfig } = await import("../../stacks/config/loader");
        for (const tenant of parsePlatformConfig(stackSections(stack)).tenants) {
            const quota = docs.find((m) => m.kind === "ResourceQuota" && m.metadata.namespace === tenant.name)!;
            expect(quota.spec.hard).toMatchObject({
                "requests.cpu": tenant.quota.requestsCpu,
                "requests.memory": tenant.quota.requestsMemory,
                "limits.cpu": tenant.quota.limitsCpu,
                "limits.memory": tenant.quota.limitsMemory,
                pods: String(tenant.quota.pods),
            });
        }
    });

    it("orders manifests by apiVersion, kind, namespace and name", () => {
        const keys = docs.map((m) => [m.apiVersion, m.kind, m.metadata?.namespace ?? "", m.metadata?.name].join("\0"));
        expect(keys).toEqual([...keys].sort((a, b) => byCodePoint(a, b)));
    });

    it("exports the tenant namespaces as a stack output", () => {
        expect(first.outputs.namespaces).toEqual(tenantNames(stack));
    });

    it("lists every captured resource once in resources.json, with the Namespaces among them", () => {
        const listed = JSON.parse(first.files["resources.json"]) as { urn: string; type: string; name: string }[];
        expect(listed.map((r) => r.urn)).toEqual(first.resources.map((r) => r.urn));
        expect(new Set(listed.map((r) => r.urn)).size).toBe(listed.length);
        const namespaces = listed.filter((r) => r.type === K8sType.namespace).map((r) => r.name);
        expect(namespaces).toEqual(expect.arrayContaining(tenantNames(stack)));
    });

    it("reports the stack, its profile and the violation counts in policy-report.json and SARIF", () => {
        const report = JSON.parse(first.files["policy-report.json"]);
        expect(report).toMatchObject({
            stack,
            profile: `policy/profiles/${stack}.json`,
            summary: { mandatory: 0, advisory: first.violations.length },
        });
        const sarif = JSON.parse(first.files["policy-report.sarif"]);
        expect(sarif.version).toBe("2.1.0");
        expect(sarif.runs[0].automationDetails.id).toBe(`platform-render/${stack}`);
        expect(sarif.runs[0].results).toHaveLength(first.violations.length);
    });
});
