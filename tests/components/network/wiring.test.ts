import { AREAS } from "../../../stacks/areas";
import { parsePlatformConfig } from "../../../stacks/config";
import { renderStack, type RenderResult } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { stackSections } from "../../config/cases";

const GOVERNED = "platform:tenancy:GovernedNamespace";
const NAMESPACE = "kubernetes:core/v1:Namespace";

describe.each(["stage", "prod"])("the %s stack's network wiring", (stack) => {
    let result: RenderResult;
    let policies: CapturedResource[];

    beforeAll(async () => {
        result = await renderStack({ stack });
        const flows = result.resources.find((r) => r.type === "platform:network:NetworkFlows")!;
        policies = result.resources.filter((r) => r.parent === flows.urn);
    });

    const namespaceOf = (policy: CapturedResource): string => (policy.inputs.metadata as any).namespace;
    /** The URNs of what a namespace's GovernedNamespace creates: what depending on that component waits for. */
    const governedBy = (namespace: string): string[] => {
        const component = result.resources.find((r) => r.type === GOVERNED && r.name === namespace)!;
        return result.resources
            .filter((r) => r.parent === component.urn)
            .map((r) => r.urn)
            .sort();
    };

    it("governs exactly the namespaces the areas declare, so those are the ones that get flow policies", () => {
        const declared = AREAS.flatMap((area) => area.namespaces(parsePlatformConfig(stackSections(stack))));
        const governed = result.resources.filter((r) => r.type === GOVERNED).map((r) => r.name);
        expect([...governed].sort()).toEqual([...declared].sort());
        expect(policies.every((p) => declared.includes(namespaceOf(p)))).toBe(true);
    });

    it("creates each flow policy after its own namespace only, not after the charts, whose pods need it", () => {
        expect(policies.length).toBeGreaterThan(10);
        for (const policy of policies) {
            expect(policy.dependencies).toEqual(governedBy(namespaceOf(policy)));
        }
    });

    it("does not make a tenant's flow policy wait for another tenant's namespace", () => {
        const namespace = (name: string) => result.resources.find((r) => r.type === NAMESPACE && r.name === name)!;
        const web = policies.filter((p) => namespaceOf(p) === "web");
        expect(web.length).toBeGreaterThan(0);
        for (const policy of web) {
            expect(policy.dependencies).toContain(namespace("web").urn);
            expect(policy.dependencies).not.toContain(namespace("ml").urn);
            expect(policy.dependencies.filter((d) => governedBy("ml").includes(d))).toEqual([]);
        }
    });

    it("labels only the tenants the Gateway has flows to for route admission", () => {
        const labelled = result.resources
            .filter((r) => r.type === NAMESPACE)
            .filter((r) => (r.inputs.metadata as any).labels["platform.io/gateway-access"] === "true")
            .map((r) => r.name);
        // Tenants by their flows from the Gateway or an area's routes (ml: inference); monitoring for Grafana's route.
        expect(labelled.sort()).toEqual(["ml", "monitoring", "web"]);
    });
});

describe("stack outputs", () => {
    it("export the gateway address, the hostnames and the issuers (stage: internal CA)", async () => {
        const { outputs } = await renderStack({ stack: "stage" });
        expect(outputs).toMatchObject({
            gatewayAddress: "192.168.56.200",
            hostnames: [
                "cccr-miniproject.com",
                "inference.cccr-miniproject.com",
                "grpc.inference.cccr-miniproject.com",
                "grafana.cccr-miniproject.com",
            ],
            issuers: ["selfsigned-root", "internal-ca"],
            activeIssuer: "internal-ca",
        });
    });

    it("export the Let's Encrypt issuers in prod, which uses letsencrypt-prod", async () => {
        const { outputs, resources } = await renderStack({ stack: "prod" });
        expect(outputs).toMatchObject({
            gatewayAddress: "10.0.0.180",
            issuers: ["selfsigned-root", "internal-ca", "letsencrypt-staging", "letsencrypt-prod"],
            activeIssuer: "letsencrypt-prod",
        });
        const certs = resources.filter(
            (r) =>
                r.type === "kubernetes:cert-manager.io/v1:Certificate" &&
                (r.inputs.metadata as any).namespace === "gateway-system",
        );
        expect(certs.map((c) => (c.inputs.spec as any).issuerRef.name)).toEqual(Array(4).fill("letsencrypt-prod"));
    });
});
