import { renderStack, type RenderResult } from "../../../tools/render/render";

describe.each(["stage", "prod"])("the %s stack's network wiring", (stack) => {
    let result: RenderResult;

    beforeAll(async () => {
        result = await renderStack({ stack });
    });

    it("creates flow policies after the namespaces but not after the charts, whose pods need them", () => {
        const flows = result.resources.find((r) => r.type === "platform:network:NetworkFlows")!;
        const policies = result.resources.filter((r) => r.parent === flows.urn);
        expect(policies.length).toBeGreaterThan(10);
        const namespaces = result.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.urn);
        for (const policy of policies) {
            expect(policy.dependencies).toEqual(expect.arrayContaining(namespaces));
            expect(policy.dependencies.filter((d) => d.includes("helm.sh"))).toEqual([]);
        }
    });

    it("labels only the tenants the Gateway has flows to for route admission", () => {
        const labelled = result.resources
            .filter((r) => r.type === "kubernetes:core/v1:Namespace")
            .filter((r) => (r.inputs.metadata as any).labels["platform.io/gateway-access"] === "true")
            .map((r) => r.name);
        expect(labelled.sort()).toEqual(["ml", "web"]);
    });
});

describe("stack outputs", () => {
    it("export the gateway address, the hostnames and the issuers (stage: internal CA)", async () => {
        const { outputs } = await renderStack({ stack: "stage" });
        expect(outputs).toMatchObject({
            gatewayAddress: "192.168.56.200",
            hostnames: ["cccr-miniproject.com", "inference.cccr-miniproject.com"],
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
        expect(certs.map((c) => (c.inputs.spec as any).issuerRef.name)).toEqual([
            "letsencrypt-prod",
            "letsencrypt-prod",
        ]);
    });
});
