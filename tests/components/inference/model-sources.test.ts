import * as path from "node:path";
import type { Model } from "../../../components/inference/model-loader";
import { nfsSourceClaim, nfsSourceVolume } from "../../../components/inference/model-sources";
import { K8sType } from "../../../contract/k8s-types";
import { evaluatePolicies } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { policies } from "../../../policy/pack";
import { kubernetesCoreV1PodDisallowRestrictedVolumeTypes } from "../../../policy/rules/security/kubernetes-core-v1-pod-disallow-restricted-volume-types";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { validateCore } from "../../../tools/validate/core";
import { capture, findResource, ofType } from "../../helpers/capture";
import { messages } from "../../helpers/policy";
import { changePod, hardenedDeployment } from "../../policy/rules/security/fixtures";

const SHA = "a".repeat(64);
const MODELS: Model[] = [
    {
        name: "densenet",
        version: "1",
        sha256: SHA,
        source: { nfs: { server: "10.0.0.6", path: "/srv/models", file: "d.tar" } },
    },
    {
        name: "bert",
        version: "1",
        sha256: SHA,
        source: { s3: { endpoint: "http://10.0.0.11:9000", bucket: "m", key: "b" } },
    },
    {
        name: "resnet",
        version: "1",
        sha256: SHA,
        source: { nfs: { server: "10.0.0.6", path: "/srv/models", file: "r.tar" } },
    },
    { name: "t5", version: "1", sha256: SHA, source: { nfs: { server: "10.0.0.7", path: "/export", file: "t5.tar" } } },
];
const CLAIM = { claimName: "triton-source-0", server: "10.0.0.6", path: "/srv/models" };

async function declare(protect: boolean): Promise<{ claims: unknown; resources: readonly CapturedResource[] }> {
    const { modelSourceClaims } = await import("../../../components/inference/model-sources");
    let claims: unknown;
    const { resources } = await capture(() => {
        claims = modelSourceClaims("triton", "ml", MODELS, { protect, retainOnDelete: protect }).map(
            ({ resource: _, ...claim }) => claim,
        );
    });
    return { claims, resources };
}

describe("the NFS source volume and claim", () => {
    it("declare a read-only volume of the export, pre-bound to its claim and never reclaimed", () => {
        expect(nfsSourceVolume(CLAIM, "ml").spec).toEqual({
            capacity: { storage: "1Gi" },
            accessModes: ["ReadOnlyMany"],
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: "nfs-client",
            mountOptions: ["ro"],
            claimRef: { namespace: "ml", name: "triton-source-0" },
            csi: {
                driver: "nfs.csi.k8s.io",
                volumeHandle: "ml-triton-source-0",
                readOnly: true,
                volumeAttributes: { server: "10.0.0.6", share: "/srv/models" },
            },
        });
        expect(nfsSourceClaim(CLAIM, "ml").spec).toEqual({
            accessModes: ["ReadOnlyMany"],
            storageClassName: "nfs-client",
            volumeName: "ml-triton-source-0",
            resources: { requests: { storage: "1Gi" } },
        });
    });

    it("are valid core objects", () => {
        expect(validateCore(nfsSourceVolume(CLAIM, "ml") as Record<string, unknown>)).toEqual([]);
        expect(validateCore(nfsSourceClaim(CLAIM, "ml") as Record<string, unknown>)).toEqual([]);
    });

    it("keep the pod's volume a persistentVolumeClaim, which restricted pods may mount, where an inline nfs is refused", async () => {
        const withVolume = (volume: Record<string, unknown>) =>
            changePod(hardenedDeployment(), (pod) => {
                pod.volumes = [volume];
            });
        const claim = { name: "shared-1", persistentVolumeClaim: { claimName: "triton-source-0", readOnly: true } };
        const inline = { name: "shared-1", nfs: { server: "10.0.0.6", path: "/srv/models", readOnly: true } };
        expect(await messages(kubernetesCoreV1PodDisallowRestrictedVolumeTypes, [withVolume(claim)])).toEqual([]);
        expect(await messages(kubernetesCoreV1PodDisallowRestrictedVolumeTypes, [withVolume(inline)])).toHaveLength(1);
    });
});

describe("modelSourceClaims", () => {
    it("declares a volume and a claim per distinct export, the claim after its volume, and returns the claims", async () => {
        const { claims, resources } = await declare(false);
        expect(claims).toEqual([CLAIM, { claimName: "triton-source-1", server: "10.0.0.7", path: "/export" }]);
        expect(ofType(resources, K8sType.persistentVolumeClaim).map((r) => r.name)).toEqual([
            "triton-source-0",
            "triton-source-1",
        ]);
        const volume = findResource(resources, "kubernetes:core/v1:PersistentVolume", "triton-source-1-volume");
        expect((volume.inputs.metadata as any).name).toBe("ml-triton-source-1");
        expect(findResource(resources, K8sType.persistentVolumeClaim, "triton-source-1").dependencies).toContain(
            volume.urn,
        );
    });

    it("declares nothing when no model comes from NFS", async () => {
        const { modelSourceClaims } = await import("../../../components/inference/model-sources");
        const { resources } = await capture(() => {
            expect(modelSourceClaims("triton", "ml", [MODELS[1]], {})).toEqual([]);
        });
        expect(resources.filter((r) => r.custom)).toEqual([]);
    });

    it("passes the whole pack under the prod profile when protected like the model claim", async () => {
        const { resources } = await declare(true);
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    });
});
