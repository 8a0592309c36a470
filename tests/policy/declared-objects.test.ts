import * as k8s from "@pulumi/kubernetes";
import * as path from "node:path";
import { evaluatePolicies } from "../../policy/harness/evaluate";
import { loadProfile } from "../../policy/harness/profile";
import { applyExemptions, exemptions, policies, utcDay } from "../../policy/pack";
import { ROOT, toHarnessResource } from "../../tools/render/render";
import { capture } from "../helpers/capture";

// The real SDK under the mock runtime, the whole pack, the prod profile and the pack's exemptions: what `pulumi
// preview --stack prod --policy-pack policy` would say about hostile objects declared every way the provider allows,
// in the system namespaces that used to be exempt.

const HOSTILE = {
    hostNetwork: true,
    containers: [
        {
            name: "shell",
            image: "harbor.platform.example.com/mirror/library/busybox:1.37",
            securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ["SYS_ADMIN"] } },
        },
    ],
    volumes: [{ name: "root", hostPath: { path: "/" } }],
};

const RULES = [
    "kubernetes-core-v1-container-disallow-privileged",
    "kubernetes-core-v1-container-disallow-unrestricted-capabilities",
    "kubernetes-core-v1-container-enable-read-only-root-filesystem",
    "kubernetes-core-v1-container-enforce-run-as-non-root",
    "kubernetes-core-v1-pod-disallow-host-namespaces",
    "kubernetes-core-v1-pod-disallow-host-path",
];

async function mandatory(program: () => void): Promise<Map<string, string[]>> {
    const { resources } = await capture(program);
    const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
    const exempted = applyExemptions(policies, exemptions, utcDay(new Date()));
    const violations = await evaluatePolicies(exempted, resources.map(toHarnessResource), profile);
    const byName = new Map<string, string[]>();
    for (const v of violations.filter((x) => x.enforcement === "mandatory" && RULES.includes(x.policy))) {
        const name = v.urn.split("::").pop() ?? "";
        byName.set(name, [...new Set([...(byName.get(name) ?? []), v.policy])].sort());
    }
    return byName;
}

describe("hostile pods in system namespaces, declared through the real SDK", () => {
    it("are reported by every pod-security rule, however they are declared", async () => {
        const found = await mandatory(() => {
            const metadata = (name: string, namespace: string) => ({ name, namespace });
            const template = { metadata: { labels: { app: "x" } }, spec: HOSTILE };
            new k8s.core.v1.Pod("typed", { metadata: metadata("typed", "kube-system"), spec: HOSTILE });
            new k8s.apiextensions.CustomResource("custom", {
                apiVersion: "v1",
                kind: "Pod",
                metadata: metadata("custom", "kube-system"),
                spec: HOSTILE,
            });
            new k8s.core.v1.PodPatch("patch", { metadata: metadata("patch", "kube-system"), spec: HOSTILE });
            new k8s.apps.v1.DeploymentPatch("deployment-patch", {
                metadata: metadata("deployment-patch", "metallb-system"),
                spec: { selector: { matchLabels: { app: "x" } }, template },
            });
            new k8s.core.v1.ReplicationController("rc", {
                metadata: metadata("rc", "kube-system"),
                spec: { selector: { app: "x" }, template },
            });
            // The MetalLB speaker's exemptions cover only the speaker the MetalLB component declares.
            new k8s.apps.v1.DaemonSet("metallb-chart-speaker", {
                metadata: metadata("metallb-chart-speaker", "metallb-system"),
                spec: { selector: { matchLabels: { app: "x" } }, template },
            });
        });
        const everyRule = [...RULES].sort();
        expect(Object.fromEntries(found)).toEqual({
            typed: everyRule,
            custom: everyRule,
            patch: everyRule,
            "deployment-patch": everyRule,
            rc: everyRule,
            "metallb-chart-speaker": everyRule,
        });
    });
});
