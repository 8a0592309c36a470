import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisallowRestrictedVolumeTypes as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disallow-restricted-volume-types";
import { messages } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload, WORKLOAD_KINDS } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const ALLOWED = "configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret";

const withVolumes =
    (...volumes: Record<string, unknown>[]) =>
    (pod: Record<string, any>) => {
        pod.volumes = volumes;
    };

const RESTRICTED = (name: string, type: string) =>
    `pod must not mount volume "${name}" of restricted type ${type} (allowed: ${ALLOWED})`;

const nfs = { name: "shared", nfs: { server: "nas.lan", path: "/export/shared" } };

describe("kubernetes-core-v1-pod-disallow-restricted-volume-types", () => {
    it("passes a hardened Deployment with an emptyDir volume", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a pod with no volumes", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.volumes;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("passes every volume type the restricted standard allows, and a volume with only a name", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withVolumes(
                { name: "config", configMap: { name: "web" } },
                { name: "driver", csi: { driver: "secrets-store.csi.k8s.io" } },
                { name: "podinfo", downwardAPI: { items: [] } },
                { name: "tmp", emptyDir: {} },
                { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
                { name: "models", image: { reference: "ghcr.io/acme/models:1", pullPolicy: "IfNotPresent" } },
                { name: "data", persistentVolumeClaim: { claimName: "web-data" } },
                { name: "token", projected: { sources: [] } },
                { name: "tls", secret: { secretName: "web-tls" } },
                { name: "defaulted" },
            ),
        );
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags an inline NFS volume, naming it and its type", async () => {
        expect(await messages(policy, [changePod(hardenedDeployment(), withVolumes(nfs))])).toEqual([
            RESTRICTED("shared", "nfs"),
        ]);
    });

    it.each([
        ["gitRepo", { repository: "https://git.example.com/site.git" }],
        ["iscsi", { targetPortal: "10.0.0.5:3260", iqn: "iqn.2001-04.com.example:storage", lun: 0 }],
        ["cephfs", { monitors: ["10.0.0.6:6789"] }],
        ["rbd", { monitors: ["10.0.0.6:6789"], image: "web" }],
        ["fc", { targetWWNs: ["500a0982991b8dc5"], lun: 2 }],
        ["flexVolume", { driver: "example/lvm" }],
        ["awsElasticBlockStore", { volumeID: "vol-0123" }],
        ["glusterfs", { endpoints: "gluster", path: "web" }],
    ])("flags a %s volume", async (type, source) => {
        const deployment = changePod(hardenedDeployment(), withVolumes({ name: "vol", [type]: source }));
        expect(await messages(policy, [deployment])).toEqual([RESTRICTED("vol", type)]);
    });

    it("leaves hostPath to kubernetes-core-v1-pod-disallow-host-path", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withVolumes({ name: "logs", hostPath: { path: "/var/log", type: "Directory" } }),
        );
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags each restricted volume in one message per volume, ignoring allowed ones", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withVolumes({ name: "tmp", emptyDir: {} }, nfs, {
                name: "site",
                gitRepo: { repository: "https://git.example.com/site.git" },
            }),
        );
        expect(await messages(policy, [deployment])).toEqual([
            RESTRICTED("shared", "nfs"),
            RESTRICTED("site", "gitRepo"),
        ]);
    });

    it("names every restricted source of a volume that declares several, and ignores null sources", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withVolumes({
                name: "odd",
                emptyDir: null,
                nfs: nfs.nfs,
                hostPath: { path: "/srv" },
                cinder: { volumeID: "v" },
            }),
        );
        expect(await messages(policy, [deployment])).toEqual([RESTRICTED("odd", "nfs, cinder")]);
    });

    it.each(WORKLOAD_KINDS)("flags a restricted volume in a %s", async (kind) => {
        expect(await messages(policy, [changePod(hardenedWorkload(kind), withVolumes(nfs))])).toEqual([
            RESTRICTED("shared", "nfs"),
        ]);
    });

    it("flags a restricted volume in kube-system: no namespace is exempt", async () => {
        const agent = changePod(hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"), withVolumes(nfs));
        expect(await messages(policy, [agent])).toEqual([RESTRICTED("shared", "nfs")]);
    });

    it("judges a volume whose source's content is unknown at preview: its type is known", async () => {
        const deployment = changePod(
            hardenedDeployment(),
            withVolumes({ name: "shared", nfs: PREVIEW_UNKNOWN }, { name: "tls", secret: PREVIEW_UNKNOWN }),
        );
        expect(await messages(policy, [deployment])).toEqual([RESTRICTED("shared", "nfs")]);
    });

    it("reports that it cannot run when the volumes are unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.volumes = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([cannotRun("spec.template.spec.volumes")]);
    });
});
