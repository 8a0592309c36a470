import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowCustomSelinuxOptions as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-custom-selinux-options";
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

const ALLOWED = "unset, container_t, container_init_t, container_kvm_t, container_engine_t";
const BAD_TYPE = (label: string, type: string) =>
    `${label} must not set securityContext.seLinuxOptions.type to "${type}" (allowed: ${ALLOWED})`;

const superPrivileged = (context: Record<string, any>) => {
    context.seLinuxOptions = { type: "spc_t" };
};

describe("kubernetes-core-v1-pod-disallow-custom-selinux-options", () => {
    it("passes a hardened Deployment with no SELinux options", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it.each(["container_t", "container_init_t", "container_kvm_t", "container_engine_t", ""])(
        'passes the type "%s" with an MCS level',
        async (type) => {
            const deployment = changePod(hardenedDeployment(), (pod) => {
                pod.securityContext.seLinuxOptions = { level: "s0:c123,c456" };
                pod.containers[0].securityContext.seLinuxOptions = { type, level: "s0:c1,c2" };
            });
            expect(await messages(policy, [deployment])).toEqual([]);
        },
    );

    it("passes an empty user and role", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.seLinuxOptions = { user: "", role: "", type: "container_t" };
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a pod-level type outside the allowed set", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => superPrivileged(pod.securityContext));
        expect(await messages(policy, [deployment])).toEqual([BAD_TYPE("pod", "spc_t")]);
    });

    it("flags a container's type, even when the pod's is allowed", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.seLinuxOptions = { type: "container_t" };
            superPrivileged(pod.containers[0].securityContext);
        });
        expect(await messages(policy, [deployment])).toEqual([BAD_TYPE('container "app"', "spc_t")]);
    });

    it("flags an init container's type", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.securityContext.seLinuxOptions = { type: "unconfined_t" };
        });
        expect(await messages(policy, [deployment])).toEqual([BAD_TYPE('init container "migrate"', "unconfined_t")]);
    });

    it("flags an ephemeral container's type", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            superPrivileged(spec.ephemeralContainers[0].securityContext);
        });
        expect(await messages(policy, [pod])).toEqual([BAD_TYPE('ephemeral container "debug"', "spc_t")]);
    });

    it("flags a user and a role, each in its own message", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.seLinuxOptions = { user: "system_u", role: "system_r", type: "container_t" };
        });
        expect(await messages(policy, [deployment])).toEqual([
            'pod must not set securityContext.seLinuxOptions.user (is "system_u")',
            'pod must not set securityContext.seLinuxOptions.role (is "system_r")',
        ]);
    });

    it("flags every finding of the pod and its containers", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.seLinuxOptions = { role: "sysadm_r" };
            pod.containers[0].securityContext.seLinuxOptions = { type: "spc_t", user: "root" };
        });
        expect(await messages(policy, [deployment])).toEqual([
            'pod must not set securityContext.seLinuxOptions.role (is "sysadm_r")',
            BAD_TYPE('container "app"', "spc_t"),
            'container "app" must not set securityContext.seLinuxOptions.user (is "root")',
        ]);
    });

    it.each(WORKLOAD_KINDS)("flags a custom type in a %s", async (kind) => {
        expect(
            await messages(policy, [changeApp(hardenedWorkload(kind), (c) => superPrivileged(c.securityContext))]),
        ).toEqual([BAD_TYPE('container "app"', "spc_t")]);
    });

    it("flags a custom type in kube-system: no namespace is exempt", async () => {
        const agent = changeApp(hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"), (c) =>
            superPrivileged(c.securityContext),
        );
        expect(await messages(policy, [agent])).toEqual([BAD_TYPE('container "app"', "spc_t")]);
    });

    it("reports that it cannot run when the type is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.seLinuxOptions = { type: PREVIEW_UNKNOWN };
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.securityContext.seLinuxOptions.type"),
        ]);
    });
});
