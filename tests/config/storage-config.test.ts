import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

describe("storage settings of the stack files", () => {
    it("parse stage: local-path as the default class, volumes deleted with their claims", () => {
        expect(parsePlatformConfig(stackSections("stage")).storage).toEqual({
            localPath: { enabled: true, nodePaths: ["/opt/local-path-provisioner"], reclaimPolicy: "Delete" },
            defaultClass: "local-path",
            roles: { database: "local-path", metrics: "local-path", logs: "local-path" },
        });
    });

    it("parse prod: local-path keeps released volumes (Retain)", () => {
        const { storage } = parsePlatformConfig(stackSections("prod"));
        expect(storage.localPath.reclaimPolicy).toBe("Retain");
        expect(storage.defaultClass).toBe("local-path");
        expect(storage.roles.shared).toBeUndefined();
    });

    it("defaults to local-path at /opt/local-path-provisioner, Delete, no roles", () => {
        const config = parsePlatformConfig(withChange("stage", (c) => delete c.storage));
        expect(config.storage).toEqual({
            localPath: { enabled: true, nodePaths: ["/opt/local-path-provisioner"], reclaimPolicy: "Delete" },
            defaultClass: "local-path",
            roles: {},
        });
    });
});

describe("storage classes and roles", () => {
    it("rejects a role or default on a class the area does not install yet", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.storage.defaultClass = "nfs-client";
                c.storage.roles.backups = "longhorn";
            }),
        ).toEqual([
            "platform:storage.defaultClass: nfs-client is not available yet: the storage area does not install csi-driver-nfs",
            "platform:storage.roles.backups: longhorn is not available yet: the storage area does not install Longhorn",
        ]);
    });

    it("rejects local-path as default or role when it is disabled", () => {
        expect(problemsAfter("stage", (c) => (c.storage.localPath.enabled = false))).toEqual([
            "platform:storage.defaultClass: local-path is not enabled (platform:storage.localPath.enabled is false)",
            "platform:storage.roles.database: local-path is not enabled (platform:storage.localPath.enabled is false)",
            "platform:storage.roles.metrics: local-path is not enabled (platform:storage.localPath.enabled is false)",
            "platform:storage.roles.logs: local-path is not enabled (platform:storage.localPath.enabled is false)",
        ]);
    });

    it("rejects shared (ReadWriteMany) on local-path", () => {
        expect(problemsAfter("prod", (c) => (c.storage.roles.shared = "local-path"))).toEqual([
            "platform:storage.roles.shared: local-path does not support ReadWriteMany, which shared volumes need (classes that do: nfs-client)",
        ]);
    });

    it("reports shared on a class not installed once, as not available", () => {
        expect(problemsAfter("prod", (c) => (c.storage.roles.shared = "longhorn"))).toEqual([
            "platform:storage.roles.shared: longhorn is not available yet: the storage area does not install Longhorn",
        ]);
    });

    it("rejects an unknown class and an unknown role, listing what is known", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.storage.roles.database = "ceph";
                c.storage.roles.cache = "local-path";
            }),
        ).toEqual([
            'platform:storage.roles.database: "ceph" is not a platform StorageClass (nfs-client, local-path, longhorn)',
            'platform:storage.roles: unknown role "cache"; known: database, shared, metrics, logs, models, backups',
        ]);
    });

    it("shows a value of the wrong type as JSON", () => {
        expect(problemsAfter("stage", (c) => (c.storage.localPath.reclaimPolicy = { keep: true }))).toEqual([
            'platform:storage.localPath.reclaimPolicy: {"keep":true} is not a reclaim policy (Delete, Retain)',
        ]);
    });

    it("does not accept NFS or Longhorn settings yet", () => {
        expect(problemsAfter("stage", (c) => (c.storage.nfs = { server: "192.168.56.11" }))).toEqual([
            'platform:storage: unknown key "nfs"; known: localPath, defaultClass, roles (NFS and Longhorn are not configurable yet: the storage area installs only local-path)',
        ]);
    });
});

describe("local-path node paths", () => {
    it("rejects relative paths and the root directory", () => {
        expect(
            problemsAfter("stage", (c) => (c.storage.localPath.nodePaths = ["opt/local-path", "/", "/data"])),
        ).toEqual([
            'platform:storage.localPath.nodePaths[0]: "opt/local-path" is not an absolute directory below / (e.g. /opt/local-path-provisioner)',
            'platform:storage.localPath.nodePaths[1]: "/" is not an absolute directory below / (e.g. /opt/local-path-provisioner)',
        ]);
    });

    it("rejects a path given twice, also with a trailing or doubled slash", () => {
        expect(
            problemsAfter("stage", (c) => (c.storage.localPath.nodePaths = ["/data/lp", "/data//lp/", "/data/other"])),
        ).toEqual(["platform:storage.localPath.nodePaths[1]: duplicate node path /data/lp (also at index 0)"]);
    });

    it("rejects an empty list", () => {
        expect(problemsAfter("stage", (c) => (c.storage.localPath.nodePaths = []))).toHaveLength(1);
    });
});
