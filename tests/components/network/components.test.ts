import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { exemptions } from "../../../policy/pack";
import { DAY5_LIMITS, DAY5_QUOTA } from "../../../stacks/areas/tenancy/schema";
import { capture, findResource, ofType } from "../../helpers/capture";

const CHART = "kubernetes:helm.sh/v4:Chart";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const GOVERNED = "platform:tenancy:GovernedNamespace";
const POOLS = [{ name: "default", addresses: ["10.0.0.180-10.0.0.200"], autoAssign: true }];

describe("MetalLb in layer 2 mode with IPVS kube-proxy", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        const { MetalLb } = await import("../../../components/network");
        resources = (await capture(() => void new MetalLb("metallb", { pools: POOLS, strictArp: true }))).resources;
    });

    it("installs the pinned chart into a privileged metallb-system namespace", () => {
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "metallb-system");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        const chart = findResource(resources, CHART, "metallb-chart");
        expect(chart.inputs).toMatchObject({
            chart: "metallb",
            version: "0.16.1",
            repositoryOpts: { repo: "https://metallb.github.io/metallb" },
            namespace: "metallb-system",
        });
        expect(chart.dependencies).toContain(ns.urn);
    });

    it("names the speaker its policy exemptions cover, and gives the controller a seccomp profile", () => {
        const chart = findResource(resources, CHART, "metallb-chart");
        // Helm's fullname is the release name when that contains the chart name; v4 Charts release as their name.
        const release = (chart.inputs.name as string | undefined) ?? chart.name;
        expect(release).toContain("metallb");
        const covered = exemptions.filter((e) => e.component === "platform:network:MetalLb");
        expect(covered.length).toBeGreaterThan(0);
        expect(new Set(covered.map((e) => `${e.resource.namespace}/${e.resource.name}`))).toEqual(
            new Set([`metallb-system/${release}-speaker`]),
        );
        expect((chart.inputs.values as any).controller.securityContext).toEqual({
            seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("declares the pool and an L2Advertisement that wait for the chart's CRDs", () => {
        const chart = findResource(resources, CHART, "metallb-chart");
        const pool = findResource(resources, "kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-pool-default");
        const l2 = findResource(resources, "kubernetes:metallb.io/v1beta1:L2Advertisement", "metallb-l2");
        expect(pool.inputs).toMatchObject({
            metadata: { name: "default", namespace: "metallb-system" },
            spec: { addresses: ["10.0.0.180-10.0.0.200"], autoAssign: true },
        });
        expect(l2.inputs.spec).toEqual({ ipAddressPools: ["default"] });
        expect(pool.dependencies).toContain(chart.urn);
        expect(l2.dependencies).toContain(chart.urn);
        expect(ofType(resources, "kubernetes:metallb.io/v1beta1:BGPAdvertisement")).toEqual([]);
    });

    it("sets strictARP with a command that re-runs only when its script changes, before the chart", () => {
        const command = findResource(resources, "command:local:Command", "metallb-strict-arp");
        expect(command.inputs.create).toContain("strictARP: true");
        expect(command.inputs.delete).toContain("strictARP: false");
        expect(command.inputs.triggers).toEqual([command.inputs.create]);
        expect(findResource(resources, CHART, "metallb-chart").dependencies).toContain(command.urn);
    });
});

describe("MetalLb in BGP mode", () => {
    it("announces the pools to each peer with v1beta2 BGPPeers and runs no strictARP command by default", async () => {
        const { MetalLb } = await import("../../../components/network");
        const { resources } = await capture(
            () =>
                void new MetalLb("metallb", {
                    pools: POOLS,
                    bgp: {
                        localAsn: 64512,
                        peers: [
                            { name: "tor-a", address: "10.0.0.1", asn: 64513 },
                            { name: "tor-b", address: "10.0.0.2", asn: 64513 },
                        ],
                    },
                }),
        );
        const peers = ofType(resources, "kubernetes:metallb.io/v1beta2:BGPPeer");
        expect(peers.map((p) => (p.inputs.spec as any).peerAddress)).toEqual(["10.0.0.1", "10.0.0.2"]);
        expect(
            findResource(resources, "kubernetes:metallb.io/v1beta1:BGPAdvertisement", "metallb-bgp").inputs.spec,
        ).toEqual({
            ipAddressPools: ["default"],
        });
        expect(ofType(resources, "kubernetes:metallb.io/v1beta1:L2Advertisement")).toEqual([]);
        expect(ofType(resources, "command:local:Command")).toEqual([]);
        expect((findResource(resources, CHART, "metallb-chart").inputs.values as any).frrk8s.enabled).toBe(true);
    });

    it("refuses BGP settings without peers, and no pools", async () => {
        const { metalLbArgsProblem } = await import("../../../components/network");
        expect(metalLbArgsProblem({ pools: POOLS, bgp: { localAsn: 64512, peers: [] } })).toBe(
            "args.bgp.peers must name at least one peer",
        );
        expect(metalLbArgsProblem({ pools: [] })).toBe("args.pools must name at least one pool");
        expect(metalLbArgsProblem({ pools: POOLS })).toBeUndefined();
    });
});

describe("CertManager with DNS-01 ACME issuers", () => {
    let resources: readonly CapturedResource[];
    let issuers: string[];

    beforeAll(async () => {
        const { CertManager } = await import("../../../components/network");
        const run = await capture(() => {
            const cm = new CertManager("cert-manager", {
                acme: {
                    email: "ops@example.com",
                    solver: {
                        challenge: "dns01",
                        dns01: { provider: "cloudflare" },
                        credential: "token-from-config",
                    },
                },
                registryMirror: "harbor.example.com/mirror",
            });
            return { issuers: cm.issuers };
        });
        resources = run.resources;
        issuers = run.outputs.issuers as string[];
    });

    it("creates the self-signed root, the internal CA and both Let's Encrypt issuers", () => {
        expect(issuers).toEqual(["selfsigned-root", "internal-ca", "letsencrypt-staging", "letsencrypt-prod"]);
        const names = ofType(resources, "kubernetes:cert-manager.io/v1:ClusterIssuer").map(
            (r) => (r.inputs.metadata as any).name,
        );
        expect(names.sort()).toEqual([...issuers].sort());
    });

    it("builds the CA issuer on the CA certificate, which waits for the self-signed root and the chart", () => {
        const chart = findResource(resources, CHART, "cert-manager-chart");
        const root = findResource(resources, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-selfsigned");
        const ca = findResource(resources, "kubernetes:cert-manager.io/v1:Certificate", "cert-manager-ca");
        const caIssuer = findResource(
            resources,
            "kubernetes:cert-manager.io/v1:ClusterIssuer",
            "cert-manager-internal-ca",
        );
        expect(ca.dependencies).toEqual(expect.arrayContaining([chart.urn, root.urn]));
        expect(caIssuer.dependencies).toContain(ca.urn);
        expect(caIssuer.inputs.spec).toEqual({ ca: { secretName: "platform-internal-ca" } });
    });

    it("keeps the DNS-01 credential a Pulumi secret in its own Secret", () => {
        const secret = findResource(resources, "kubernetes:core/v1:Secret", "cert-manager-dns01-credentials");
        expect(secret.inputs.metadata).toMatchObject({ name: "dns01-credentials", namespace: "cert-manager" });
        const data = secret.inputs.stringData as any;
        expect(data instanceof SecretValue || data.credential instanceof SecretValue).toBe(true);
        const prod = findResource(
            resources,
            "kubernetes:cert-manager.io/v1:ClusterIssuer",
            "cert-manager-letsencrypt-prod",
        );
        expect(prod.dependencies).toContain(secret.urn);
    });

    it("pulls images through the mirror but the chart from upstream without a chart mirror", () => {
        const chart = findResource(resources, CHART, "cert-manager-chart");
        expect(chart.inputs).toMatchObject({
            chart: "cert-manager",
            repositoryOpts: { repo: "https://charts.jetstack.io" },
        });
        expect((chart.inputs.values as any).image.repository).toBe(
            "harbor.example.com/mirror/quay.io/jetstack/cert-manager-controller",
        );
    });
});

describe("SharedGateway", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        const { SharedGateway } = await import("../../../components/network");
        resources = (
            await capture(
                () =>
                    void new SharedGateway("gateway", {
                        address: "10.0.0.180",
                        addressPool: "default",
                        hostnames: ["www.example.com", "api.example.com"],
                        issuer: "letsencrypt-prod",
                        replicas: 2,
                        chartMirror: "harbor.example.com/mirror",
                    }),
            )
        ).resources;
    });

    it("installs Envoy Gateway from the chart mirror into its governed namespace", () => {
        expect(findResource(resources, CHART, "gateway-chart").inputs).toMatchObject({
            chart: "oci://harbor.example.com/mirror/charts/gateway-helm",
            version: "v1.9.3",
            namespace: "envoy-gateway-system",
        });
        for (const ns of ["envoy-gateway-system", "gateway-system"]) {
            expect(findResource(resources, "kubernetes:core/v1:Namespace", ns)).toBeDefined();
            expect(ofType(resources, NP).some((p) => (p.inputs.metadata as any).namespace === ns)).toBe(true);
        }
    });

    it("binds the GatewayClass to an EnvoyProxy asking MetalLB for the address", () => {
        const proxy = findResource(
            resources,
            "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy",
            "gateway-envoy-proxy",
        );
        expect((proxy.inputs.spec as any).provider.kubernetes.envoyService.annotations).toEqual({
            "metallb.io/address-pool": "default",
            "metallb.io/loadBalancerIPs": "10.0.0.180",
        });
        const cls = findResource(resources, "kubernetes:gateway.networking.k8s.io/v1:GatewayClass", "gateway-class");
        expect(cls.inputs.spec).toMatchObject({
            controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
            parametersRef: { kind: "EnvoyProxy", name: "platform", namespace: "envoy-gateway-system" },
        });
        expect(cls.dependencies).toContain(proxy.urn);
    });

    it("issues one certificate per hostname from the stack's issuer, before the Gateway that uses them", () => {
        const certs = ofType(resources, "kubernetes:cert-manager.io/v1:Certificate");
        expect(certs.map((c) => (c.inputs.spec as any).dnsNames[0]).sort()).toEqual([
            "api.example.com",
            "www.example.com",
        ]);
        expect(certs.every((c) => (c.inputs.spec as any).issuerRef.name === "letsencrypt-prod")).toBe(true);
        const gateway = findResource(resources, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "gateway-gateway");
        expect(gateway.inputs.metadata).toMatchObject({ name: "platform", namespace: "gateway-system" });
        for (const cert of certs) {
            expect(gateway.dependencies).toContain(cert.urn);
        }
        expect(findResource(resources, CHART, "gateway-chart").urn).toBe(
            gateway.dependencies.find((d) => d.endsWith("gateway-chart")),
        );
    });

    it("redirects plain HTTP to HTTPS", () => {
        const route = findResource(
            resources,
            "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
            "gateway-https-redirect",
        );
        expect((route.inputs.spec as any).rules[0].filters[0]).toEqual({
            type: "RequestRedirect",
            requestRedirect: { scheme: "https", statusCode: 301 },
        });
    });
});

