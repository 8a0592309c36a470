import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesNetworkingV1NetworkpolicyDisallowAllowAllIngress as policy } from "../../../../policy/rules/network/kubernetes-networking-v1-networkpolicy-disallow-allow-all-ingress";
import { messages } from "../../../helpers/policy";
import { allowFromGateway, cannotRun, change, GATEWAY_NS, NS } from "./fixtures";

const FLOW = "web-from-gateway";
const ALLOWED = "envoy-gateway-system, gateway-system";
const flow = () => [allowFromGateway(NS, "web")];
const everywhere = (reason: string) =>
    `NetworkPolicy "${NS}/${FLOW}" ingress rule 0 admits traffic from everywhere: ${reason}; namespaces allowed to: ${ALLOWED}`;

describe("kubernetes-networking-v1-networkpolicy-disallow-allow-all-ingress", () => {
    it("passes a policy that names its source namespace and pods", async () => {
        expect(await messages(policy, flow())).toEqual([]);
    });

    it("flags an ingress rule without from peers", async () => {
        const resources = change(flow(), FLOW, (p) => {
            delete p.spec.ingress[0].from;
        });
        expect(await messages(policy, resources)).toEqual([everywhere("it has no from peers")]);
    });

    it("flags an ingress rule with an empty from list", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [];
        });
        expect(await messages(policy, resources)).toEqual([everywhere("it has no from peers")]);
    });

    it("flags a peer selecting every namespace without a podSelector", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ namespaceSelector: {} }];
        });
        expect(await messages(policy, resources)).toEqual([
            everywhere("namespaceSelector {} without a podSelector admits every pod in every namespace"),
        ]);
    });

    it("flags a peer selecting every namespace and every pod", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ namespaceSelector: {}, podSelector: {} }];
        });
        expect(await messages(policy, resources)).toEqual([
            everywhere("namespaceSelector {} without a podSelector admits every pod in every namespace"),
        ]);
    });

    it("passes every namespace when the podSelector narrows the pods", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "prometheus" } } }];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags an ipBlock of 0.0.0.0/0, even with exceptions", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }];
        });
        expect(await messages(policy, resources)).toEqual([everywhere("ipBlock 0.0.0.0/0 admits every address")]);
    });

    it("flags an ipBlock of ::/0", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ ipBlock: { cidr: "::/0" } }];
        });
        expect(await messages(policy, resources)).toEqual([everywhere("ipBlock ::/0 admits every address")]);
    });

    it("passes a narrower ipBlock", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = [{ ipBlock: { cidr: "10.0.0.0/24" } }];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("names each offending rule by index", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress.push({ ports: [{ port: 9090 }] });
        });
        expect(await messages(policy, resources)).toEqual([
            `NetworkPolicy "${NS}/${FLOW}" ingress rule 1 admits traffic from everywhere: it has no from peers; ` +
                `namespaces allowed to: ${ALLOWED}`,
        ]);
    });

    it("ignores ingress rules a policy does not enforce (policyTypes Egress only)", async () => {
        const resources = change(flow(), FLOW, (p) => {
            delete p.spec.ingress[0].from;
            p.spec.policyTypes = ["Egress"];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("allows an open ingress rule in the gateway namespace", async () => {
        const resources = change(flow(), FLOW, (p) => {
            delete p.spec.ingress[0].from;
            p.metadata.namespace = GATEWAY_NS;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("takes the allow-list from config", async () => {
        const resources = change(flow(), FLOW, (p) => {
            delete p.spec.ingress[0].from;
        });
        expect(await messages(policy, resources, { allowedNamespaces: [NS] })).toEqual([]);
        expect(await messages(policy, resources, { allowedNamespaces: [] })).toEqual([
            `NetworkPolicy "${NS}/${FLOW}" ingress rule 0 admits traffic from everywhere: it has no from peers; ` +
                `namespaces allowed to: none`,
        ]);
    });

    it("reports that it cannot run when the from peers are unknown at preview", async () => {
        const resources = change(flow(), FLOW, (p) => {
            p.spec.ingress[0].from = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.ingress.0.from")]);
    });
});
