import { platformDisallowDatabaseOnSharedFilesystem as policy } from "../../../../policy/rules/storage/platform-disallow-database-on-shared-filesystem";
import { messages } from "../../../helpers/policy";
import { change, mariaDb, NS, pvc } from "./fixtures";

describe("platform-disallow-database-on-shared-filesystem", () => {
    it("passes a MariaDB on block storage and an app's claim on NFS", async () => {
        const uploads = change([pvc()], "uploads", (p) => (p.spec.storageClassName = "nfs-client"));
        expect(await messages(policy, [mariaDb(), ...uploads])).toEqual([]);
    });

    it("flags a MariaDB whose storage is on nfs-client", async () => {
        const resources = change([mariaDb()], "mariadb", (p) => (p.spec.storage.storageClassName = "nfs-client"));
        expect(await messages(policy, resources)).toEqual([
            `MariaDB "${NS}/mariadb" storage uses StorageClass "nfs-client", a shared file system; a database needs block or node-local storage`,
        ]);
    });

    it("flags one whose volumeClaimTemplate names a class the profile lists as shared", async () => {
        const resources = change([mariaDb()], "mariadb", (p) => {
            p.spec.storage = { volumeClaimTemplate: { storageClassName: "cephfs", accessModes: ["ReadWriteOnce"] } };
        });
        expect(await messages(policy, resources, { sharedFilesystemClasses: ["cephfs"] })).toEqual([
            `MariaDB "${NS}/mariadb" storage uses StorageClass "cephfs", a shared file system; a database needs block or node-local storage`,
        ]);
    });
});
