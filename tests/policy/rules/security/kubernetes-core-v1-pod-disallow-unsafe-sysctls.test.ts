import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowUnsafeSysctls as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-unsafe-sysctls";
import { messages } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload, WORKLOAD_KINDS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const SAFE = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

const withSysctls =
    (...names: string[]) =>
    (pod: Record<string, any>) => {
        pod.securityContext.sysctls = names.map((name) => ({ name, value: "1" }));
    };

const UNSAFE = (names: string) =>
    `pod must not set sysctls ${names} in securityContext.sysctls (allowed: ${SAFE.join(", ")})`;

describe("kubernetes-core-v1-pod-disallow-unsafe-sysctls", () => {
    it("passes a hardened Deployment that sets no sysctls", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a pod with no security context", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.securityContext;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("passes every sysctl of the baseline standard's safe set (Kubernetes 1.32 and later)", async () => {
        expect(await messages(policy, [changePod(hardenedDeployment(), withSysctls(...SAFE))])).toEqual([]);
    });

    it("flags a node-wide sysctl", async () => {
        expect(await messages(policy, [changePod(hardenedDeployment(), withSysctls("net.core.somaxconn"))])).toEqual([
            UNSAFE('"net.core.somaxconn"'),
        ]);
    });

    it("names every unsafe sysctl in one message, ignoring the safe ones", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withSysctls("kernel.msgmax", "net.ipv4.tcp_syncookies", "vm.max_map_count"),
        );
        expect(await messages(policy, [deployment])).toEqual([UNSAFE('"kernel.msgmax", "vm.max_map_count"')]);
    });

    it("matches names exactly: no prefix or pattern is safe", async () => {
        const deployment = changePod(hardenedDeployment(), withSysctls("net.ipv4.tcp_keepalive_time.x", "kernel.shm*"));
        expect(await messages(policy, [deployment])).toEqual([
            UNSAFE('"net.ipv4.tcp_keepalive_time.x", "kernel.shm*"'),
        ]);
    });

    it("flags the sysctls Kubernetes 1.37 adds until the profile allows them", async () => {
        const deployment = changePod(hardenedDeployment(), withSysctls("net.ipv4.tcp_slow_start_after_idle"));
        expect(await messages(policy, [deployment])).toEqual([UNSAFE('"net.ipv4.tcp_slow_start_after_idle"')]);
        expect(
            await messages(policy, [deployment], {
                allowedSysctls: [...SAFE, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"],
            }),
        ).toEqual([]);
    });

    it("flags even a safe sysctl when the profile allows none", async () => {
        const deployment = changePod(hardenedDeployment(), withSysctls("net.ipv4.tcp_syncookies"));
        expect(await messages(policy, [deployment], { allowedSysctls: [] })).toEqual([
            'pod must not set sysctls "net.ipv4.tcp_syncookies" in securityContext.sysctls (allowed: none)',
        ]);
    });

    it.each(WORKLOAD_KINDS)("flags an unsafe sysctl in a %s", async (kind) => {
        expect(await messages(policy, [changePod(hardenedWorkload(kind), withSysctls("kernel.sem"))])).toEqual([
            UNSAFE('"kernel.sem"'),
        ]);
    });

    it("flags an unsafe sysctl in kube-system: no namespace is exempt", async () => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"), withSysctls("kernel.sem"));
        expect(await messages(policy, [agent])).toEqual([UNSAFE('"kernel.sem"')]);
    });

    it("reports that it cannot run when the sysctls are unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.sysctls = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([cannotRun("spec.template.spec.securityContext.sysctls")]);
    });

    it("reports that it cannot run when a sysctl's name is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.sysctls = [{ name: PREVIEW_UNKNOWN, value: "1" }];
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.securityContext.sysctls.0.name"),
        ]);
    });
});
