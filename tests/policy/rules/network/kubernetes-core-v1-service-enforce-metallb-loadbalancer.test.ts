import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { GatewayType } from "../../../../policy/lib/network-gateway";
import { kubernetesCoreV1ServiceEnforceMetallbLoadbalancer as policy } from "../../../../policy/rules/network/kubernetes-core-v1-service-enforce-metallb-loadbalancer";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, change, GATEWAY_NS, NS, service } from "./fixtures";

const POOL = { "metallb.io/address-pool": "public" };
const gatewayService = () => [
    service(GATEWAY_NS, "envoy", { type: "LoadBalancer", ports: [{ name: "https", port: 443 }] }, POOL),
];
const envoyProxy = () => [
    fixture(GatewayType.envoyProxy, "shared-proxy", {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: "shared-proxy", namespace: GATEWAY_NS },
        spec: {
            provider: {
                type: "Kubernetes",
                kubernetes: {
                    envoyService: {
                        annotations: { ...POOL, "metallb.io/loadBalancerIPs": "10.0.0.180" },
                    },
                },
            },
        },
    }),
];

describe("kubernetes-core-v1-service-enforce-metallb-loadbalancer", () => {
    it("passes the gateway's LoadBalancer Service with a MetalLB pool annotation", async () => {
        expect(await messages(policy, gatewayService())).toEqual([]);
    });

    it("accepts the pre-0.14 metallb.universe.tf/address-pool annotation", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.metadata.annotations = { "metallb.universe.tf/address-pool": "public" };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags a LoadBalancer Service in an application namespace", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.metadata.namespace = NS;
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${NS}/envoy" asks for a LoadBalancer in namespace "${NS}"; ` +
                `namespaces allowed to: envoy-gateway-system, gateway-system`,
        ]);
    });

    it("flags a LoadBalancer Service without a pool annotation", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            delete p.metadata.annotations;
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${GATEWAY_NS}/envoy" asks for a LoadBalancer without a metallb.io/address-pool annotation`,
        ]);
    });

    it("flags an empty pool annotation", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.metadata.annotations["metallb.io/address-pool"] = "";
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${GATEWAY_NS}/envoy" asks for a LoadBalancer without a metallb.io/address-pool annotation`,
        ]);
    });

    it("flags the deprecated spec.loadBalancerIP", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.spec.loadBalancerIP = "10.0.0.180";
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${GATEWAY_NS}/envoy" sets loadBalancerIP, deprecated since Kubernetes 1.24; ` +
                `use the metallb.io/loadBalancerIPs annotation`,
        ]);
    });

    it("ignores Services of other types", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.spec.type = "ClusterIP";
            p.metadata.namespace = NS;
            delete p.metadata.annotations;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("takes the allowed namespaces from config", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.metadata.namespace = "edge";
        });
        expect(await messages(policy, resources, { allowedNamespaces: ["edge"] })).toEqual([]);
    });

    it("passes an EnvoyProxy whose generated Service names a pool", async () => {
        expect(await messages(policy, envoyProxy())).toEqual([]);
    });

    it("flags an EnvoyProxy whose generated LoadBalancer names no pool", async () => {
        const resources = change(envoyProxy(), "shared-proxy", (p) => {
            delete p.spec.provider.kubernetes.envoyService.annotations;
        });
        expect(await messages(policy, resources)).toEqual([
            `EnvoyProxy "${GATEWAY_NS}/shared-proxy" asks for a LoadBalancer without a metallb.io/address-pool annotation`,
        ]);
    });

    it("flags an EnvoyProxy that sets envoyService.loadBalancerIP", async () => {
        const resources = change(envoyProxy(), "shared-proxy", (p) => {
            p.spec.provider.kubernetes.envoyService.loadBalancerIP = "10.0.0.180";
        });
        expect(await messages(policy, resources)).toEqual([
            `EnvoyProxy "${GATEWAY_NS}/shared-proxy" sets loadBalancerIP, deprecated since Kubernetes 1.24; ` +
                `use the metallb.io/loadBalancerIPs annotation`,
        ]);
    });

    it("ignores an EnvoyProxy whose generated Service is ClusterIP", async () => {
        const resources = change(envoyProxy(), "shared-proxy", (p) => {
            p.spec.provider.kubernetes.envoyService = { type: "ClusterIP" };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("reports that it cannot run when the annotations are unknown at preview", async () => {
        const resources = change(gatewayService(), "envoy", (p) => {
            p.metadata.annotations = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("metadata.annotations")]);
    });
});
