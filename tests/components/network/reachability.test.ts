import { reachability, type Reachability } from "../../../tools/render/flows";
import { reachabilityMarkdown } from "../../../tools/render/flows-report";
import { renderStack } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";

const PROXY =
    "envoy-gateway-system/{app.kubernetes.io/component=proxy,gateway.envoyproxy.io/owning-gateway-name=platform,gateway.envoyproxy.io/owning-gateway-namespace=gateway-system}";
const WORLD = "world (0.0.0.0/0)";
const DNS = "kube-system/{k8s-app=kube-dns}";

/** The MariaDB members as the matrix names them: by the labels mariadb-operator gives them. */
const MARIADB = "web/{app.kubernetes.io/instance=mariadb,app.kubernetes.io/name=mariadb}";

function ports(r: Reachability, from: string, to: string): readonly string[] {
    expect(r.endpoints).toContain(from);
    expect(r.endpoints).toContain(to);
    return r.allowed.find((p) => p.from === from && p.to === to)?.ports ?? [];
}

function resource(type: string, inputs: Record<string, unknown>): CapturedResource {
    return {
        urn: `urn:${type}:${JSON.stringify(inputs.metadata)}`,
        type,
        name: "x",
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        inputs,
        options: {
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ignoreChanges: [],
            additionalSecretOutputs: [],
        },
    };
}
const ns = (name: string, labels: Record<string, string> = {}) =>
    resource("kubernetes:core/v1:Namespace", { metadata: { name, labels } });
const np = (namespace: string, spec: Record<string, unknown>) =>
    resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: "p", namespace }, spec });
const DENY = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };

describe("reachability evaluation", () => {
    it("allows traffic only where the source's egress and the destination's ingress both allow it", () => {
        const app = { matchLabels: { "app.kubernetes.io/name": "app" } };
        const db = { matchLabels: { "app.kubernetes.io/name": "db" } };
        const r = reachability([
            ns("web"),
            ns("data", { tier: "data" }),
            np("web", DENY),
            np("data", DENY),
            np("web", {
                podSelector: app,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [{ namespaceSelector: { matchLabels: { tier: "data" } }, podSelector: db }],
                        ports: [
                            { protocol: "TCP", port: 3306 },
                            { protocol: "TCP", port: 3307 },
                        ],
                    },
                ],
            }),
            np("data", {
                podSelector: db,
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
                                podSelector: app,
                            },
                        ],
                        ports: [{ protocol: "TCP", port: 3306 }],
                    },
                ],
            }),
        ]);
        expect(ports(r, "web/app", "data/db")).toEqual(["TCP/3306"]);
        expect(ports(r, "data/db", "web/app")).toEqual([]);
        expect(ports(r, "web/*", "data/db")).toEqual([]);
    });

    it("treats a namespace without policies as open, and honours ipBlock exceptions", () => {
        const r = reachability([
            ns("edge"),
            ns("open"),
            np("edge", {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [
                    { from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.1.0.0/16"] } }], ports: [{ port: 443 }] },
                ],
            }),
            np("edge", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "192.168.0.0/16" } }, { ipBlock: { cidr: "10.1.0.0/16" } }] }],
            }),
        ]);
        const lan = "10.1.0.0/16,192.168.0.0/16";
        expect(ports(r, WORLD, "edge/*")).toEqual([]);
        expect(ports(r, lan, "edge/*")).toEqual([]);
        expect(ports(r, "edge/*", lan)).toEqual(["*"]);
        expect(ports(r, "open/*", "edge/*")).toEqual([]);
        expect(ports(r, "edge/*", "open/*")).toEqual([]);
        expect(ports(r, "open/*", WORLD)).toEqual(["*"]);
    });

    it("writes a matrix with a legend and the allowed flows", () => {
        const md = reachabilityMarkdown("test", {
            endpoints: ["a/*", "b/*"],
            allowed: [{ from: "a/*", to: "b/*", ports: ["TCP/80"] }],
        });
        expect(md).toContain("| E1 | `a/*` |");
        expect(md).toContain("| E1 | — | TCP/80 |");
        expect(md).toContain("| E2 | · | — |");
        expect(md).toContain("- `a/*` → `b/*`: TCP/80");
    });
});

