import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { GatewayType } from "../../../../policy/lib/network-gateway";
import { judgeByObject } from "../../../../policy/lib/object-types";
import { kubernetesCoreV1ServiceDisallowExternalIps as policy } from "../../../../policy/rules/network/kubernetes-core-v1-service-disallow-external-ips";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, change, GATEWAY_NS, NS, service } from "./fixtures";

const WHY =
    "kube-proxy on every node then captures traffic to those addresses, so whoever can write a Service can " +
    "intercept traffic meant for any IP (CVE-2020-8554)";

const web = () => [service(NS, "web", { type: "ClusterIP", ports: [{ name: "http", port: 80, targetPort: 8080 }] })];

const POOL = { "metallb.io/address-pool": "default", "metallb.io/loadBalancerIPs": "10.0.0.180" };
const gateway = () => [
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
                kubernetes: { envoyService: { type: "LoadBalancer", annotations: POOL } },
            },
        },
    }),
];

describe("kubernetes-core-v1-service-disallow-external-ips", () => {
    it("passes a ClusterIP Service and the gateway's MetalLB LoadBalancer Service", async () => {
        expect(await messages(policy, [...web(), ...gateway()])).toEqual([]);
    });

    it("passes an empty externalIPs list, which the API server treats as unset", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.externalIPs = [];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags a ClusterIP Service that claims external addresses", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.externalIPs = ["203.0.113.10", "203.0.113.11"];
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${NS}/web" sets spec.externalIPs 203.0.113.10, 203.0.113.11: ${WHY}`,
        ]);
    });

    it("flags externalIPs on the gateway's LoadBalancer Service too: MetalLB gives it its address", async () => {
        const resources = change(gateway(), "envoy", (p) => {
            p.spec.externalIPs = ["10.0.0.181"];
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${GATEWAY_NS}/envoy" sets spec.externalIPs 10.0.0.181: ${WHY}`,
        ]);
    });

    it("flags a Service declared as a CustomResource, judged as the Service it is", async () => {
        const declared = fixture("kubernetes:v1:Service", "raw", {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "raw", namespace: NS },
            spec: { ports: [{ port: 80 }], externalIPs: ["198.51.100.7"] },
        });
        const [judged] = judgeByObject([policy]);
        expect(await messages(judged, [declared])).toEqual([
            `Service "${NS}/raw" sets spec.externalIPs 198.51.100.7: ${WHY}`,
        ]);
    });

    it("passes an EnvoyProxy whose generated Service takes a MetalLB address", async () => {
        expect(await messages(policy, envoyProxy())).toEqual([]);
    });

    it("flags an EnvoyProxy that patches externalIPs into its generated Service", async () => {
        const resources = change(envoyProxy(), "shared-proxy", (p) => {
            p.spec.provider.kubernetes.envoyService.patch = {
                type: "StrategicMerge",
                value: { spec: { externalIPs: ["10.0.0.190"] } },
            };
        });
        expect(await messages(policy, resources)).toEqual([
            `EnvoyProxy "${GATEWAY_NS}/shared-proxy" envoyService.patch sets spec.externalIPs 10.0.0.190: ${WHY}`,
        ]);
    });

    it("reports that it cannot run when externalIPs are unknown at preview", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.externalIPs = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.externalIPs")]);
    });
});
