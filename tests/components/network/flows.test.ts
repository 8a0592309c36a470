import {
    allFlowPolicies,
    boundedName,
    defaultFlowName,
    flowPolicies,
    resolveFlows,
    type DeclaredFlow,
    type Endpoint,
    type Flow,
} from "../../../components/network/flows";
import { parseEndpointRef } from "../../../stacks/areas/network/endpoints";
import { systemFlows, WORLD } from "../../../components/network/system-flows";

const PROXY: Endpoint = {
    kind: "pods",
    name: "gateway",
    namespaces: ["envoy-gateway-system"],
    labels: { "app.kubernetes.io/component": "proxy" },
};
const ALIASES = { gateway: PROXY, world: WORLD };
const NAMESPACES = ["web", "data", "monitoring", "envoy-gateway-system"];
const MANAGED = new Set(NAMESPACES);

/** Flows written the way config writes them, parsed as the config layer does. */
function declared(...flows: (Omit<DeclaredFlow, "from" | "to"> & { from: string; to: string })[]): DeclaredFlow[] {
    return flows.map((f) => ({ ...f, from: parseEndpointRef(f.from)!, to: parseEndpointRef(f.to)! }));
}

describe("parseEndpointRef", () => {
    it.each([
        ["*", { kind: "all" }],
        ["web", { kind: "namespace", namespace: "web" }],
        ["web/wordpress", { kind: "namespace", namespace: "web", app: "wordpress" }],
        ["gateway", { kind: "alias", alias: "gateway" }],
    ])("reads %j", (text, expected) => {
        expect(parseEndpointRef(text)).toEqual(expected);
    });

    it.each(["web/wordpress/x", "Web", "web/", "/app", "gateway/x/y", ""])("rejects %j", (text) => {
        expect(parseEndpointRef(text)).toBeUndefined();
    });
});

describe("resolveFlows", () => {
    it("names flows after their ends, resolves aliases, * and apps, and applies the protocol to every port", () => {
        const flows = resolveFlows(
            declared(
                { from: "gateway", to: "web/wordpress", ports: [8080] },
                { name: "scrape", from: "monitoring/prometheus", to: "*", ports: ["metrics"], protocol: "TCP" },
                { from: "web", to: "data/mariadb", ports: [3306, 3307], protocol: "UDP" },
            ),
            NAMESPACES,
            ALIASES,
        );
        expect(flows.map((f) => f.name)).toEqual(["gateway-to-web-wordpress", "scrape", "web-to-data-mariadb"]);
        expect(flows[0].from).toBe(PROXY);
        expect(flows[0].to).toEqual({
            kind: "pods",
            name: "web/wordpress",
            namespaces: ["web"],
            labels: { "app.kubernetes.io/name": "wordpress" },
        });
        expect(flows[1].to).toEqual({ kind: "pods", name: "*", namespaces: [...NAMESPACES].sort(), labels: {} });
        expect(flows[2].ports).toEqual([
            { port: 3306, protocol: "UDP" },
            { port: 3307, protocol: "UDP" },
        ]);
    });

    it("throws on an alias no endpoint is given for", () => {
        expect(() =>
            resolveFlows(declared({ from: "kube-apiserver", to: "web", ports: [1] }), NAMESPACES, ALIASES),
        ).toThrow("flow endpoint alias kube-apiserver has no endpoint (known: gateway, world)");
    });
});

