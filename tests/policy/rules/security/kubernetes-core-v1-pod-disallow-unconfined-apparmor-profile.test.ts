import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowUnconfinedApparmorProfile as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-unconfined-apparmor-profile";
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

const KEY = "container.apparmor.security.beta.kubernetes.io";

/** A copy of a workload with annotations on the pod it runs: the Pod's own, else its template's. */
function withPodAnnotations(resource: HarnessResource, annotations: Record<string, unknown>): HarnessResource {
    return changeProps(resource, (props) => {
        const template = props.spec.jobTemplate?.spec.template ?? props.spec.template;
        const metadata = template === undefined ? props.metadata : (template.metadata ??= {});
        metadata.annotations = annotations;
    });
}

const unconfined = (context: Record<string, any>) => {
    context.appArmorProfile = { type: "Unconfined" };
};

const MUST_CONFINE = (label: string, actual = '"Unconfined"') =>
    `${label} must set securityContext.appArmorProfile.type to "RuntimeDefault" or "Localhost" (is ${actual})`;

const BAD_ANNOTATION = (container: string, value: string) =>
    `pod must not set annotation ${KEY}/${container}="${value}" (allowed: "runtime/default", "localhost/<profile>")`;

describe("kubernetes-core-v1-pod-disallow-unconfined-apparmor-profile", () => {
    it("passes a hardened Deployment that leaves the runtime's profile in place", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes RuntimeDefault on the pod and a Localhost profile on a container", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.appArmorProfile = { type: "RuntimeDefault" };
            pod.containers[0].securityContext.appArmorProfile = { type: "Localhost", localhostProfile: "k8s-web" };
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("passes the allowed annotation values and ignores other annotations", async () => {
        const deployment = withPodAnnotations(hardenedDeployment(), {
            [`${KEY}/app`]: "runtime/default",
            [`${KEY}/migrate`]: "localhost/k8s-migrate",
            [`${KEY}/debug`]: "",
            "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
            "checksum/config": "abc123",
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags an Unconfined pod profile", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => unconfined(pod.securityContext));
        expect(await messages(policy, [deployment])).toEqual([MUST_CONFINE("pod")]);
    });

    it("flags an Unconfined container overriding an allowed pod profile", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.securityContext.appArmorProfile = { type: "RuntimeDefault" };
            unconfined(pod.containers[0].securityContext);
        });
        expect(await messages(policy, [deployment])).toEqual([MUST_CONFINE('container "app"')]);
    });

    it("flags an init container, and a profile without a type", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.securityContext.appArmorProfile = { localhostProfile: "k8s-migrate" };
        });
        expect(await messages(policy, [deployment])).toEqual([MUST_CONFINE('init container "migrate"', "unset")]);
    });

    it("flags an Unconfined ephemeral container", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            unconfined(spec.ephemeralContainers[0].securityContext);
        });
        expect(await messages(policy, [pod])).toEqual([MUST_CONFINE('ephemeral container "debug"')]);
    });

    it("flags the legacy annotation's unconfined value and any other value outside the allowed ones", async () => {
        const deployment = withPodAnnotations(hardenedDeployment(), {
            [`${KEY}/app`]: "unconfined",
            [`${KEY}/migrate`]: "docker-default",
        });
        expect(await messages(policy, [deployment])).toEqual([
            BAD_ANNOTATION("app", "unconfined"),
            BAD_ANNOTATION("migrate", "docker-default"),
        ]);
    });

    it("flags an annotation naming no container of the pod: the standard restricts every key", async () => {
        const deployment = withPodAnnotations(hardenedDeployment(), { [`${KEY}/sidecar`]: "unconfined" });
        expect(await messages(policy, [deployment])).toEqual([BAD_ANNOTATION("sidecar", "unconfined")]);
    });

    it("reads the pod template's annotations, not the workload's own", async () => {
        const deployment = changeProps(hardenedDeployment(), (props) => {
            props.metadata.annotations = { [`${KEY}/app`]: "unconfined" };
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it.each(WORKLOAD_KINDS)("flags an Unconfined container and annotation in a %s", async (kind) => {
        const workload = withPodAnnotations(
            changeApp(hardenedWorkload(kind), (c) => unconfined(c.securityContext)),
            { [`${KEY}/app`]: "unconfined" },
        );
        expect(await messages(policy, [workload])).toEqual([
            MUST_CONFINE('container "app"'),
            BAD_ANNOTATION("app", "unconfined"),
        ]);
    });

    it("flags an Unconfined pod in kube-system: no namespace is exempt", async () => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"), (pod) =>
            unconfined(pod.securityContext),
        );
        expect(await messages(policy, [agent])).toEqual([MUST_CONFINE("pod")]);
    });

    it("is not stopped by an unrelated annotation unknown at preview", async () => {
        const deployment = withPodAnnotations(hardenedDeployment(), {
            "checksum/config": PREVIEW_UNKNOWN,
            [`${KEY}/app`]: "unconfined",
        });
        expect(await messages(policy, [deployment])).toEqual([BAD_ANNOTATION("app", "unconfined")]);
    });

    it("reports that it cannot run when an AppArmor annotation is unknown at preview", async () => {
        const deployment = withPodAnnotations(hardenedDeployment(), { [`${KEY}/app`]: PREVIEW_UNKNOWN });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun(`spec.template.metadata.annotations.${KEY}/app`),
        ]);
    });

    it("reports that it cannot run when the profile type is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.appArmorProfile = { type: PREVIEW_UNKNOWN };
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.appArmorProfile.type"),
        ]);
    });
});
