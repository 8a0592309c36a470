import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisableServiceAccountToken as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disable-service-account-token";
import { messages } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const MOUNTS_DEFAULT = 'pod runs as the "default" service account and must set automountServiceAccountToken=false';

describe("kubernetes-core-v1-pod-disable-service-account-token", () => {
    it("passes a hardened Deployment that disables the token", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("flags a pod of the default service account that leaves automount unset", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'pod runs as the "default" service account and must set automountServiceAccountToken=false',
        ]);
    });

    it("flags a Job that names the default service account and mounts its token", async () => {
        const job = changePod(hardenedWorkload(K8sType.job), (pod) => {
            pod.serviceAccountName = "default";
            pod.automountServiceAccountToken = true;
        });
        expect(await messages(policy, [job])).toEqual([MOUNTS_DEFAULT]);
    });

    it("passes a pod with its own service account, which may need the API", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.automountServiceAccountToken;
            pod.serviceAccountName = "web";
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("reads the deprecated serviceAccount alias", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.automountServiceAccountToken;
            pod.serviceAccount = "web";
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a Deployment in kube-system: no namespace is exempt", async () => {
        const deployment = changePod(hardenedDeployment("web", "kube-system"), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'pod runs as the "default" service account and must set automountServiceAccountToken=false',
        ]);
    });

    it("reports that it cannot run when automountServiceAccountToken is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.automountServiceAccountToken = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.automountServiceAccountToken"),
        ]);
    });
});
