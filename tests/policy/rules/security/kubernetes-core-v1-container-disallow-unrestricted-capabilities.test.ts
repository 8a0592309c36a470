import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowUnrestrictedCapabilities as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-unrestricted-capabilities";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const MUST_DROP = (label: string) => `${label} must set securityContext.capabilities.drop=["ALL"]`;

describe("kubernetes-core-v1-container-disallow-unrestricted-capabilities", () => {
    it("passes a hardened Deployment that drops ALL", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a container that adds back NET_BIND_SERVICE", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("compares names exactly, as Pod Security Admission does: lower case or a CAP_ prefix is rejected", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities = { drop: ["all"], add: ["CAP_NET_BIND_SERVICE"] };
        });
        expect(await messages(policy, [deployment])).toEqual([
            MUST_DROP('container "app"'),
            'container "app" must not add capabilities "CAP_NET_BIND_SERVICE" (allowed: NET_BIND_SERVICE)',
        ]);
    });

    it("flags a container that drops only some capabilities", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.drop = ["NET_RAW"];
        });
        expect(await messages(policy, [deployment])).toEqual([MUST_DROP('container "app"')]);
    });

    it("flags an init container with no capabilities set", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            delete c.securityContext.capabilities;
        });
        expect(await messages(policy, [deployment])).toEqual([MUST_DROP('init container "migrate"')]);
    });

    it("flags added capabilities outside the allow-list", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.add = ["NET_BIND_SERVICE", "SYS_ADMIN", "NET_RAW"];
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not add capabilities "SYS_ADMIN", "NET_RAW" (allowed: NET_BIND_SERVICE)',
        ]);
    });

    it("flags NET_BIND_SERVICE when the profile allows no capabilities", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        });
        expect(await messages(policy, [deployment], { allowedCapabilities: [] })).toEqual([
            'container "app" must not add capabilities "NET_BIND_SERVICE" (allowed: none)',
        ]);
    });

    it("lets the profile narrow the allow-list, never widen it past restricted", async () => {
        const raw = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.add = ["NET_RAW"];
        });
        expect(await messages(policy, [raw], { allowedCapabilities: ["NET_BIND_SERVICE", "NET_RAW"] })).toEqual([
            'container "app" must not add capabilities "NET_RAW" (allowed: NET_BIND_SERVICE)',
        ]);
        const bind = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        });
        expect(await messages(policy, [bind], { allowedCapabilities: ["NET_BIND_SERVICE"] })).toEqual([]);
        expect(await messages(policy, [bind], { allowedCapabilities: [] })).toEqual([
            'container "app" must not add capabilities "NET_BIND_SERVICE" (allowed: none)',
        ]);
    });

    it("flags the MetalLB speaker's NET_RAW: no namespace is exempt", async () => {
        const speaker = changeApp(hardenedWorkload(K8sType.daemonSet, "speaker", "metallb-system"), (c) => {
            c.securityContext.capabilities = { add: ["NET_RAW"] };
        });
        expect(await messages(policy, [speaker])).toEqual([
            'container "app" must set securityContext.capabilities.drop=["ALL"]',
            'container "app" must not add capabilities "NET_RAW" (allowed: NET_BIND_SERVICE)',
        ]);
    });

    it("flags a Deployment in kube-system adding SYS_ADMIN", async () => {
        const deployment = changeApp(hardenedDeployment("web", "kube-system"), (c) => {
            c.securityContext.capabilities.add = ["SYS_ADMIN"];
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not add capabilities "SYS_ADMIN" (allowed: NET_BIND_SERVICE)',
        ]);
    });

    it("reports that it cannot run when the dropped capabilities are unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.capabilities.drop = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.capabilities.drop"),
        ]);
    });
});
