import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

describe("storage settings of the stack files", () => {
    it("parse stage: NFS (seed 001's export) as the default class, volumes deleted with their claims, no Longhorn", () => {
        expect(parsePlatformConfig(stackSections("stage")).storage).toEqual({
            nfs: {
                server: "192.168.56.11",
                share: "/srv/nfs-volume",
                mountOptions: ["nfsvers=4.1"],
                reclaimPolicy: "Delete",
                onDelete: "delete",
            },
            localPath: { enabled: true, nodePaths: ["/opt/local-path-provisioner"], reclaimPolicy: "Delete" },
            longhorn: {
                enabled: false,
                replicas: 3,
                reclaimPolicy: "Delete",
                allowVolumeExpansion: true,
                ui: false,
                checkNodes: false,
            },
            snapshots: { enabled: false, installController: true },
            defaultClass: "nfs-client",
            roles: {
                database: "local-path",
                shared: "nfs-client",
                metrics: "local-path",
                logs: "local-path",
                models: "nfs-client",
                backups: "nfs-client",
            },
        });
    });

    it("parse prod: Longhorn with 3 replicas as the default, every class keeping released volumes", () => {
        const { storage } = parsePlatformConfig(stackSections("prod"));
        expect(storage.nfs).toMatchObject({ reclaimPolicy: "Retain", onDelete: "archive" });
        expect(storage.localPath.reclaimPolicy).toBe("Retain");
        expect(storage.longhorn).toMatchObject({ enabled: true, replicas: 3, reclaimPolicy: "Retain", ui: false });
        expect(storage.snapshots).toEqual({ enabled: true, installController: true });
        expect(storage.defaultClass).toBe("longhorn");
        expect(storage.roles).toMatchObject({ shared: "nfs-client", metrics: "longhorn", database: "local-path" });
    });

    it("defaults to local-path only: no NFS server, no Longhorn, no roles", () => {
        const config = parsePlatformConfig(
            withChange("stage", (c) => {
                delete c.storage;
                delete c.data;
                delete c.observability;
                delete c.apps;
                delete c.inference;
            }),
        );
        expect(config.storage.nfs).toBeUndefined();
        expect(config.storage.longhorn.enabled).toBe(false);
        expect(config.storage.defaultClass).toBe("local-path");
        expect(config.storage.roles).toEqual({});
    });
});

describe("storage classes and roles", () => {
    it("rejects every use of nfs-client without storage.nfs: there is no default server (seed 001's incident)", () => {
        const why =
            "nfs-client needs storage.nfs (server and share); there is no default NFS server, so its claims would stay Pending";
        expect(problemsAfter("stage", (c) => delete c.storage.nfs)).toEqual([
            `platform:storage.defaultClass: ${why}`,
            `platform:storage.roles.shared: ${why}`,
            `platform:storage.roles.models: ${why}`,
            `platform:storage.roles.backups: ${why}`,
        ]);
    });

    it("rejects longhorn as a role or default where it is not installed", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.storage.defaultClass = "longhorn";
                c.storage.roles.metrics = "longhorn";
            }),
        ).toEqual([
            "platform:storage.defaultClass: longhorn is not installed (storage.longhorn.enabled is false)",
            "platform:storage.roles.metrics: longhorn is not installed (storage.longhorn.enabled is false)",
        ]);
    });

    it("rejects local-path as default or role when it is disabled", () => {
        expect(problemsAfter("stage", (c) => (c.storage.localPath.enabled = false))).toEqual([
            "platform:storage.roles.database: local-path is not installed (storage.localPath.enabled is false)",
            "platform:storage.roles.metrics: local-path is not installed (storage.localPath.enabled is false)",
            "platform:storage.roles.logs: local-path is not installed (storage.localPath.enabled is false)",
        ]);
    });

    it.each([
        ["local-path", "local-path"],
        ["longhorn", "longhorn"],
    ])("rejects shared (ReadWriteMany) on block-only %s", (_, name) => {
        expect(problemsAfter("prod", (c) => (c.storage.roles.shared = name))).toEqual([
            `platform:storage.roles.shared: ${name} does not support ReadWriteMany, which shared volumes need (classes that do: nfs-client)`,
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

    it("takes exactly one default class: two are not a class", () => {
        expect(problemsAfter("prod", (c) => (c.storage.defaultClass = ["longhorn", "local-path"]))).toEqual([
            'platform:storage.defaultClass: ["longhorn","local-path"] is not a platform StorageClass (nfs-client, local-path, longhorn)',
        ]);
    });

    it("shows a value of the wrong type as JSON", () => {
        expect(problemsAfter("stage", (c) => (c.storage.localPath.reclaimPolicy = { keep: true }))).toEqual([
            'platform:storage.localPath.reclaimPolicy: {"keep":true} is not a reclaim policy (Delete, Retain)',
        ]);
    });

    it("names the known keys of an unknown one", () => {
        expect(problemsAfter("stage", (c) => (c.storage.ceph = {}))).toEqual([
            'platform:storage: unknown key "ceph"; known: nfs, localPath, longhorn, snapshots, ssh, defaultClass, roles',
        ]);
    });
});

describe("local-path node paths", () => {
    it("rejects relative paths and the root directory", () => {
        expect(
            problemsAfter("stage", (c) => (c.storage.localPath.nodePaths = ["opt/local-path", "/", "/data"])),
        ).toEqual([
            'platform:storage.localPath.nodePaths[0]: "opt/local-path" is not an absolute directory below / (e.g. /srv/nfs), without . or .. segments',
            'platform:storage.localPath.nodePaths[1]: "/" is not an absolute directory below / (e.g. /srv/nfs), without . or .. segments',
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
