import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PersistentvolumeclaimDisallowUnsupportedReadwritemany as policy } from "../../../../policy/rules/storage/kubernetes-core-v1-persistentvolumeclaim-disallow-unsupported-readwritemany";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, mariaDb, NS, pvc, statefulSet } from "./fixtures";

const shared = () => [
    pvc("shared", { storageClassName: "nfs-client", accessModes: ["ReadWriteMany"] }),
    statefulSet(),
    mariaDb(),
];

describe("kubernetes-core-v1-persistentvolumeclaim-disallow-unsupported-readwritemany", () => {
    it("passes ReadWriteMany on nfs-client and ReadWriteOnce elsewhere", async () => {
        expect(await messages(policy, shared())).toEqual([]);
    });

    it("flags ReadWriteMany on longhorn (RWX needs its share-manager)", async () => {
        const resources = change(shared(), "shared", (p) => {
            p.spec.storageClassName = "longhorn";
        });
        expect(await messages(policy, resources)).toEqual([
            `PersistentVolumeClaim "${NS}/shared" requests ReadWriteMany on StorageClass "longhorn"; classes that support it: nfs-client`,
        ]);
    });

    it("flags ReadWriteMany without a class", async () => {
        const resources = change(shared(), "shared", (p) => {
            delete p.spec.storageClassName;
        });
        expect(await messages(policy, resources)).toEqual([
            `PersistentVolumeClaim "${NS}/shared" requests ReadWriteMany on no StorageClass; classes that support it: nfs-client`,
        ]);
    });

    it("flags ReadWriteMany in a StatefulSet volumeClaimTemplate on local-path", async () => {
        const resources = change(shared(), "redis", (p) => {
            p.spec.volumeClaimTemplates[0].spec.accessModes = ["ReadWriteMany"];
        });
        expect(await messages(policy, resources)).toEqual([
            `StatefulSet "${NS}/redis" volumeClaimTemplate "data" requests ReadWriteMany on StorageClass "local-path"; ` +
                `classes that support it: nfs-client`,
        ]);
    });

    it("flags ReadWriteMany in a MariaDB volumeClaimTemplate", async () => {
        const resources = change(shared(), "mariadb", (p) => {
            p.spec.storage.volumeClaimTemplate = { accessModes: ["ReadWriteMany"] };
        });
        expect(await messages(policy, resources)).toEqual([
            `MariaDB "${NS}/mariadb" storage requests ReadWriteMany on StorageClass "longhorn"; classes that support it: nfs-client`,
        ]);
    });

    it("takes the RWX classes from config (longhorn with share-manager)", async () => {
        const resources = change(shared(), "shared", (p) => {
            p.spec.storageClassName = "longhorn";
        });
        expect(await messages(policy, resources, { rwxClasses: ["nfs-client", "longhorn"] })).toEqual([]);
        expect(await messages(policy, resources, { rwxClasses: [] })).toEqual([
            `PersistentVolumeClaim "${NS}/shared" requests ReadWriteMany on StorageClass "longhorn"; classes that support it: none`,
        ]);
    });

    it("reports that it cannot run when the access modes are unknown at preview", async () => {
        const resources = change(shared(), "shared", (p) => {
            p.spec.accessModes = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.accessModes")]);
    });
});
