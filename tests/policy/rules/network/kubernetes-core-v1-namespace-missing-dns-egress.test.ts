import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1NamespaceMissingDnsEgress as policy } from "../../../../policy/rules/network/kubernetes-core-v1-namespace-missing-dns-egress";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { appNamespace, cannotRun, change, NS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const DNS = `${NS}-allow-dns`;
const missing = (what: string) =>
    `namespace "${NS}" restricts egress but does not allow DNS to kube-system pods k8s-app=kube-dns (missing ${what})`;

describe("kubernetes-core-v1-namespace-missing-dns-egress", () => {
    it("passes a governed namespace with the DNS egress policy", async () => {
        expect(await messages(policy, appNamespace())).toEqual([]);
    });

    it("flags a namespace that denies egress without allowing DNS", async () => {
        const resources = appNamespace().filter((r) => r.name !== DNS);
        expect(await messages(policy, resources)).toEqual([
            `namespace "apps" restricts egress but does not allow DNS to kube-system pods k8s-app=kube-dns (missing UDP 53, TCP 53)`,
        ]);
    });

    it("reports at the Namespace resource", async () => {
        const resources = appNamespace().filter((r) => r.name !== DNS);
        const [violation] = await runPolicy(policy, resources);
        expect(violation.urn).toBe(resources.find((r) => r.type === K8sType.namespace)?.urn);
    });

    it("flags DNS over UDP only (large answers fall back to TCP)", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].ports = [{ protocol: "UDP", port: 53 }];
        });
        expect(await messages(policy, resources)).toEqual([missing("TCP 53")]);
    });

    it("treats a port without protocol as TCP", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].ports = [{ port: 53 }];
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53")]);
    });

    it("flags DNS allowed to the wrong namespace", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"] = "dns";
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53, TCP 53")]);
    });

    it("flags DNS allowed to pods other than kube-dns", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].to[0].podSelector = { matchLabels: { "k8s-app": "node-local-dns" } };
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53, TCP 53")]);
    });

    it("flags a peer without namespaceSelector, which means the policy's own namespace", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            delete p.spec.egress[0].to[0].namespaceSelector;
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53, TCP 53")]);
    });

    it("does not count an ipBlock peer", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].to = [{ ipBlock: { cidr: "10.96.0.10/32" } }];
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53, TCP 53")]);
    });

    it("flags a DNS rule that selects only some pods while all pods are egress-isolated", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.podSelector = { matchLabels: { app: "web" } };
        });
        expect(await messages(policy, resources)).toEqual([missing("UDP 53, TCP 53")]);
    });

    it("accepts DNS in the same policy that isolates a narrower selector", async () => {
        const resources = [
            fixture(K8sType.networkPolicy, "web-egress", {
                metadata: { name: "web-egress", namespace: NS },
                spec: {
                    podSelector: { matchLabels: { app: "web" } },
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }, { port: 53 }] }],
                },
            }),
        ];
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("accepts an egress rule without ports or peers (allows everything)", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress = [{}];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("accepts a port range covering 53", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].ports = [
                { protocol: "UDP", port: 1, endPort: 1024 },
                { protocol: "TCP", port: 50, endPort: 60 },
            ];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("passes a namespace whose policies restrict ingress only", async () => {
        const resources = change(
            appNamespace().filter((r) => r.name !== DNS),
            `${NS}-default-deny`,
            (p) => {
                p.spec.policyTypes = ["Ingress"];
            },
        );
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("takes the DNS namespace and pod labels from config", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].to[0] = {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "dns" } },
                podSelector: { matchLabels: { app: "coredns" } },
            };
        });
        const config = { dnsNamespace: "dns", dnsPodLabels: { app: "coredns" } };
        expect(await messages(policy, resources, config)).toEqual([]);
    });

    it("reports that it cannot run when the DNS ports are unknown at preview", async () => {
        const resources = change(appNamespace(), DNS, (p) => {
            p.spec.egress[0].ports = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.egress.0.ports")]);
    });
});