describe("flowPolicies", () => {
    const [gatewayToWordpress, wordpressToMariadb, scrapeAll] = resolveFlows(
        declared(
            { from: "gateway", to: "web/wordpress", ports: [8080] },
            { from: "web/wordpress", to: "data/mariadb", ports: [3306] },
            { name: "scrape", from: "monitoring/prometheus", to: "*", ports: ["metrics"] },
        ),
        NAMESPACES,
        ALIASES,
    );

    it("opens ingress on the destination and egress on the source, each selecting its own pods", () => {
        expect(flowPolicies(wordpressToMariadb, MANAGED)).toEqual([
            {
                namespace: "data",
                name: "flow-web-wordpress-to-data-mariadb-in",
                flow: "web-wordpress-to-data-mariadb",
                direction: "ingress",
                spec: {
                    podSelector: { matchLabels: { "app.kubernetes.io/name": "mariadb" } },
                    policyTypes: ["Ingress"],
                    ingress: [
                        {
                            from: [
                                {
                                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
                                    podSelector: { matchLabels: { "app.kubernetes.io/name": "wordpress" } },
                                },
                            ],
                            ports: [{ protocol: "TCP", port: 3306 }],
                        },
                    ],
                },
            },
            {
                namespace: "web",
                name: "flow-web-wordpress-to-data-mariadb-out",
                flow: "web-wordpress-to-data-mariadb",
                direction: "egress",
                spec: {
                    podSelector: { matchLabels: { "app.kubernetes.io/name": "wordpress" } },
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [
                                {
                                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "data" } },
                                    podSelector: { matchLabels: { "app.kubernetes.io/name": "mariadb" } },
                                },
                            ],
                            ports: [{ protocol: "TCP", port: 3306 }],
                        },
                    ],
                },
            },
        ]);
    });

    it("lets the gateway's proxies out to the app, and the app in from them", () => {
        const [ingress, egress] = flowPolicies(gatewayToWordpress, MANAGED);
        expect([ingress.namespace, egress.namespace]).toEqual(["web", "envoy-gateway-system"]);
        expect(egress.spec.podSelector).toEqual({ matchLabels: { "app.kubernetes.io/component": "proxy" } });
        expect((ingress.spec.ingress as any)[0].from).toEqual([
            {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
                podSelector: { matchLabels: { "app.kubernetes.io/component": "proxy" } },
            },
        ]);
    });

    it("expands * into an ingress policy in every managed namespace and names them all on the egress side", () => {
        const policies = flowPolicies(scrapeAll, MANAGED);
        expect(policies.filter((p) => p.direction === "ingress").map((p) => p.namespace)).toEqual([
            "data",
            "envoy-gateway-system",
            "monitoring",
            "web",
        ]);
        const egress = policies.find((p) => p.direction === "egress")!;
        expect((egress.spec.egress as any)[0]).toEqual({
            to: [
                {
                    namespaceSelector: {
                        matchExpressions: [
                            {
                                key: "kubernetes.io/metadata.name",
                                operator: "In",
                                values: ["data", "envoy-gateway-system", "monitoring", "web"],
                            },
                        ],
                    },
                },
            ],
            ports: [{ protocol: "TCP", port: "metrics" }],
        });
    });

    it("uses ipBlocks for address endpoints and writes only into managed namespaces", () => {
        const flow: Flow = {
            name: "world-to-gateway",
            from: WORLD,
            to: PROXY,
            ports: [{ port: 10443, protocol: "TCP" }],
        };
        expect(flowPolicies(flow, new Set(["web"]))).toEqual([]);
        const [ingress] = flowPolicies(flow, MANAGED);
        expect((ingress.spec.ingress as any)[0].from).toEqual([{ ipBlock: { cidr: "0.0.0.0/0" } }]);
    });

    it("orders every policy by namespace and name", () => {
        const ids = allFlowPolicies([scrapeAll, gatewayToWordpress], MANAGED).map((p) => `${p.namespace}/${p.name}`);
        expect(ids).toEqual([...ids].sort());
        expect(ids).toHaveLength(7);
    });
});

describe("names", () => {
    it("slugs endpoint names into a default flow name", () => {
        expect(defaultFlowName("monitoring/prometheus", "*")).toBe("monitoring-prometheus-to-all");
    });

    it("keeps names within 63 characters with a stable hash suffix", () => {
        const long = `flow-${"x".repeat(80)}-in`;
        expect(boundedName(long)).toHaveLength(63);
        expect(boundedName(long)).toBe(boundedName(long));
        expect(boundedName(long)).not.toBe(boundedName(`${long}2`));
        expect(boundedName("short")).toBe("short");
    });
});

describe("systemFlows", () => {
    const cluster = {
        apiServers: ["10.0.0.10", "10.0.0.11"],
        apiServiceIp: "10.96.0.1",
        nodeSources: ["10.0.0.0/24", "10.244.0.0/16"],
    };

    it("opens the gateway listeners, xDS, webhooks and API access without ACME flows when ACME is off", () => {
        const flows = systemFlows({ cluster, gatewayProxy: PROXY });
        expect(flows.map((f) => f.name)).toEqual([
            "world-to-gateway",
            "gateway-to-envoy-gateway",
            "nodes-to-envoy-gateway-webhook",
            "nodes-to-cert-manager-webhook",
            "nodes-to-metallb-webhook",
            "metallb-system-to-kube-apiserver",
            "cert-manager-to-kube-apiserver",
            "envoy-gateway-system-to-kube-apiserver",
        ]);
        expect(flows[0].ports).toEqual([
            { port: 10080, protocol: "TCP" },
            { port: 10443, protocol: "TCP" },
        ]);
        expect(flows[5].to).toEqual({
            kind: "cidrs",
            name: "kube-apiserver",
            cidrs: ["10.0.0.10/32", "10.0.0.11/32", "10.96.0.1/32"],
        });
    });

    it("lets cert-manager reach ACME and DNS for DNS-01", () => {
        const acme = systemFlows({ cluster, gatewayProxy: PROXY, acmeChallenge: "dns01" }).at(-1)!;
        expect(acme.name).toBe("cert-manager-to-acme");
        expect(acme.ports).toEqual([
            { port: 443, protocol: "TCP" },
            { port: 53, protocol: "TCP" },
            { port: 53, protocol: "UDP" },
        ]);
    });

    it("routes HTTP-01 solver traffic from the proxies into the Gateway's namespace", () => {
        const flows = systemFlows({ cluster, gatewayProxy: PROXY, acmeChallenge: "http01" });
        const solver = flows.find((f) => f.name === "gateway-to-http01-solver")!;
        expect(solver.to).toMatchObject({
            namespaces: ["gateway-system"],
            labels: { "acme.cert-manager.io/http01-solver": "true" },
        });
        expect(solver.ports).toEqual([{ port: 8089, protocol: "TCP" }]);
    });
});