describe.each(["stage", "prod"])("the %s stack's reachability matrix", (stack) => {
    let r: Reachability;
    let files: Readonly<Record<string, string>>;

    beforeAll(async () => {
        const result = await renderStack({ stack });
        files = result.files;
        r = JSON.parse(files["network-flows.json"]) as Reachability;
    });

    it("is written as JSON and Markdown", () => {
        expect(files["network-flows.md"]).toContain(`# Network reachability: ${stack}`);
        expect(r.allowed.length).toBeGreaterThan(0);
    });

    it("lets clients reach only the Gateway's listeners", () => {
        expect(ports(r, WORLD, PROXY)).toEqual(["TCP/10080", "TCP/10443"]);
        for (const target of [
            "web/wordpress",
            MARIADB,
            "ml/triton",
            "envoy-gateway-system/{control-plane=envoy-gateway}",
        ]) {
            expect(ports(r, WORLD, target)).toEqual([]);
        }
    });

    it("lets the Gateway reach the routed apps on their declared ports, and nothing else in the tenants", () => {
        expect(ports(r, PROXY, "web/wordpress")).toEqual(["TCP/8080"]);
        expect(ports(r, PROXY, "ml/triton")).toEqual(["TCP/8000", "TCP/8001"]);
        expect(ports(r, PROXY, MARIADB)).toEqual([]);
        expect(ports(r, PROXY, "envoy-gateway-system/{control-plane=envoy-gateway}")).toEqual(["TCP/18000"]);
    });

    it("lets WordPress reach MariaDB on 3306 only, and nothing reach back", () => {
        expect(ports(r, "web/wordpress", MARIADB)).toEqual(["TCP/3306"]);
        expect(ports(r, MARIADB, "web/wordpress")).toEqual([]);
        expect(ports(r, "ml/triton", MARIADB)).toEqual([]);
        expect(ports(r, "web/wordpress", PROXY)).toEqual([]);
    });

    it("keeps tenants apart except for declared flows", () => {
        expect(ports(r, "web/wordpress", "ml/triton")).toEqual([]);
        expect(ports(r, "ml/triton", "web/wordpress")).toEqual([]);
    });

    it("lets every governed namespace resolve names, and only the system namespaces reach the API server", () => {
        for (const source of ["web/*", "ml/*", "cert-manager/*", "gateway-system/*"]) {
            expect(ports(r, source, DNS)).toEqual(["TCP/53", "UDP/53"]);
        }
        const api = r.endpoints.find((e) => e.endsWith("/32") || e.includes("/32,"))!;
        expect(ports(r, "cert-manager/*", api)).toEqual(["TCP/443", "TCP/6443"]);
        expect(ports(r, "web/wordpress", api)).toEqual([]);
    });
});

describe("prod-only flows", () => {
    it("lets analytics call Triton's gRPC port, and cert-manager reach Let's Encrypt and DNS for DNS-01", async () => {
        const { files } = await renderStack({ stack: "prod" });
        const r = JSON.parse(files["network-flows.json"]) as Reachability;
        expect(ports(r, "analytics/*", "ml/triton")).toEqual(["TCP/8001"]);
        expect(ports(r, "analytics/*", "web/wordpress")).toEqual([]);
        expect(ports(r, "cert-manager/{app.kubernetes.io/component=controller}", WORLD)).toEqual([
            "TCP/443",
            "TCP/53",
            "UDP/53",
        ]);
        expect(ports(r, "cert-manager/{app.kubernetes.io/component=webhook}", WORLD)).toEqual([]);
    });
});
