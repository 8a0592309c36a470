import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnforceRunAsNonRoot as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-enforce-run-as-non-root";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, changePod, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const NOT_NON_ROOT = (label: string) =>
    `${label} must set securityContext.runAsNonRoot=true, on the container or the pod`;
const ROOT = (label: string) => `${label} must not run as root (runAsUser=0)`;

describe("kubernetes-core-v1-container-enforce-run-as-non-root", () => {
    it("passes a hardened Deployment that sets runAsNonRoot on the pod", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes when every container sets runAsNonRoot and the pod does not", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.securityContext.runAsNonRoot;
            for (const container of [...pod.initContainers, ...pod.containers]) {
                container.securityContext.runAsNonRoot = true;
            }
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags every container when neither the pod nor the containers set runAsNonRoot", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.securityContext.runAsNonRoot;
        });
        expect(await messages(policy, [deployment])).toEqual([
            NOT_NON_ROOT('init container "migrate"'),
            NOT_NON_ROOT('container "app"'),
        ]);
    });

    it("flags a container that overrides the pod with runAsNonRoot=false", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.runAsNonRoot = false;
        });
        expect(await messages(policy, [deployment])).toEqual([NOT_NON_ROOT('container "app"')]);
    });

    it("flags a container that runs as user 0", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.securityContext.runAsUser = 0;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" must not run as root (runAsUser=0)',
        ]);
    });

    it("flags a Deployment in kube-system that runs as user 0: no namespace is exempt", async () => {
        const deployment = changePod(hardenedDeployment("web", "kube-system"), (pod) => {
            pod.securityContext.runAsUser = 0;
        });
        expect(await messages(policy, [deployment])).toEqual([
            ROOT('init container "migrate"'),
            ROOT('container "app"'),
        ]);
    });

    it("flags every container when the pod runs as user 0", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.runAsUser = 0;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" must not run as root (runAsUser=0)',
            'container "app" must not run as root (runAsUser=0)',
        ]);
    });

    it("passes a container whose own runAsUser overrides the pod's 0", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.runAsUser = 0;
            for (const container of [...pod.initContainers, ...pod.containers]) {
                container.securityContext.runAsUser = 10001;
            }
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a CronJob's container without runAsNonRoot", async () => {
        const cronJob = changePod(hardenedWorkload(K8sType.cronJob), (pod) => {
            delete pod.securityContext;
            pod.containers[0].securityContext.runAsNonRoot = true;
        });
        expect(await messages(policy, [cronJob])).toEqual([NOT_NON_ROOT('init container "migrate"')]);
    });

    it.each(["kube-system", "metallb-system"])(
        "flags a root workload in %s: no namespace is exempt",
        async (namespace) => {
            const speaker = changePod(hardenedWorkload(K8sType.daemonSet, "speaker", namespace), (pod) => {
                pod.securityContext = { runAsUser: 0 };
            });
            expect(await messages(policy, [speaker])).toEqual([
                NOT_NON_ROOT('init container "migrate"'),
                ROOT('init container "migrate"'),
                NOT_NON_ROOT('container "app"'),
                ROOT('container "app"'),
            ]);
        },
    );

    it("reports that it cannot run when runAsNonRoot is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.runAsNonRoot = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.securityContext.runAsNonRoot"),
        ]);
    });
});
