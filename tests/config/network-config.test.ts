import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

describe("network and TLS settings of the stack files", () => {
    it("parse stage: internal CA, layer 2, IPVS, the gateway on the first pool address", () => {
        const config = parsePlatformConfig(stackSections("stage"));
        expect(config.tls.mode).toBe("internal-ca");
        expect(config.network.gateway).toEqual({
            address: "192.168.56.200",
            hostnames: [
                "cccr-miniproject.com",
                "inference.cccr-miniproject.com",
                "grpc.inference.cccr-miniproject.com",
                "grafana.cccr-miniproject.com",
            ],
            replicas: 1,
        });
        expect(config.network.kubeProxyMode).toBe("ipvs");
        expect(config.network.bgp).toEqual({ peers: [], requireRedundantPeers: false });
        // Endpoints are parsed once, here: wiring and components get the typed references.
        expect(config.network.flows[0]).toEqual({
            from: { kind: "alias", alias: "gateway" },
            to: { kind: "namespace", namespace: "web", app: "wordpress" },
            ports: [8080],
            protocol: "TCP",
        });
        expect(config.dns01Credentials).toBeUndefined();
    });

    it("parse prod: Let's Encrypt prod over DNS-01 (Route53) with the credential as a secure value", () => {
        const config = parsePlatformConfig(stackSections("prod"));
        expect(config.tls.mode).toBe("letsencrypt-prod");
        expect(config.tls.acme).toEqual({
            email: "platform-team@platform.example.com",
            challenge: "dns01",
            dns01: { provider: "route53", region: "ap-northeast-2", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
        });
        expect(config.dns01Credentials).toBe("offline-render-placeholder");
        expect(config.network.bgp.requireRedundantPeers).toBe(true);
        expect(config.network.kubeProxyMode).toBe("iptables");
    });

    it("defaults kube-proxy to iptables, no BGP, no flows and HTTP-01", () => {
        const raw = withChange("stage", (c) => {
            delete c.network.kubeProxyMode;
            delete c.network.flows;
        });
        const config = parsePlatformConfig(raw);
        expect(config.network.kubeProxyMode).toBe("iptables");
        expect(config.network.flows).toEqual([]);
        expect(config.tls.acme).toEqual({ challenge: "http01" });
    });
});

describe("gateway", () => {
    it("rejects a gateway address outside every pool", () => {
        expect(problemsAfter("stage", (c) => (c.network.gateway.address = "192.168.56.150"))).toEqual([
            "platform:network.gateway.address: 192.168.56.150 is outside every lbPools range (192.168.56.200-192.168.56.209)",
        ]);
    });

    it("accepts an address in a second pool", () => {
        const raw = withChange("prod", (c) => {
            c.network.lbPools.push({ name: "gateway", addresses: ["10.0.0.201/32"], autoAssign: false });
            c.network.gateway.address = "10.0.0.201";
        });
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });

    it("rejects a hostname that is not a DNS name", () => {
        expect(problemsAfter("stage", (c) => (c.network.gateway.hostnames[1] = "Inference_Host.example.com"))).toEqual([
            'platform:network.gateway.hostnames[1]: "Inference_Host.example.com" is not a DNS name',
        ]);
    });

    it("rejects a duplicate hostname", () => {
        expect(problemsAfter("stage", (c) => c.network.gateway.hostnames.push("cccr-miniproject.com"))).toEqual([
            "platform:network.gateway.hostnames[4]: duplicate hostname cccr-miniproject.com (also at index 0)",
        ]);
    });
});

describe("ACME issuers", () => {
    it("rejects a Let's Encrypt mode without an ACME e-mail", () => {
        expect(problemsAfter("prod", (c) => delete c.tls.acme.email)).toEqual([
            "platform:tls.acme.email: is required when tls.mode is letsencrypt-prod",
        ]);
    });

    it("rejects Let's Encrypt staging without acme settings at all", () => {
        expect(problemsAfter("stage", (c) => (c.tls.mode = "letsencrypt-staging"))).toEqual([
            "platform:tls.acme.email: is required when tls.mode is letsencrypt-staging",
        ]);
    });

    it("rejects DNS-01 without the credential", () => {
        expect(problemsAfter("prod", (c) => delete c.dns01Credentials)).toEqual([
            "platform:dns01Credentials: is required when tls.acme.challenge is dns01; run `pulumi config set --secret platform:dns01Credentials <value> --stack <stack>`",
        ]);
    });

    it("rejects DNS-01 without provider settings", () => {
        expect(problemsAfter("prod", (c) => delete c.tls.acme.dns01)).toEqual([
            "platform:tls.acme.dns01: is required when tls.acme.challenge is dns01",
        ]);
    });

    it("rejects Let's Encrypt on an offline stack", () => {
        expect(problemsAfter("prod", (c) => (c.registry.offline = true))).toEqual([
            "platform:tls.mode: letsencrypt-prod needs the ACME servers; an offline stack (registry.offline) must use internal-ca",
        ]);
    });

    it("accepts the internal CA offline with HTTP-01 settings left unused", () => {
        const raw = withChange("prod", (c) => {
            c.registry.offline = true;
            c.tls.mode = "internal-ca";
            c.tls.acme = {};
            delete c.dns01Credentials;
        });
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });
});

describe("BGP peers", () => {
    const peers = (asn: number) => [
        { name: "tor-a", address: "10.0.0.1", asn },
        { name: "tor-b", address: "10.0.0.2", asn },
    ];

    it("accepts two eBGP peers in private AS ranges", () => {
        const raw = withChange("prod", (c) => (c.network.bgp = { localAsn: 64512, peers: peers(64513) }));
        expect(parsePlatformConfig(raw).network.bgp.peers).toHaveLength(2);
    });

    it("rejects a peer AS equal to the local AS", () => {
        expect(problemsAfter("prod", (c) => (c.network.bgp = { localAsn: 64512, peers: peers(64512) }))).toEqual([
            "platform:network.bgp.peers[0].asn: 64512 equals bgp.localAsn; MetalLB peers over eBGP, so the AS numbers must differ",
            "platform:network.bgp.peers[1].asn: 64512 equals bgp.localAsn; MetalLB peers over eBGP, so the AS numbers must differ",
        ]);
    });

    it("rejects a public AS number", () => {
        expect(
            problemsAfter("prod", (c) => (c.network.bgp = { localAsn: 65000 + 100000, peers: peers(64513) })),
        ).toEqual([
            "platform:network.bgp.localAsn: 165000 is not a private AS number (64512-65534 or 4200000000-4294967294)",
        ]);
    });

    it("accepts 4-byte private AS numbers", () => {
        const raw = withChange("prod", (c) => (c.network.bgp = { localAsn: 4200000001, peers: peers(4200000002) }));
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });

    it("rejects a single peer when redundant peers are required (prod sets it)", () => {
        expect(
            problemsAfter(
                "prod",
                (c) => (c.network.bgp = { ...c.network.bgp, localAsn: 64512, peers: peers(64513).slice(0, 1) }),
            ),
        ).toEqual(["platform:network.bgp.peers: declares 1 peer; bgp.requireRedundantPeers needs at least 2"]);
    });

    it("accepts a single peer where redundancy is not required (stage)", () => {
        const raw = withChange("stage", (c) => (c.network.bgp = { localAsn: 64512, peers: peers(64513).slice(0, 1) }));
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });

    it("rejects peers without a local AS", () => {
        expect(problemsAfter("stage", (c) => (c.network.bgp = { peers: peers(64513) }))).toEqual([
            "platform:network.bgp.localAsn: is required when bgp.peers are declared",
        ]);
    });
});

describe("gateway hostnames and tls.domain", () => {
    it("rejects a hostname outside tls.domain, which its certificate is issued for", () => {
        expect(problemsAfter("stage", (c) => c.network.gateway.hostnames.push("www.other.example"))).toEqual([
            "platform:network.gateway.hostnames[4]: www.other.example is not tls.domain cccr-miniproject.com or a name under it",
        ]);
    });

    it("rejects hostnames that derive one listener, Certificate and Secret (a-b.web vs a.b-web)", () => {
        const change = (c: Record<string, any>) =>
            c.network.gateway.hostnames.push("a-b.web.cccr-miniproject.com", "a.b-web.cccr-miniproject.com");
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.gateway.hostnames[5]: " +
                'derives Gateway listener "https-a-b-web-cccr-miniproject-com", ' +
                'Certificate and Secret "a-b-web-cccr-miniproject-com-tls", ' +
                'Certificate resource "cert-a-b-web-cccr-miniproject-com", ' +
                "the same as platform:network.gateway.hostnames[4]",
        ]);
    });

    it("rejects hostnames whose repeated hyphens collapse into another's name", () => {
        const change = (c: Record<string, any>) =>
            c.network.gateway.hostnames.push("a--b.cccr-miniproject.com", "a-b.cccr-miniproject.com");
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.gateway.hostnames[5]: " +
                'derives Gateway listener "https-a-b-cccr-miniproject-com", ' +
                'Certificate and Secret "a-b-cccr-miniproject-com-tls", ' +
                'Certificate resource "cert-a-b-cccr-miniproject-com", ' +
                "the same as platform:network.gateway.hostnames[4]",
        ]);
    });

    it("accepts the domain itself and names under it", () => {
        const raw = withChange("stage", (c) => c.network.gateway.hostnames.push("a.b.cccr-miniproject.com"));
        expect(parsePlatformConfig(raw).network.gateway.hostnames).toContain("a.b.cccr-miniproject.com");
    });
});

