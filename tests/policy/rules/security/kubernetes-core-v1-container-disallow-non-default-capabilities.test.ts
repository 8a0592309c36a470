import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import {
    BASELINE_CAPABILITIES,
    kubernetesCoreV1ContainerDisallowNonDefaultCapabilities as policy,
} from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-non-default-capabilities";
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

const OUTSIDE = (label: string, list: string) =>
    `${label} must not add capabilities ${list}, outside the baseline Pod Security Standard's set`;

const adding = (...add: unknown[]) =>
    changeApp(hardenedDeployment(), (c) => {
        c.securityContext.capabilities.add = add;
    });

describe("kubernetes-core-v1-container-disallow-non-default-capabilities", () => {
    it("passes a hardened Deployment that adds nothing", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a container with no security context at all, which runs with the runtime's default set", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            delete c.securityContext;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("passes every capability of the baseline set, though the restricted rule allows only NET_BIND_SERVICE", async () => {
        expect(await messages(policy, [adding(...BASELINE_CAPABILITIES)])).toEqual([]);
    });

    it("keeps Pod Security Admission's thirteen names", () => {
        expect([...BASELINE_CAPABILITIES].sort()).toEqual([
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT",
        ]);
    });

    it.each(["NET_RAW", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "BPF", "ALL"])(
        "flags %s, outside the default set",
        async (capability) => {
            expect(await messages(policy, [adding("CHOWN", capability)])).toEqual([
                OUTSIDE('container "app"', `"${capability}"`),
            ]);
        },
    );

    it("compares names exactly, as Pod Security Admission does: lower case or a CAP_ prefix is outside the set", async () => {
        expect(await messages(policy, [adding("chown", "CAP_CHOWN", "CHOWN")])).toEqual([
            OUTSIDE('container "app"', '"chown", "CAP_CHOWN"'),
        ]);
    });

    it("names each capability once, as Pod Security Admission's set does", async () => {
        expect(await messages(policy, [adding("SYS_ADMIN", "NET_RAW", "SYS_ADMIN")])).toEqual([
            OUTSIDE('container "app"', '"SYS_ADMIN", "NET_RAW"'),
        ]);
    });

    it("does not let drop excuse an added capability", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities = { drop: ["ALL", "SYS_ADMIN"], add: ["SYS_ADMIN"] };
        });
        expect(await messages(policy, [deployment])).toEqual([OUTSIDE('container "app"', '"SYS_ADMIN"')]);
    });

    it("judges init and ephemeral containers, one message per container", async () => {
        const withInit = changeInit(adding("NET_ADMIN"), (c) => {
            c.securityContext.capabilities.add = ["SYS_ADMIN"];
        });
        const deployment = changePod(withInit, (pod) => {
            const debug = ephemeralContainer();
            debug.securityContext.capabilities.add = ["SYS_PTRACE"];
            pod.ephemeralContainers = [debug];
        });
        expect(await messages(policy, [deployment])).toEqual([
            OUTSIDE('init container "migrate"', '"SYS_ADMIN"'),
            OUTSIDE('container "app"', '"NET_ADMIN"'),
            OUTSIDE('ephemeral container "debug"', '"SYS_PTRACE"'),
        ]);
    });

    it.each(WORKLOAD_KINDS)("judges the pod of a %s", async (type) => {
        const workload = changeApp(hardenedWorkload(type), (c) => {
            c.securityContext.capabilities.add = ["NET_RAW"];
        });
        expect(await messages(policy, [workload])).toEqual([OUTSIDE('container "app"', '"NET_RAW"')]);
    });

    it("flags the MetalLB speaker's NET_RAW, which its restricted-rule exemption does not cover here", async () => {
        const speaker = changeApp(hardenedWorkload(K8sType.daemonSet, "speaker", "metallb-system"), (c) => {
            c.securityContext.capabilities = { drop: ["ALL"], add: ["NET_RAW"] };
        });
        expect(await messages(policy, [speaker])).toEqual([OUTSIDE('container "app"', '"NET_RAW"')]);
    });

    it("reports that it cannot run when the added capabilities are unknown at preview", async () => {
        expect(await messages(policy, [adding(PREVIEW_UNKNOWN)])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.capabilities.add.0"),
        ]);
    });
});
