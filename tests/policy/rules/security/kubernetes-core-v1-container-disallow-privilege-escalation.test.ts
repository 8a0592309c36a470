import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowPrivilegeEscalation as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-privilege-escalation";
import { messages } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    ephemeralContainer,
    hardenedDeployment,
    hardenedWorkload,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

describe("kubernetes-core-v1-container-disallow-privilege-escalation", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("flags a container that allows privilege escalation", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.allowPrivilegeEscalation = true;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must set securityContext.allowPrivilegeEscalation=false',
        ]);
    });

    it("flags an init container that leaves allowPrivilegeEscalation unset, which means true", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            delete c.securityContext.allowPrivilegeEscalation;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" must set securityContext.allowPrivilegeEscalation=false',
        ]);
    });

    it("flags a container with no security context", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            delete c.securityContext;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must set securityContext.allowPrivilegeEscalation=false',
        ]);
    });

    it("flags an ephemeral container that allows escalation", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation = true;
        });
        expect(await messages(policy, [pod])).toEqual([
            'ephemeral container "debug" must set securityContext.allowPrivilegeEscalation=false',
        ]);
    });

    it("flags a privileged node agent in kube-system: no namespace is exempt", async () => {
        const manager = changeApp(hardenedWorkload(K8sType.daemonSet, "calico-node", "kube-system"), (c) => {
            c.securityContext = { privileged: true };
        });
        expect(await messages(policy, [manager])).toEqual([
            'container "app" must set securityContext.allowPrivilegeEscalation=false',
        ]);
    });

    it("reports that it cannot run when allowPrivilegeEscalation is unknown at preview", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.securityContext.allowPrivilegeEscalation = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.initContainers.0.securityContext.allowPrivilegeEscalation"),
        ]);
    });
});
