import { CrdCatalog, DEFAULT_CRD_DIR } from "../../tools/validate/crds";
import { validateObjects, type ValidationReport } from "../../tools/validate/validate";
import { crd, lines, namespace, widget, withField, type Obj } from "./fixtures";

// Upstream CRDs, read lazily from the shared directory: only the files these cases touch are parsed.
const upstream = CrdCatalog.load([DEFAULT_CRD_DIR]);

function against(catalog: CrdCatalog, ...objects: Obj[]): ValidationReport {
    return validateObjects([namespace("apps"), namespace("metallb-system"), ...objects], catalog);
}

function pool(): Obj {
    return {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: "lb", namespace: "metallb-system" },
        spec: { addresses: ["10.0.0.180-10.0.0.200"], autoAssign: true },
    };
}

function venafiIssuer(): Obj {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "venafi" },
        spec: {
            venafi: {
                zone: "devops\\platform",
                tpp: { url: "https://tpp.example.com/vedsdk", credentialsRef: { name: "tpp" } },
            },
        },
    };
}

describe("custom resources against upstream CRDs", () => {
    it("accepts the compliant MetalLB pool and Venafi issuer", () => {
        const report = against(upstream, pool(), venafiIssuer());

        expect(lines(report)).toEqual([]);
        expect(report.objects).toEqual({ core: 2, custom: 2, notChecked: 0 });
    });

    it("rejects an unknown field of a custom resource", () => {
        expect(lines(against(upstream, withField(pool(), "spec.autoAsign", false)))).toEqual([
            "metallb.io/v1beta1 IPAddressPool metallb-system/lb: spec.autoAsign: unknown field",
        ]);
    });

    it("rejects a wrong type in a custom resource", () => {
        expect(lines(against(upstream, withField(pool(), "spec.autoAssign", "yes")))).toEqual([
            "metallb.io/v1beta1 IPAddressPool metallb-system/lb: spec.autoAssign: must be of type boolean, got string",
        ]);
    });

    it("fails a CEL rule of cert-manager's ClusterIssuer with the rule's message", () => {
        const report = against(upstream, withField(venafiIssuer(), "spec.venafi.tpp", undefined));

        expect(lines(report)).toEqual([
            "cert-manager.io/v1 ClusterIssuer /venafi: spec.venafi: exactly one of tpp, cloud, or ngts must be configured",
        ]);
        expect(report.cel).toEqual({ evaluated: 1, notEvaluated: 0, reasons: [] });
    });

    it("counts a transition rule (oldSelf) as not evaluated, never as passed", () => {
        const gatewayClass = {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "GatewayClass",
            metadata: { name: "envoy" },
            spec: { controllerName: "gateway.envoyproxy.io/gatewayclass-controller" },
        };

        const report = against(upstream, gatewayClass);

        expect(lines(report)).toEqual([]);
        expect(report.cel).toEqual({ evaluated: 0, notEvaluated: 1, reasons: [["transition rule (oldSelf)", 1]] });
    });

    it("rejects a namespace on a custom resource its CRD declares cluster-scoped", () => {
        expect(lines(against(upstream, withField(venafiIssuer(), "metadata.namespace", "apps")))).toEqual([
            "cert-manager.io/v1 ClusterIssuer apps/venafi: metadata.namespace: a cluster-scoped ClusterIssuer takes no namespace",
        ]);
    });

    it("reports a custom resource whose CRD is not in the directory", () => {
        const report = against(upstream, widget({ size: 1 }));

        expect(lines(report)).toEqual(["example.com/v1 Widget apps/w: apiVersion: no CRD for example.com/v1 Widget"]);
        expect(report.objects.custom).toBe(1);
    });

    it("reports a version the CRD does not have", () => {
        expect(lines(against(upstream, withField(pool(), "apiVersion", "metallb.io/v1")))).toEqual([
            "metallb.io/v1 IPAddressPool metallb-system/lb: apiVersion: no CRD for metallb.io/v1 IPAddressPool: CRD ipaddresspools.metallb.io has versions v1beta1",
        ]);
    });
});

