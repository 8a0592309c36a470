import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingWorkloadNetworkPolicy as policy } from "../../../../policy/rules/network/platform-missing-workload-network-policy";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { appNamespace, cannotRun, change, NS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";
import { NETWORK_ISOLATED_LABEL } from "../../../../contract/labels";

const FLOW = "web-from-gateway";
const UNCOVERED =
    `Deployment "${NS}/web": no NetworkPolicy in namespace "${NS}" allows a flow to or from its pods ` +
    `(labels app=web); default-deny and DNS-only policies do not count`;

describe("platform-missing-workload-network-policy", () => {
    it("passes a Deployment whose pods a flow policy selects", async () => {
        expect(await messages(policy, appNamespace())).toEqual([]);
    });

    it("flags a Deployment covered only by the default deny and the DNS policy", async () => {
        const resources = appNamespace().filter((r) => r.name !== FLOW);
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("reports at the workload", async () => {
        const resources = appNamespace().filter((r) => r.name !== FLOW);
        const [violation] = await runPolicy(policy, resources);
        expect(violation.urn).toBe(resources.find((r) => r.type === K8sType.deployment)?.urn);
    });

    it("flags a Deployment whose pod labels the flow policy does not select", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.podSelector = { matchLabels: { app: "api" } };
        });
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("flags a flow policy in another namespace", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.metadata.namespace = "other";
        });
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("flags a selecting policy that has no rules (a per-app deny)", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            delete p.spec.ingress;
        });
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("ignores ingress rules of a policy whose policyTypes do not include Ingress", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.policyTypes = ["Egress"];
        });
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("does not count a selecting egress policy whose only rule is DNS", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.policyTypes = ["Egress"];
            p.spec.egress = [{ ports: [{ protocol: "UDP", port: 53 }] }];
            delete p.spec.ingress;
        });
        expect(await messages(policy, resources)).toEqual([UNCOVERED]);
    });

    it("counts an egress-only flow (a client that is never called)", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.policyTypes = ["Egress"];
            p.spec.egress = [{ to: [{ podSelector: { matchLabels: { app: "db" } } }], ports: [{ port: 3306 }] }];
            delete p.spec.ingress;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("counts a namespace-wide policy with an allow rule", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.podSelector = {};
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("matches matchExpressions selectors against the pod template labels", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.podSelector = { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] };
        });
        expect(await messages(policy, resources)).toEqual([]);
        const notIn = change(appNamespace(), FLOW, (p) => {
            p.spec.podSelector = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] };
        });
        expect(await messages(policy, notIn)).toEqual([UNCOVERED]);
    });

    it("reads the pod template of a CronJob", async () => {
        const cronJob = fixture(K8sType.cronJob, "report", {
            metadata: { name: "report", namespace: NS },
            spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: "report" } }, spec: {} } } } },
        });
        expect(await messages(policy, [...appNamespace(), cronJob])).toEqual([
            `CronJob "${NS}/report": no NetworkPolicy in namespace "${NS}" allows a flow to or from its pods ` +
                `(labels app=report); default-deny and DNS-only policies do not count`,
        ]);
    });

    describe("a workload labelled network-isolated", () => {
        const drill = (labels: Record<string, string>) =>
            fixture(K8sType.cronJob, "drill", {
                metadata: { name: "drill", namespace: NS },
                spec: { jobTemplate: { spec: { template: { metadata: { labels }, spec: {} } } } },
            });
        const isolated = { app: "drill", [NETWORK_ISOLATED_LABEL]: "true" };

        it("passes with only the default deny and the DNS policy", async () => {
            expect(await messages(policy, [...appNamespace(), drill(isolated)])).toEqual([]);
        });

        it("is flagged when a policy opens a flow to it", async () => {
            const resources = change([...appNamespace(), drill(isolated)], FLOW, (p) => {
                p.spec.podSelector = {};
            });
            expect(await messages(policy, resources)).toEqual([
                `CronJob "${NS}/drill": its pods are labelled ${NETWORK_ISOLATED_LABEL}=true, but NetworkPolicy ` +
                    `"${NS}/${FLOW}" allows flows to or from them`,
            ]);
        });

        it("needs the value true", async () => {
            const resources = [...appNamespace(), drill({ app: "drill", [NETWORK_ISOLATED_LABEL]: "yes" })];
            expect(await messages(policy, resources)).toEqual([
                `CronJob "${NS}/drill": no NetworkPolicy in namespace "${NS}" allows a flow to or from its pods ` +
                    `(labels app=drill,${NETWORK_ISOLATED_LABEL}=yes); default-deny and DNS-only policies do not count`,
            ]);
        });
    });

    it("skips host-network pods, which NetworkPolicies do not apply to", async () => {
        const resources = change(
            appNamespace().filter((r) => r.name !== FLOW),
            "web",
            (p) => {
                p.spec.template.spec.hostNetwork = true;
            },
        );
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("reports that it cannot run when a podSelector is unknown at preview", async () => {
        const resources = change(appNamespace(), FLOW, (p) => {
            p.spec.podSelector = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.podSelector")]);
    });
});
