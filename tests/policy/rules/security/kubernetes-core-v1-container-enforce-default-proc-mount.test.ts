import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnforceDefaultProcMount as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-enforce-default-proc-mount";
import { messages } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    ephemeralContainer,
    hardenedDeployment,
    hardenedWorkload,
    WORKLOAD_KINDS,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const unmasked = (container: Record<string, any>) => {
    container.securityContext.procMount = "Unmasked";
};

const MUST_MASK = (label: string) =>
    `${label} must not set securityContext.procMount to "Unmasked" (allowed: unset, "Default")`;

describe("kubernetes-core-v1-container-enforce-default-proc-mount", () => {
    it("passes a hardened Deployment that leaves procMount unset", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it('passes containers that set procMount "Default", and one with no security context', async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.containers[0].securityContext.procMount = "Default";
            delete pod.initContainers[0].securityContext;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a container with an unmasked /proc", async () => {
        expect(await messages(policy, [changeApp(hardenedDeployment(), unmasked)])).toEqual([
            MUST_MASK('container "app"'),
        ]);
    });

    it("flags an init container with an unmasked /proc", async () => {
        expect(await messages(policy, [changeInit(hardenedDeployment(), unmasked)])).toEqual([
            MUST_MASK('init container "migrate"'),
        ]);
    });

    it("flags an ephemeral container with an unmasked /proc", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            unmasked(spec.ephemeralContainers[0]);
        });
        expect(await messages(policy, [pod])).toEqual([MUST_MASK('ephemeral container "debug"')]);
    });

    it("flags any value other than Default, not only Unmasked", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.procMount = "default";
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not set securityContext.procMount to "default" (allowed: unset, "Default")',
        ]);
    });

    it("flags an unmasked /proc in a user namespace too: the restricted level does not relax for hostUsers=false", async () => {
        const deployment = changePod(changeApp(hardenedDeployment(), unmasked), (pod) => {
            pod.hostUsers = false;
        });
        expect(await messages(policy, [deployment])).toEqual([MUST_MASK('container "app"')]);
    });

    it.each(WORKLOAD_KINDS)("flags an unmasked /proc in a %s", async (kind) => {
        expect(await messages(policy, [changeApp(hardenedWorkload(kind), unmasked)])).toEqual([
            MUST_MASK('container "app"'),
        ]);
    });

    it("flags an unmasked /proc in kube-system: no namespace is exempt", async () => {
        expect(await messages(policy, [changeApp(hardenedDeployment("web", "kube-system"), unmasked)])).toEqual([
            MUST_MASK('container "app"'),
        ]);
    });

    it("reports that it cannot run when procMount is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.procMount = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.procMount"),
        ]);
    });
});
