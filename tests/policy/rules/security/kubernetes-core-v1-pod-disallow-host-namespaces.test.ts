import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowHostNamespaces as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-host-namespaces";
import { messages } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload, WORKLOAD_KINDS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

describe("kubernetes-core-v1-pod-disallow-host-namespaces", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a pod that sets the host namespaces to false", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            Object.assign(pod, { hostNetwork: false, hostPID: false, hostIPC: false });
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it.each(["hostNetwork", "hostPID", "hostIPC"])("flags a pod that sets %s", async (field) => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod[field] = true;
        });
        expect(await messages(policy, [deployment])).toEqual([`pod must not share host namespaces (${field}=true)`]);
    });

    it("names every shared namespace in one message", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            Object.assign(pod, { hostNetwork: true, hostPID: true, hostIPC: true });
        });
        expect(await messages(policy, [deployment])).toEqual([
            "pod must not share host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)",
        ]);
    });

    it.each(WORKLOAD_KINDS)("flags hostNetwork in a %s", async (kind) => {
        const workload = changePod(hardenedWorkload(kind), (pod) => {
            pod.hostNetwork = true;
        });
        expect(await messages(policy, [workload])).toEqual(["pod must not share host namespaces (hostNetwork=true)"]);
    });

    it.each(["kube-system", "metallb-system"])("flags node agents in %s: no namespace is exempt", async (namespace) => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "agent", namespace), (pod) => {
            pod.hostNetwork = true;
        });
        expect(await messages(policy, [agent])).toEqual(["pod must not share host namespaces (hostNetwork=true)"]);
    });

    it("flags a Deployment in kube-system sharing the host's PID namespace", async () => {
        const deployment = changePod(hardenedDeployment("web", "kube-system"), (pod) => {
            pod.hostPID = true;
        });
        expect(await messages(policy, [deployment])).toEqual(["pod must not share host namespaces (hostPID=true)"]);
    });

    it("reports that it cannot run when hostNetwork is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.hostNetwork = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([cannotRun("spec.template.spec.hostNetwork")]);
    });
});
