import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowWindowsHostProcess as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-windows-host-process";
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

const hostProcess = (context: Record<string, any>) => {
    context.windowsOptions = { hostProcess: true, runAsUserName: "NT AUTHORITY\\SYSTEM" };
};

const MUST_NOT = (label: string) => `${label} must not set securityContext.windowsOptions.hostProcess=true`;

describe("kubernetes-core-v1-pod-disallow-windows-host-process", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes hostProcess=false and other Windows options", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.windowsOptions = { hostProcess: false, runAsUserName: "ContainerUser" };
            pod.containers[0].securityContext.windowsOptions = { gmsaCredentialSpecName: "web" };
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a HostProcess pod", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => hostProcess(pod.securityContext));
        expect(await messages(policy, [deployment])).toEqual([MUST_NOT("pod")]);
    });

    it("flags a HostProcess container and init container", async () => {
        const deployment = changeInit(
            changeApp(hardenedDeployment(), (c) => hostProcess(c.securityContext)),
            (c) => hostProcess(c.securityContext),
        );
        expect(await messages(policy, [deployment])).toEqual([
            MUST_NOT('init container "migrate"'),
            MUST_NOT('container "app"'),
        ]);
    });

    it("flags a HostProcess ephemeral container", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            hostProcess(spec.ephemeralContainers[0].securityContext);
        });
        expect(await messages(policy, [pod])).toEqual([MUST_NOT('ephemeral container "debug"')]);
    });

    it.each(WORKLOAD_KINDS)("flags a HostProcess pod in a %s", async (kind) => {
        expect(
            await messages(policy, [changePod(hardenedWorkload(kind), (pod) => hostProcess(pod.securityContext))]),
        ).toEqual([MUST_NOT("pod")]);
    });

    it("flags a HostProcess node agent in kube-system: no namespace is exempt", async () => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"), (pod) =>
            hostProcess(pod.securityContext),
        );
        expect(await messages(policy, [agent])).toEqual([MUST_NOT("pod")]);
    });

    it("reports that it cannot run when hostProcess is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.windowsOptions = { hostProcess: PREVIEW_UNKNOWN };
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.windowsOptions.hostProcess"),
        ]);
    });
});
