import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    ACME_SOLVER_RESOURCES,
    acmeIssuerSpec,
    caCertificateSpec,
    CERT_MANAGER_RESOURCES,
    certificateSpec,
    certManagerValues,
} from "../../../components/network/cert-manager-manifests";
import {
    ENVOY_GATEWAY_RESOURCES,
    envoyGatewayValues,
    envoyProxySpec,
    gatewaySpec,
    httpsRedirectRouteSpec,
    listenerName,
    proxyContainerPort,
    tlsSecretName,
} from "../../../components/network/gateway-manifests";
import {
    bgpPeerSpec,
    ipAddressPoolSpec,
    METALLB_RESOURCES,
    metallbValues,
    strictArpScript,
} from "../../../components/network/metallb-manifests";
import { chartSource } from "../../../components/lib/helm";
import { CHARTS, imageRef, IMAGES } from "../../../contract/versions";
import { at, running } from "./chart-values";

const MIRROR = "harbor.example.com/mirror";

describe("chart sources and image references", () => {
    it("pulls HTTP charts through repositoryOpts and OCI charts by reference", () => {
        expect(chartSource(CHARTS.metallb)).toEqual({
            chart: "metallb",
            version: "0.16.1",
            repositoryOpts: { repo: "https://metallb.github.io/metallb" },
        });
        expect(chartSource(CHARTS.envoyGateway)).toEqual({
            chart: "oci://docker.io/envoyproxy/gateway-helm",
            version: "v1.9.3",
        });
    });

    it("pulls every chart from the mirror's charts/ path at the same version when a mirror is set", () => {
        expect(chartSource(CHARTS.certManager, MIRROR)).toEqual({
            chart: "oci://harbor.example.com/mirror/charts/cert-manager",
            version: "v1.21.3",
        });
    });

    it("pins every chart and image to an exact version", () => {
        for (const pin of Object.values(CHARTS)) {
            expect(pin.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        }
        for (const pin of Object.values(IMAGES)) {
            expect(pin.tag).not.toBe("latest");
        }
    });

    it("puts the upstream registry under the mirror's path", () => {
        expect(imageRef(IMAGES.envoyProxy)).toBe("docker.io/envoyproxy/envoy:distroless-v1.39.6");
        expect(imageRef(IMAGES.envoyProxy, MIRROR)).toBe(
            "harbor.example.com/mirror/docker.io/envoyproxy/envoy:distroless-v1.39.6",
        );
    });
});

describe("MetalLB", () => {
    it("installs CRDs, runs no FRR at all in layer 2 mode and leaves images upstream without a mirror", () => {
        const values = metallbValues({ bgp: false });
        expect(at(values, "crds")).toEqual({ enabled: true });
        expect(at(values, "frrk8s")).toEqual({ enabled: false });
        expect(at(values, "speaker.frr")).toEqual({ enabled: false });
        expect(at(values, "frr-k8s")).toBeUndefined();
        expect(at(values, "controller.image")).toBeUndefined();
        expect(running(CHARTS.metallb, values).map((c) => c.name)).toEqual(["controller", "speaker"]);
    });

    it("runs BGP on frr-k8s, never the deprecated FRR mode, and pulls every image through the mirror", () => {
        const values = metallbValues({ bgp: true, mirror: MIRROR });
        expect(at(values, "frrk8s.enabled")).toBe(true);
        // The chart fails when FRR mode and frr-k8s are both on.
        expect(at(values, "speaker.frr.enabled")).toBe(false);
        expect(at(values, "controller.image")).toEqual({ repository: `${MIRROR}/quay.io/metallb/controller` });
        expect(at(values, "speaker.image")).toEqual({ repository: `${MIRROR}/quay.io/metallb/speaker` });
        expect(at(values, "frr-k8s.frrk8s.image")).toEqual({ repository: `${MIRROR}/quay.io/metallb/frr-k8s` });
        expect(at(values, "frr-k8s.frrk8s.frr.image")).toEqual({ repository: `${MIRROR}/quay.io/frrouting/frr` });
        expect(running(CHARTS.metallb, values)).toHaveLength(CHARTS.metallb.containers.length);
    });

    it("sets requests, a cpu limit and a memory limit for every container that runs, in both modes", () => {
        for (const bgp of [false, true]) {
            const values = metallbValues({ bgp });
            for (const c of running(CHARTS.metallb, values)) {
                expect(at(values, c.resources)).toEqual({
                    requests: { cpu: expect.any(String), memory: expect.any(String), "ephemeral-storage": "128Mi" },
                    limits: { cpu: expect.any(String), memory: expect.any(String), "ephemeral-storage": "1Gi" },
                });
            }
        }
        expect(at(metallbValues({ bgp: true }), "frr-k8s.frrk8s.frr.resources")).toEqual(
            withEphemeralStorage(METALLB_RESOURCES.frr),
        );
    });

    it("renders pools and eBGP peers as MetalLB specs", () => {
        expect(ipAddressPoolSpec({ name: "default", addresses: ["10.0.0.180-10.0.0.200"], autoAssign: true })).toEqual({
            addresses: ["10.0.0.180-10.0.0.200"],
            autoAssign: true,
            avoidBuggyIPs: false,
        });
        expect(bgpPeerSpec(64512, { name: "tor-a", address: "10.0.0.1", asn: 64513, holdTime: "90s" })).toEqual({
            myASN: 64512,
            peerASN: 64513,
            peerAddress: "10.0.0.1",
            holdTime: "90s",
        });
    });
});

describe("strictArpScript", () => {
    // Runs the script against a fake kubectl that serves and records the kube-proxy ConfigMap.
    function run(script: string, configMap: string): { log: string; configMap: string } {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strict-arp-"));
        fs.writeFileSync(path.join(dir, "cm.yaml"), configMap);
        fs.writeFileSync(
            path.join(dir, "kubectl"),
            [
                "#!/bin/sh",
                `case "$*" in`,
                `  *"get configmap"*) cat "${dir}/cm.yaml" ;;`,
                `  *"apply -f -"*) cat > "${dir}/cm.yaml"; echo applied ;;`,
                `  *) echo "kubectl $*" ;;`,
                "esac",
            ].join("\n"),
            { mode: 0o755 },
        );
        const log = execFileSync("sh", ["-c", script], { env: { PATH: `${dir}:${process.env.PATH}` } }).toString();
        return { log, configMap: fs.readFileSync(path.join(dir, "cm.yaml"), "utf8") };
    }
    const KUBE_PROXY = "data:\n  config.conf: |-\n    ipvs:\n      strictARP: false\n    mode: ipvs\n";

    it("sets strictARP and restarts kube-proxy when it is off", () => {
        const { log, configMap } = run(strictArpScript(true), KUBE_PROXY);
        expect(configMap).toContain("      strictARP: true\n");
        expect(log).toContain("rollout restart daemonset kube-proxy");
    });

    it("changes nothing and restarts nothing when strictARP already has the wanted value", () => {
        const once = run(strictArpScript(true), KUBE_PROXY).configMap;
        const again = run(strictArpScript(true), once);
        expect(again.log).toBe("kube-proxy strictARP is already true\n");
        expect(again.configMap).toBe(once);
    });

    it("restores strictARP false on delete", () => {
        const on = run(strictArpScript(true), KUBE_PROXY).configMap;
        expect(run(strictArpScript(false), on).configMap).toContain("strictARP: false");
    });
});

describe("cert-manager", () => {
    it("enables CRDs and Gateway API support, through gatewayAPI.enabled rather than the deprecated key", () => {
        const values = certManagerValues();
        expect(at(values, "crds")).toEqual({ enabled: true, keep: true });
        expect(at(values, "config")).toEqual({
            apiVersion: "controller.config.cert-manager.io/v1alpha1",
            kind: "ControllerConfiguration",
            gatewayAPI: { enabled: true },
            acmeHTTP01Config: ACME_SOLVER_RESOURCES,
        });
        expect(at(values, "image")).toBeUndefined();
    });

    it("sets explicit resources for every container, and for the HTTP-01 solver pods through the controller config", () => {
        const values = certManagerValues();
        expect(running(CHARTS.certManager, values).map((c) => [c.name, at(values, c.resources)])).toEqual([
            ["controller", withEphemeralStorage(CERT_MANAGER_RESOURCES.controller)],
            ["webhook", withEphemeralStorage(CERT_MANAGER_RESOURCES.webhook)],
            ["cainjector", withEphemeralStorage(CERT_MANAGER_RESOURCES.cainjector)],
            ["startupapicheck", withEphemeralStorage(CERT_MANAGER_RESOURCES.startupapicheck)],
        ]);
        expect(ACME_SOLVER_RESOURCES).toMatchObject({
            solverResourceRequestCPU: "10m",
            solverResourceLimitsMemory: "64Mi",
        });
    });

    it("pulls the controller, webhook, cainjector and solver images through the mirror", () => {
        const values = certManagerValues(MIRROR);
        expect(at(values, "image.repository")).toBe(`${MIRROR}/quay.io/jetstack/cert-manager-controller`);
        expect(at(values, "webhook.image.repository")).toBe(`${MIRROR}/quay.io/jetstack/cert-manager-webhook`);
        expect(at(values, "acmesolver.image.repository")).toBe(`${MIRROR}/quay.io/jetstack/cert-manager-acmesolver`);
    });

    it("signs the internal CA with the self-signed root", () => {
        expect(caCertificateSpec("platform-internal-ca", "Platform internal CA")).toMatchObject({
            isCA: true,
            secretName: "platform-internal-ca",
            issuerRef: { name: "selfsigned-root", kind: "ClusterIssuer", group: "cert-manager.io" },
        });
    });

    it("solves HTTP-01 through the Gateway's plain-HTTP listener", () => {
        const spec = acmeIssuerSpec("letsencrypt-staging", "ops@example.com", {
            challenge: "http01",
            gateway: { name: "platform", namespace: "gateway-system", sectionName: "http" },
        });
        expect(spec).toEqual({
            acme: {
                server: "https://acme-staging-v02.api.letsencrypt.org/directory",
                email: "ops@example.com",
                privateKeySecretRef: { name: "letsencrypt-staging-account-key" },
                solvers: [
                    {
                        http01: {
                            gatewayHTTPRoute: {
                                parentRefs: [
                                    {
                                        group: "gateway.networking.k8s.io",
                                        kind: "Gateway",
                                        name: "platform",
                                        namespace: "gateway-system",
                                        sectionName: "http",
                                    },
                                ],
                            },
                        },
                    },
                ],
            },
        });
    });

    it.each([
        [
            { provider: "route53" as const, region: "ap-northeast-2", accessKeyId: "AKIA" },
            {
                route53: {
                    region: "ap-northeast-2",
                    accessKeyID: "AKIA",
                    secretAccessKeySecretRef: { name: "dns01-credentials", key: "credential" },
                },
            },
        ],
        [
            { provider: "cloudflare" as const },
            { cloudflare: { apiTokenSecretRef: { name: "dns01-credentials", key: "credential" } } },
        ],
        [
            { provider: "rfc2136" as const, nameserver: "10.0.0.53:53", tsigKeyName: "k", tsigAlgorithm: "HMACSHA256" },
            {
                rfc2136: {
                    nameserver: "10.0.0.53:53",
                    tsigKeyName: "k",
                    tsigAlgorithm: "HMACSHA256",
                    tsigSecretSecretRef: { name: "dns01-credentials", key: "credential" },
                },
            },
        ],
    ])("solves DNS-01 with %j, the credential read from the Secret", (dns01, expected) => {
        const spec = acmeIssuerSpec("letsencrypt-prod", "ops@example.com", {
            challenge: "dns01",
            dns01,
            credentialSecret: "dns01-credentials",
        }) as any;
        expect(spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
        expect(spec.acme.solvers).toEqual([{ dns01: expected }]);
    });

    it("issues a hostname certificate from the named ClusterIssuer", () => {
        expect(certificateSpec("www.example.com", "www-example-com-tls", "internal-ca")).toMatchObject({
            secretName: "www-example-com-tls",
            dnsNames: ["www.example.com"],
            issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
        });
    });
});

describe("Gateway", () => {
    const spec = gatewaySpec({
        className: "platform",
        hostnames: ["www.example.com", "api.example.com"],
        accessLabel: "platform.io/gateway-access",
    }) as any;

    it("keeps plain HTTP to routes of its own namespace (the redirect and HTTP-01 solvers)", () => {
        expect(spec.listeners[0]).toEqual({
            name: "http",
            protocol: "HTTP",
            port: 80,
            allowedRoutes: { namespaces: { from: "Same" }, kinds: [{ kind: "HTTPRoute" }] },
        });
    });

    it("terminates TLS per hostname and admits routes only from labelled namespaces", () => {
        expect(spec.listeners[1]).toEqual({
            name: "https-www-example-com",
            protocol: "HTTPS",
            port: 443,
            hostname: "www.example.com",
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "www-example-com-tls" }] },
            allowedRoutes: {
                namespaces: { from: "Selector", selector: { matchLabels: { "platform.io/gateway-access": "true" } } },
                kinds: [{ kind: "HTTPRoute" }, { kind: "GRPCRoute" }],
            },
        });
        expect(spec.listeners.map((l: any) => l.name)).toEqual([
            "http",
            "https-www-example-com",
            "https-api-example-com",
        ]);
    });

    it("redirects HTTP to HTTPS with a 301", () => {
        expect(httpsRedirectRouteSpec("platform", "gateway-system")).toEqual({
            parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "http" }],
            rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        });
    });

    it("asks MetalLB for the configured address from its pool, without a PDB for one replica", () => {
        const proxy = envoyProxySpec({ address: "10.0.0.180", pool: "default", replicas: 1 }) as any;
        expect(proxy.provider.kubernetes.envoyService).toEqual({
            type: "LoadBalancer",
            annotations: { "metallb.io/address-pool": "default", "metallb.io/loadBalancerIPs": "10.0.0.180" },
        });
        expect(proxy.provider.kubernetes.envoyPDB).toBeUndefined();
        // The pinned proxy image even without a mirror: the controller's default lags the pin's security fix.
        expect(proxy.provider.kubernetes.envoyDeployment.container.image).toBe(imageRef(IMAGES.envoyProxy));
    });

    it("adds a PDB from two replicas and pulls the proxy through the mirror", () => {
        const proxy = envoyProxySpec({ address: "10.0.0.180", pool: "default", replicas: 2, mirror: MIRROR }) as any;
        expect(proxy.provider.kubernetes.envoyPDB).toEqual({ maxUnavailable: 1 });
        expect(proxy.provider.kubernetes.envoyDeployment).toMatchObject({
            replicas: 2,
            container: { image: `${MIRROR}/docker.io/envoyproxy/envoy:distroless-v1.39.6` },
        });
    });

    it("pulls the controller and certgen through the mirror with the chart's global.imageRegistry", () => {
        expect(envoyGatewayValues(MIRROR)).toMatchObject({ global: { imageRegistry: `${MIRROR}/docker.io` } });
        expect(at(envoyGatewayValues(MIRROR), "global.image")).toBeUndefined();
        expect(at(envoyGatewayValues(), "global")).toBeUndefined();
    });

    it("sets explicit resources for the controller and the certgen Job", () => {
        const values = envoyGatewayValues();
        expect(running(CHARTS.envoyGateway, values).map((c) => [c.name, at(values, c.resources)])).toEqual([
            ["envoy-gateway", withEphemeralStorage(ENVOY_GATEWAY_RESOURCES.controller)],
            ["certgen", withEphemeralStorage(ENVOY_GATEWAY_RESOURCES.certgen)],
        ]);
    });

    it("maps privileged listener ports to the proxy's container ports", () => {
        expect([proxyContainerPort(80), proxyContainerPort(443), proxyContainerPort(8443)]).toEqual([
            10080, 10443, 8443,
        ]);
        expect([listenerName("a.example.com"), tlsSecretName("a.example.com")]).toEqual([
            "https-a-example-com",
            "a-example-com-tls",
        ]);
    });
});
