import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowPrivileged as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-privileged";
import { messages } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    changeProps,
    ephemeralContainer,
    hardenedDeployment,
    hardenedWorkload,
    WORKLOAD_KINDS,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const privileged = (container: Record<string, any>) => {
    container.securityContext.privileged = true;
};

describe("kubernetes-core-v1-container-disallow-privileged", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a container that sets privileged=false", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.privileged = false;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a privileged container", async () => {
        expect(await messages(policy, [changeApp(hardenedDeployment(), privileged)])).toEqual([
            'container "app" must not set securityContext.privileged=true',
        ]);
    });

    it("flags a privileged init container", async () => {
        expect(await messages(policy, [changeInit(hardenedDeployment(), privileged)])).toEqual([
            'init container "migrate" must not set securityContext.privileged=true',
        ]);
    });

    it("flags a privileged ephemeral container on a Pod", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            privileged(spec.ephemeralContainers[0]);
        });
        expect(await messages(policy, [pod])).toEqual([
            'ephemeral container "debug" must not set securityContext.privileged=true',
        ]);
    });

    it.each(WORKLOAD_KINDS)("flags a privileged container in a %s", async (kind) => {
        expect(await messages(policy, [changeApp(hardenedWorkload(kind), privileged)])).toEqual([
            'container "app" must not set securityContext.privileged=true',
        ]);
    });

    it("flags a privileged Deployment in kube-system: no namespace is exempt", async () => {
        expect(await messages(policy, [changeApp(hardenedDeployment("web", "kube-system"), privileged)])).toEqual([
            'container "app" must not set securityContext.privileged=true',
        ]);
    });

    it.each(["kube-system", "metallb-system"])("flags a privileged node agent in %s", async (namespace) => {
        const agent = changeApp(hardenedWorkload(K8sType.daemonSet, "agent", namespace), privileged);
        expect(await messages(policy, [agent])).toEqual([
            'container "app" must not set securityContext.privileged=true',
        ]);
    });

    it("ignores resources that are not workloads", async () => {
        expect(
            await messages(
                policy,
                [hardenedDeployment()].map((d) => ({ ...d, type: K8sType.namespace })),
            ),
        ).toEqual([]);
    });

    it("passes a compliant workload whose namespace is unknown at preview", async () => {
        const deployment = changeProps(hardenedDeployment(), (p) => {
            p.metadata.namespace = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a privileged workload whose namespace is unknown at preview: the namespace is not read", async () => {
        const deployment = changeProps(changeApp(hardenedDeployment(), privileged), (p) => {
            p.metadata.namespace = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not set securityContext.privileged=true',
        ]);
    });

    it("reports that it cannot run when privileged is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.privileged = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.privileged"),
        ]);
    });
});
