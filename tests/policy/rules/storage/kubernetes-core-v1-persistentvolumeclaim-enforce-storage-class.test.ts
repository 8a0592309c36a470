import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass as policy } from "../../../../policy/rules/storage/kubernetes-core-v1-persistentvolumeclaim-enforce-storage-class";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, mariaDb, NS, pvc, statefulSet } from "./fixtures";

const ALLOWED = "nfs-client, local-path, longhorn";
const claims = () => [pvc(), statefulSet(), mariaDb()];

describe("kubernetes-core-v1-persistentvolumeclaim-enforce-storage-class", () => {
    it("passes claims on allowed classes: a PVC, a StatefulSet template and a MariaDB", async () => {
        expect(await messages(policy, claims())).toEqual([]);
    });

    it("flags a PVC that names no class (the cluster default would decide)", async () => {
        const resources = change(claims(), "uploads", (p) => {
            delete p.spec.storageClassName;
        });
        expect(await messages(policy, resources)).toEqual([
            `PersistentVolumeClaim "${NS}/uploads" names no storageClassName; use one of ${ALLOWED}`,
        ]);
    });

    it("flags a PVC with an empty class (static binding outside the platform's classes)", async () => {
        const resources = change(claims(), "uploads", (p) => {
            p.spec.storageClassName = "";
        });
        expect(await messages(policy, resources)).toEqual([
            `PersistentVolumeClaim "${NS}/uploads" names no storageClassName; use one of ${ALLOWED}`,
        ]);
    });

    it("flags a PVC on a class outside the allow-list", async () => {
        const resources = change(claims(), "uploads", (p) => {
            p.spec.storageClassName = "standard";
        });
        expect(await messages(policy, resources)).toEqual([
            `PersistentVolumeClaim "${NS}/uploads" uses StorageClass "standard", not one of ${ALLOWED}`,
        ]);
    });

    it("flags a StatefulSet volumeClaimTemplate without a class", async () => {
        const resources = change(claims(), "redis", (p) => {
            delete p.spec.volumeClaimTemplates[0].spec.storageClassName;
        });
        expect(await messages(policy, resources)).toEqual([
            `StatefulSet "${NS}/redis" volumeClaimTemplate "data" names no storageClassName; use one of ${ALLOWED}`,
        ]);
    });

    it("flags a MariaDB whose storage names no class", async () => {
        const resources = change(claims(), "mariadb", (p) => {
            delete p.spec.storage.storageClassName;
        });
        expect(await messages(policy, resources)).toEqual([
            `MariaDB "${NS}/mariadb" storage names no storageClassName; use one of ${ALLOWED}`,
        ]);
    });

    it("reads a MariaDB's class from its volumeClaimTemplate", async () => {
        const resources = change(claims(), "mariadb", (p) => {
            p.spec.storage = { size: "10Gi", volumeClaimTemplate: { storageClassName: "fast" } };
        });
        expect(await messages(policy, resources)).toEqual([
            `MariaDB "${NS}/mariadb" storage uses StorageClass "fast", not one of ${ALLOWED}`,
        ]);
    });

    it("ignores a MariaDB with ephemeral storage", async () => {
        const resources = change(claims(), "mariadb", (p) => {
            p.spec.storage = { ephemeral: true };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("takes the allow-list from config", async () => {
        const resources = change(claims(), "uploads", (p) => {
            p.spec.storageClassName = "standard";
        });
        const allowedClasses = ["standard", "longhorn", "local-path"];
        expect(await messages(policy, resources, { allowedClasses })).toEqual([]);
    });

    it("reports that it cannot run when the class is unknown at preview", async () => {
        const resources = change(claims(), "uploads", (p) => {
            p.spec.storageClassName = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.storageClassName")]);
    });
});