describe("SharedGateway args", () => {
    it("needs a hostname and a positive replica count", async () => {
        const { sharedGatewayArgsProblem } = await import("../../../components/network");
        const args = {
            address: "10.0.0.180",
            addressPool: "default",
            hostnames: ["a.example.com"],
            issuer: "internal-ca",
        };
        expect(sharedGatewayArgsProblem({ ...args, hostnames: [] })).toBe(
            "args.hostnames must name at least one hostname",
        );
        expect(sharedGatewayArgsProblem({ ...args, replicas: 0 })).toBe(
            "args.replicas must be a positive integer, got 0",
        );
        expect(sharedGatewayArgsProblem(args)).toBeUndefined();
    });
});

const ns = (namespace: string, app?: string) => ({ kind: "namespace" as const, namespace, app });

describe("NetworkFlows", () => {
    let resources: readonly CapturedResource[];
    const flowPolicies = () => ofType(resources, NP).filter((p) => p.name.startsWith("flows-"));
    /** The URNs of what a namespace's GovernedNamespace creates: what depending on that component waits for. */
    const governedBy = (namespace: string) =>
        resources
            .filter((r) => r.parent === findResource(resources, GOVERNED, namespace).urn)
            .map((r) => r.urn)
            .sort();

    beforeAll(async () => {
        const { NetworkFlows, resolveFlows, WORLD } = await import("../../../components/network");
        const { GovernedNamespace } = await import("../../../components/tenancy");
        // legacy is not the platform's: its side of a flow gets no policy.
        const flows = resolveFlows(
            [
                { from: ns("web", "wordpress"), to: ns("data", "mariadb"), ports: [3306] },
                { from: { kind: "alias", alias: "world" }, to: ns("web", "wordpress"), ports: [8080] },
                { from: ns("legacy"), to: ns("data", "mariadb"), ports: [3306] },
            ],
            ["web", "data", "legacy"],
            { world: WORLD },
        );
        resources = (
            await capture(() => {
                const governed = (name: string) =>
                    new GovernedNamespace(name, { quota: DAY5_QUOTA, limits: DAY5_LIMITS });
                const namespaces = new Map([
                    ["web", governed("web")],
                    ["data", governed("data")],
                ]);
                new NetworkFlows("flows", { flows, namespaces });
            })
        ).resources;
    });

    it("creates both sides of each flow, annotated with the flow, in the namespaces it is given only", () => {
        const policies = flowPolicies();
        expect(policies.map((p) => p.name).sort()).toEqual([
            "flows-data-flow-legacy-to-data-mariadb-in",
            "flows-data-flow-web-wordpress-to-data-mariadb-in",
            "flows-web-flow-web-wordpress-to-data-mariadb-out",
            "flows-web-flow-world-to-web-wordpress-in",
        ]);
        expect((policies[0].inputs.metadata as any).annotations["platform.io/flow"]).toMatch(/\((ingress|egress)\)$/);
    });

    it("makes each policy wait for its own namespace and not for the other one", () => {
        for (const policy of flowPolicies()) {
            const own = (policy.inputs.metadata as any).namespace as string;
            const other = own === "web" ? "data" : "web";
            expect(policy.dependencies).toEqual(governedBy(own));
            expect(policy.dependencies).toContain(findResource(resources, "kubernetes:core/v1:Namespace", own).urn);
            expect(policy.dependencies.filter((d) => governedBy(other).includes(d))).toEqual([]);
        }
    });

    it("finds a flow name used twice", async () => {
        const { duplicateFlowName, resolveFlows } = await import("../../../components/network");
        const flows = resolveFlows([{ from: ns("web"), to: ns("data"), ports: [1] }], ["web", "data"], {});
        expect(duplicateFlowName([...flows, ...flows])).toBe("web-to-data");
        expect(duplicateFlowName(flows)).toBeUndefined();
    });
});
