import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesNetworkingV1IngressMissingTls as policy } from "../../../../policy/rules/network/kubernetes-networking-v1-ingress-missing-tls";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, change, NS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const backend = { service: { name: "web", port: { number: 80 } } };
const ingress = () => [
    fixture(K8sType.ingress, "web", {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "web", namespace: NS },
        spec: {
            tls: [{ hosts: ["www.example.com", "*.apps.example.com"], secretName: "web-tls" }],
            rules: [
                { host: "www.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } },
                { host: "shop.apps.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } },
            ],
        },
    }),
];

describe("kubernetes-networking-v1-ingress-missing-tls", () => {
    it("passes an Ingress whose hosts are all covered by TLS entries, wildcards included", async () => {
        expect(await messages(policy, ingress())).toEqual([]);
    });

    it("flags an Ingress without TLS entries", async () => {
        const resources = change(ingress(), "web", (p) => {
            delete p.spec.tls;
        });
        expect(await messages(policy, resources)).toEqual([
            `Ingress "${NS}/web" serves host "www.example.com" without TLS`,
            `Ingress "${NS}/web" serves host "shop.apps.example.com" without TLS`,
        ]);
    });

    it("flags a host the TLS entries do not list", async () => {
        const resources = change(ingress(), "web", (p) => {
            p.spec.rules[0].host = "blog.example.com";
        });
        expect(await messages(policy, resources)).toEqual([
            `Ingress "${NS}/web" serves host "blog.example.com" without TLS`,
        ]);
    });

    it("does not let a wildcard cover two extra labels", async () => {
        const resources = change(ingress(), "web", (p) => {
            p.spec.rules[1].host = "a.shop.apps.example.com";
        });
        expect(await messages(policy, resources)).toEqual([
            `Ingress "${NS}/web" serves host "a.shop.apps.example.com" without TLS`,
        ]);
    });

    it("flags a rule without a host when no TLS entry is a catch-all", async () => {
        const resources = change(ingress(), "web", (p) => {
            delete p.spec.rules[0].host;
        });
        expect(await messages(policy, resources)).toEqual([`Ingress "${NS}/web" serves host "*" without TLS`]);
    });

    it("flags a default backend without a catch-all TLS entry", async () => {
        const resources = change(ingress(), "web", (p) => {
            p.spec.defaultBackend = backend;
        });
        expect(await messages(policy, resources)).toEqual([`Ingress "${NS}/web" serves host "*" without TLS`]);
    });

    it("accepts a TLS entry without hosts as covering every host", async () => {
        const resources = change(ingress(), "web", (p) => {
            p.spec.tls = [{ secretName: "default-tls" }];
            p.spec.rules[0].host = "blog.example.com";
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("reports that it cannot run when the TLS hosts are unknown at preview", async () => {
        const resources = change(ingress(), "web", (p) => {
            p.spec.tls[0].hosts = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.tls.0.hosts")]);
    });
});
