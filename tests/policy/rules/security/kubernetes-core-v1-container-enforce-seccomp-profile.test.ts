import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnforceSeccompProfile as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-enforce-seccomp-profile";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changePod, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const MUST_CONFINE = (label: string, actual: string) =>
    `${label} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost", on the container or the pod (is ${actual})`;

describe("kubernetes-core-v1-container-enforce-seccomp-profile", () => {
    it("passes a hardened Deployment with RuntimeDefault on the pod", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes containers that set a Localhost profile themselves", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.securityContext.seccompProfile;
            for (const container of [...pod.initContainers, ...pod.containers]) {
                container.securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/web.json" };
            }
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags every container when no seccomp profile is set", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.securityContext.seccompProfile;
        });
        expect(await messages(policy, [deployment])).toEqual([
            MUST_CONFINE('init container "migrate"', "unset"),
            MUST_CONFINE('container "app"', "unset"),
        ]);
    });

    it("flags a container that overrides the pod with Unconfined", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.seccompProfile = { type: "Unconfined" };
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost", on the container or the pod (is "Unconfined")',
        ]);
    });

    it("flags a DaemonSet in a team namespace without a profile", async () => {
        const daemonSet = changePod(hardenedWorkload(K8sType.daemonSet, "agent", "team-a"), (pod) => {
            pod.securityContext = { runAsNonRoot: true };
        });
        expect(await messages(policy, [daemonSet])).toEqual([
            MUST_CONFINE('init container "migrate"', "unset"),
            MUST_CONFINE('container "app"', "unset"),
        ]);
    });

    it("flags kube-system's node agents without a profile: no namespace is exempt", async () => {
        const proxy = changePod(hardenedWorkload(K8sType.daemonSet, "kube-proxy", "kube-system"), (pod) => {
            delete pod.securityContext;
        });
        expect(await messages(policy, [proxy])).toEqual([
            MUST_CONFINE('init container "migrate"', "unset"),
            MUST_CONFINE('container "app"', "unset"),
        ]);
    });

    it("reports that it cannot run when the profile type is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.seccompProfile.type = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.securityContext.seccompProfile.type"),
        ]);
    });
});