describe("flows", () => {
    it("rejects a flow to an undeclared namespace", () => {
        expect(
            problemsAfter("stage", (c) =>
                c.network.flows.push({ from: "web/wordpress", to: "data/mariadb", ports: [3306] }),
            ),
        ).toEqual([
            "platform:network.flows[1].to: namespace data is not declared (tenants and platform namespaces: web, ml, metallb-system, cert-manager, envoy-gateway-system, gateway-system, csi-nfs, local-path-storage, mariadb-operator, gpu-operator, keda, monitoring, node-exporter)",
        ]);
    });

    it("rejects a malformed endpoint", () => {
        expect(problemsAfter("stage", (c) => (c.network.flows[0].from = "web/wordpress/extra"))).toEqual([
            'platform:network.flows[0].from: "web/wordpress/extra" is not *, <namespace>, <namespace>/<app> or one of the aliases gateway, world, kube-apiserver',
        ]);
    });

    it("rejects a flow between two address aliases", () => {
        expect(
            problemsAfter("stage", (c) => c.network.flows.push({ from: "world", to: "kube-apiserver", ports: [6443] })),
        ).toEqual(["platform:network.flows[1]: connects two address aliases; a flow needs pods on one side"]);
    });

    it("rejects two flows with the same name", () => {
        expect(
            problemsAfter("stage", (c) =>
                c.network.flows.push({ from: "gateway", to: "web/wordpress", ports: [8443] }),
            ),
        ).toEqual([
            'platform:network.flows[1]: derives flow name "gateway-to-web-wordpress", the same as platform:network.flows[0]',
        ]);
    });

    it("rejects a flow whose derived name is one of the platform's own flows (world to gateway)", () => {
        expect(
            problemsAfter("stage", (c) => c.network.flows.push({ from: "world", to: "gateway", ports: [10443] })),
        ).toEqual([
            `platform:network.flows[1]: derives flow name "world-to-gateway", the same as the platform's flow world-to-gateway`,
        ]);
    });

    it("rejects the name of a platform flow that only ACME opens, even while the stack uses the internal CA", () => {
        expect(
            problemsAfter("stage", (c) =>
                c.network.flows.push({ name: "cert-manager-to-acme", from: "web", to: "world", ports: [443] }),
            ),
        ).toEqual([
            `platform:network.flows[1].name: derives flow name "cert-manager-to-acme", the same as the platform's flow cert-manager-to-acme`,
        ]);
    });

    it("rejects flows whose NetworkPolicies in two namespaces get one Pulumi name", () => {
        const small = { requestsCpu: "100m", requestsMemory: "128Mi" };
        const change = (c: Record<string, any>) => {
            c.tenants.push({ name: "data", quota: small }, { name: "data-flow-x", quota: small });
            c.network.flows.push(
                { name: "x-flow-y", from: "web", to: "data", ports: [80] },
                { name: "y", from: "web", to: "data-flow-x", ports: [80] },
            );
        };
        // data + flow-x-flow-y-in and data-flow-x + flow-y-in: two NetworkPolicies, one URN under network-flows.
        expect(problemsAfter("stage", change)).toEqual([
            'platform:network.flows[2].name: derives NetworkPolicy resource "data-flow-x-flow-y-in", the same as platform:network.flows[1].name',
        ]);
    });

    it.each([70000, "Metrics", "http_alt"])("rejects the port %j", (port) => {
        expect(problemsAfter("stage", (c) => (c.network.flows[0].ports = [port]))).toEqual([
            `platform:network.flows[0].ports[0]: ${JSON.stringify(port)} is not a port number (1-65535) or a container port name (at most 15 lowercase letters, digits and '-')`,
        ]);
    });

    it("accepts * and named ports", () => {
        const raw = withChange("stage", (c) =>
            c.network.flows.push({ name: "scrape", from: "web", to: "*", ports: ["metrics"] }),
        );
        expect(parsePlatformConfig(raw).network.flows[1]).toEqual({
            name: "scrape",
            from: { kind: "namespace", namespace: "web" },
            to: { kind: "all" },
            ports: ["metrics"],
            protocol: "TCP",
        });
    });
});
