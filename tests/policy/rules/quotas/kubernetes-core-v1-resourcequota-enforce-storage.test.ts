import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ResourcequotaEnforceStorage as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-resourcequota-enforce-storage";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { hpa, propsOf, pvc, statefulSet, withUnknown } from "./fixtures";

// data-quota bounds storage like the tenant defaults (50Gi, 5 claims). Admitted by name:
// cache 10Gi, db 2 × 10Gi, uploads 10Gi = 40Gi in 4 claims.
const namespace = mutate(governedNamespace("data"), (rs) => {
    Object.assign(propsOf(rs[1]).spec.hard, { "requests.storage": "50Gi", persistentvolumeclaims: "5" });
});
const QUOTA = 1;
const compliant = [
    ...namespace,
    pvc("data", "cache", "10Gi", "local-path"),
    statefulSet("data", "db", 2, "10Gi"),
    pvc("data", "uploads", "10Gi"),
];
const DB = compliant.length - 2;
const UPLOADS = compliant.length - 1;

describe("kubernetes-core-v1-resourcequota-enforce-storage", () => {
    it("passes claims whose summed storage and count fit the quota", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags the claim that overflows requests.storage", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[UPLOADS]).spec.resources.requests.storage = "25Gi"));
        expect(await messages(policy, rs)).toEqual([
            'PersistentVolumeClaim "uploads" is forbidden: exceeded quota: data-quota, requested: requests.storage=25Gi, used: requests.storage=30Gi, limited: requests.storage=50Gi',
        ]);
    });

    it("counts a StatefulSet's volumeClaimTemplates once per replica", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[DB]).spec.replicas = 5));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                compliant[DB].urn,
                'StatefulSet "db" (5 pods, replicas) with 1 volumeClaimTemplate is forbidden: exceeded quota: data-quota, requested: persistentvolumeclaims=5,requests.storage=50Gi, used: persistentvolumeclaims=1,requests.storage=10Gi, limited: persistentvolumeclaims=5,requests.storage=50Gi',
            ],
        ]);
    });

    it("counts an autoscaled StatefulSet at its HPA's maxReplicas", async () => {
        const rs = [...compliant, hpa("data", "db", "db", 5, "StatefulSet")];
        expect(await messages(policy, rs)).toEqual([
            'StatefulSet "db" (5 pods, HPA "db" maxReplicas) with 1 volumeClaimTemplate is forbidden: exceeded quota: data-quota, requested: persistentvolumeclaims=5,requests.storage=50Gi, used: persistentvolumeclaims=1,requests.storage=10Gi, limited: persistentvolumeclaims=5,requests.storage=50Gi',
        ]);
    });

    it("flags the claim count", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[QUOTA]).spec.hard.persistentvolumeclaims = "3"));
        expect(await messages(policy, rs)).toEqual([
            'PersistentVolumeClaim "uploads" is forbidden: exceeded quota: data-quota, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=3, limited: persistentvolumeclaims=3',
        ]);
    });

    it("flags per-StorageClass storage quotas", async () => {
        const key = "local-path.storageclass.storage.k8s.io/requests.storage";
        const rs = mutate(compliant, (r) => (propsOf(r[QUOTA]).spec.hard[key] = "5Gi"));
        expect(await messages(policy, rs)).toEqual([
            `PersistentVolumeClaim "cache" is forbidden: exceeded quota: data-quota, requested: ${key}=10Gi, used: ${key}=0, limited: ${key}=5Gi`,
        ]);
    });

    it("does not check a namespace without a ResourceQuota", async () => {
        const rs = mutate(compliant, (r) => (propsOf(r[DB]).spec.replicas = 5)).filter((_, i) => i !== QUOTA);
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when a claim's size is unknown at preview", async () => {
        const rs = withUnknown(
            compliant,
            (r) => (propsOf(r[UPLOADS]).spec.resources.requests.storage = PREVIEW_UNKNOWN),
        );
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.resources.requests.storage can't be known during preview",
            ],
        ]);
    });
});