describe("structural-schema semantics", () => {
    const catalog = CrdCatalog.of([
        crd("Widget", {
            type: "object",
            properties: {
                config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                port: { "x-kubernetes-int-or-string": true },
                mode: { type: "string", enum: ["fast", "slow"], default: "fast" },
                reason: { type: "string" },
                note: { type: "string", nullable: true },
                count: { type: "integer", minimum: 1 },
                address: { type: "string", format: "ipv4" },
            },
            "x-kubernetes-validations": [
                { rule: "self.mode == 'fast' || has(self.reason)", message: "a slow widget needs a reason" },
            ],
        }),
        crd("Gadget", {
            type: "object",
            properties: { name: { type: "string" } },
            "x-kubernetes-validations": [
                { rule: "isSorted(self.name)", message: "uses a Kubernetes library function" },
                { rule: "self.name.startsWith('g')", message: "a gadget's name starts with g" },
            ],
        }),
    ]);

    function check(spec: unknown, kind = "Widget"): string[] {
        return lines(against(catalog, widget(spec, kind)));
    }

    it("accepts anything under x-kubernetes-preserve-unknown-fields", () => {
        expect(check({ config: { anything: { nested: [1, "two", { three: true }] } } })).toEqual([]);
    });

    it("still rejects unknown fields next to a preserve-unknown-fields subtree", () => {
        expect(check({ config: {}, confg: {} })).toEqual(["example.com/v1 Widget apps/w: spec.confg: unknown field"]);
    });

    it("accepts an integer or a string in an int-or-string field", () => {
        expect(check({ port: 8080 })).toEqual([]);
        expect(check({ port: "http" })).toEqual([]);
    });

    it("rejects anything else in an int-or-string field", () => {
        expect(check({ port: 80.5 })).toEqual([
            "example.com/v1 Widget apps/w: spec.port: must be of type integer or string, got number",
        ]);
    });

    it("applies defaults before CEL rules, as the apiserver does", () => {
        const report = against(catalog, widget({}));

        expect(lines(report)).toEqual([]);
        expect(report.cel.evaluated).toBe(1);
    });

    it("fails a CEL rule on the value the object sets", () => {
        expect(check({ mode: "slow" })).toEqual(["example.com/v1 Widget apps/w: spec: a slow widget needs a reason"]);
    });

    it("rejects a value outside the enum", () => {
        expect(check({ mode: "medium", reason: "testing" })).toEqual([
            'example.com/v1 Widget apps/w: spec.mode: unsupported value "medium": supported values: "fast", "slow"',
        ]);
    });

    it("accepts null only where the schema is nullable, and prunes other nulls as the apiserver does", () => {
        expect(check({ note: null, count: null })).toEqual([]);
    });

    it("checks minimum and format", () => {
        expect(check({ count: 0, address: "10.0.0.300" })).toEqual([
            "example.com/v1 Widget apps/w: spec.address: must be a valid ipv4",
            "example.com/v1 Widget apps/w: spec.count: must be greater than or equal to 1",
        ]);
    });

    it("counts a rule with a function the CEL library lacks as not evaluated and still runs the others", () => {
        const report = against(catalog, widget({ name: "widget" }, "Gadget"));

        expect(lines(report)).toEqual(["example.com/v1 Gadget apps/w: spec: a gadget's name starts with g"]);
        expect(report.cel).toEqual({
            evaluated: 1,
            notEvaluated: 1,
            reasons: [["Kubernetes CEL function isSorted() not in the library", 1]],
        });
    });

    it("counts a rule over a redacted value as not evaluated", () => {
        const report = against(catalog, widget({ name: "<redacted>" }, "Gadget"));

        expect(lines(report)).toEqual([]);
        expect(report.cel.reasons).toContainEqual(["value redacted or unknown in the render", 1]);
    });
});
