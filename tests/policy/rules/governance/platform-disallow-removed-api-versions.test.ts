import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { judgeByObject } from "../../../../policy/lib/object-types";
import { platformDisallowRemovedApiVersions as policy } from "../../../../policy/rules/governance/platform-disallow-removed-api-versions";
import { platformDisallowLegacyAvailabilityApis } from "../../../../policy/rules/availability/platform-disallow-legacy-availability-apis";
import { fixture, messages, mutate } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

/** An object declared with the SDK class of `apiVersion`/`kind`, whose token the provider derives from them. */
function declared(apiVersion: string, kind: string, name = "web", namespace: string | undefined = "apps") {
    const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return fixture(`kubernetes:${group}:${kind}`, name, {
        apiVersion,
        kind,
        metadata: namespace === undefined ? { name } : { name, namespace },
        spec: {},
    });
}

const judged = judgeByObject([policy])[0];

describe("platform-disallow-removed-api-versions", () => {
    it("passes objects of served API versions, including newer beta kinds of partly removed groups", async () => {
        const served: HarnessResource[] = [
            declared("apps/v1", "Deployment"),
            declared("batch/v1", "CronJob"),
            declared("policy/v1", "PodDisruptionBudget"),
            declared("networking.k8s.io/v1", "Ingress"),
            declared("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "fs", undefined),
            declared("autoscaling/v1", "HorizontalPodAutoscaler"),
            declared("networking.k8s.io/v1beta1", "ServiceCIDR", "cidrs", undefined),
            declared("storage.k8s.io/v1beta1", "VolumeAttributesClass", "fast", undefined),
            declared("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", "vap", undefined),
            declared("metallb.io/v1beta1", "IPAddressPool", "default", "metallb-system"),
            fixture("kubernetes:helm.sh/v4:Chart", "loki", { chart: "loki" }),
            fixture("random:index/randomPassword:RandomPassword", "pw", { length: 32 }),
        ];
        expect(await messages(judged, served)).toEqual([]);
    });

    it("flags the group versions Kubernetes 1.16 to 1.32 stopped serving, naming the replacement", async () => {
        const removed = [
            declared("apps/v1beta1", "Deployment"),
            declared("apps/v1beta2", "StatefulSet"),
            declared("extensions/v1beta1", "Deployment"),
            declared("extensions/v1beta1", "Ingress"),
            declared("batch/v1beta1", "CronJob"),
            declared("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "fs", undefined),
            declared("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "plc", undefined),
            declared("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "fs", undefined),
            declared("storage.k8s.io/v1beta1", "CSIStorageCapacity"),
            declared("networking.k8s.io/v1beta1", "Ingress"),
            declared("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "reader", undefined),
        ];
        expect(await messages(judged, removed)).toEqual([
            'Deployment "apps/web" uses apps/v1beta1, which Kubernetes 1.16 stopped serving; declare it as apps/v1',
            'StatefulSet "apps/web" uses apps/v1beta2, which Kubernetes 1.16 stopped serving; declare it as apps/v1',
            'Deployment "apps/web" uses extensions/v1beta1, which Kubernetes 1.16 stopped serving; declare it as apps/v1',
            'Ingress "apps/web" uses extensions/v1beta1, which Kubernetes 1.22 stopped serving; declare it as networking.k8s.io/v1',
            'CronJob "apps/web" uses batch/v1beta1, which Kubernetes 1.25 stopped serving; declare it as batch/v1',
            'FlowSchema "fs" uses flowcontrol.apiserver.k8s.io/v1beta1, which Kubernetes 1.26 stopped serving; declare it as flowcontrol.apiserver.k8s.io/v1',
            'PriorityLevelConfiguration "plc" uses flowcontrol.apiserver.k8s.io/v1beta2, which Kubernetes 1.29 stopped serving; declare it as flowcontrol.apiserver.k8s.io/v1',
            'FlowSchema "fs" uses flowcontrol.apiserver.k8s.io/v1beta3, which Kubernetes 1.32 stopped serving; declare it as flowcontrol.apiserver.k8s.io/v1',
            'CSIStorageCapacity "apps/web" uses storage.k8s.io/v1beta1, which Kubernetes 1.27 stopped serving; declare it as storage.k8s.io/v1',
            'Ingress "apps/web" uses networking.k8s.io/v1beta1, which Kubernetes 1.22 stopped serving; declare it as networking.k8s.io/v1',
            'ClusterRole "reader" uses rbac.authorization.k8s.io/v1beta1, which Kubernetes 1.22 stopped serving; declare it as rbac.authorization.k8s.io/v1',
        ]);
    });

    it("flags a PodSecurityPolicy, which has no successor API", async () => {
        expect(
            await messages(judged, [declared("policy/v1beta1", "PodSecurityPolicy", "restricted", undefined)]),
        ).toEqual([
            'PodSecurityPolicy "restricted" uses policy/v1beta1, which Kubernetes 1.25 stopped serving; PodSecurityPolicy ' +
                "has no successor API: enforce Pod Security Admission with pod-security.kubernetes.io labels on the namespace",
        ]);
    });

    it("judges a CustomResource or a Patch by the object it declares", async () => {
        // apiextensions.CustomResource registers as kubernetes:<apiVersion>:<kind>, the typed class's token.
        const custom = fixture("kubernetes:batch/v1beta1:CronJob", "legacy", {
            apiVersion: "batch/v1beta1",
            kind: "CronJob",
            metadata: { name: "nightly", namespace: "apps" },
            spec: {},
        });
        const patch = fixture("kubernetes:extensions/v1beta1:DeploymentPatch", "patched", {
            metadata: { name: "web", namespace: "apps" },
        });
        expect(await messages(judged, [custom, patch])).toEqual([
            'CronJob "apps/nightly" uses batch/v1beta1, which Kubernetes 1.25 stopped serving; declare it as batch/v1',
            'Deployment "apps/web" uses extensions/v1beta1, which Kubernetes 1.16 stopped serving; declare it as apps/v1',
        ]);
    });

    it("leaves removed HPA and PDB versions to platform-disallow-legacy-availability-apis: one report per object", async () => {
        const legacy = [
            declared("autoscaling/v2beta1", "HorizontalPodAutoscaler"),
            declared("autoscaling/v2beta2", "HorizontalPodAutoscaler"),
            declared("policy/v1beta1", "PodDisruptionBudget"),
        ];
        expect(legacy.map((r) => r.type)).toEqual([K8sType.hpaV2beta1, K8sType.hpaV2beta2, K8sType.pdbV1beta1]);
        expect(await messages(judged, legacy)).toEqual([]);
        expect(await messages(platformDisallowLegacyAvailabilityApis, legacy)).toHaveLength(3);
    });

    it("still reports at preview when the object's name is unknown, naming it by its Pulumi name", async () => {
        const unknownName = mutate(declared("batch/v1beta1", "CronJob"), (r) => {
            (r.props as Record<string, any>).metadata.name = PREVIEW_UNKNOWN;
        });
        expect(await messages(judged, [unknownName])).toEqual([
            "CronJob web (Pulumi name; its metadata is unknown at preview) uses batch/v1beta1, which Kubernetes 1.25 " +
                "stopped serving; declare it as batch/v1",
        ]);
    });

    it("judges a CustomResource by its token when its apiVersion is unknown at preview", async () => {
        const custom = fixture("kubernetes:flowcontrol.apiserver.k8s.io/v1beta3:FlowSchema", "fs", {
            apiVersion: PREVIEW_UNKNOWN,
            kind: "FlowSchema",
            metadata: { name: "fs" },
        });
        expect(await messages(judged, [custom])).toEqual([
            'FlowSchema "fs" uses flowcontrol.apiserver.k8s.io/v1beta3, which Kubernetes 1.32 stopped serving; ' +
                "declare it as flowcontrol.apiserver.k8s.io/v1",
        ]);
    });
});
