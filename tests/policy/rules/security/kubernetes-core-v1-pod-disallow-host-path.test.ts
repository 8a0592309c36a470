import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowHostPath as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-host-path";
import { messages } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const hostLogs = (pod: Record<string, any>) => {
    pod.volumes.push({ name: "logs", hostPath: { path: "/var/log", type: "Directory" } });
};

describe("kubernetes-core-v1-pod-disallow-host-path", () => {
    it("passes a hardened Deployment with an emptyDir volume", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a pod with no volumes", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.volumes;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a hostPath volume, naming it and its path", async () => {
        expect(await messages(policy, [changePod(hardenedDeployment(), hostLogs)])).toEqual([
            'pod must not mount hostPath volume "logs" (/var/log)',
        ]);
    });

    it("flags each hostPath volume of a StatefulSet", async () => {
        const statefulSet = changePod(hardenedWorkload(K8sType.statefulSet), (pod) => {
            hostLogs(pod);
            pod.volumes.push({ name: "data", hostPath: { path: "/srv/data" } });
        });
        expect(await messages(policy, [statefulSet])).toEqual([
            'pod must not mount hostPath volume "logs" (/var/log)',
            'pod must not mount hostPath volume "data" (/srv/data)',
        ]);
    });

    it.each(["kube-system", "metallb-system"])("flags a hostPath in %s: no namespace is exempt", async (namespace) => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "kube-proxy", namespace), hostLogs);
        expect(await messages(policy, [agent])).toEqual(['pod must not mount hostPath volume "logs" (/var/log)']);
    });

    it("reports that it cannot run when the volumes are unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.volumes = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([cannotRun("spec.template.spec.volumes")]);
    });
});
