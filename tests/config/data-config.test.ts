import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange, type RawConfig } from "./cases";

describe("data settings of the stack files", () => {
    it("parse stage: two members (seed 001's primary and replica), daily backups", () => {
        expect(parsePlatformConfig(stackSections("stage")).data.mariadb).toEqual({
            namespace: "web",
            members: 2,
            requireQuorum: false,
            storageSize: "5Gi",
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
            databases: [{ name: "wordpress", user: "wordpress" }],
            backups: { schedule: "0 3 * * *", maxRetention: "72h", size: "5Gi" },
            protect: false,
        });
    });

    it("parse prod: three members with a quorum, backups every 6 hours", () => {
        const { mariadb } = parsePlatformConfig(stackSections("prod")).data;
        expect(mariadb).toMatchObject({ members: 3, requireQuorum: true, storageSize: "10Gi", protect: true });
        expect(mariadb?.backups?.schedule).toBe("0 */6 * * *");
        expect(mariadb?.backups?.drill).toEqual({ schedule: "30 4 * * *" });
    });
});

describe("MariaDB placement", () => {
    it.each([2, 4])("rejects %i members where a quorum is required", (members) => {
        expect(problemsAfter("prod", (c) => (c.data.mariadb.members = members))).toContain(
            `platform:data.mariadb.members: ${members} members cannot always elect a primary: data.mariadb.requireQuorum needs an odd count of at least 3 (two members split-brain, seed 003)`,
        );
    });

    it("rejects more members than workers without GPUs, naming them", () => {
        expect(problemsAfter("prod", (c) => (c.data.mariadb.members = 5))).toEqual([
            "platform:data.mariadb.members: 5 members need as many workers without GPUs, one member each, but platform:cluster has 3 (data1, data2, data3)",
        ]);
    });

    it("rejects a namespace that is not a tenant's", () => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.namespace = "cert-manager"))).toEqual([
            "platform:data.mariadb.namespace: cert-manager is not a tenant namespace (platform:tenants); the database runs beside its apps",
        ]);
    });

    it("rejects zero members", () => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.members = 0))).toEqual([
            "platform:data.mariadb.members: Too small: expected number to be >=1",
        ]);
    });
});

describe("MaxScale, an opt-in", () => {
    it("is off in both stacks, and three pods of seed-sized MaxScale when set", () => {
        expect(parsePlatformConfig(stackSections("stage")).data.mariadb?.maxscale).toBeUndefined();
        expect(parsePlatformConfig(stackSections("prod")).data.mariadb?.maxscale).toBeUndefined();
        const set = withChange("prod", (c) => (c.data.mariadb.maxscale = {}));
        expect(parsePlatformConfig(set).data.mariadb?.maxscale).toEqual({
            replicas: 3,
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        });
    });

    it("needs replicated members", () => {
        const change = (c: RawConfig) => {
            c.data.mariadb.members = 1;
            c.data.mariadb.maxscale = {};
        };
        expect(problemsAfter("stage", change)).toEqual([
            "platform:data.mariadb.maxscale: MaxScale routes between replicated members and fails over: it needs data.mariadb.members of at least 2, not 1",
        ]);
    });

    it("needs a worker without GPUs per pod, and names unknown keys", () => {
        expect(problemsAfter("prod", (c) => (c.data.mariadb.maxscale = { replicas: 5, gui: true }))).toEqual([
            'platform:data.mariadb.maxscale: unknown key "gui"; known: replicas, resources',
        ]);
        expect(problemsAfter("prod", (c) => (c.data.mariadb.maxscale = { replicas: 5 }))).toEqual([
            "platform:data.mariadb.maxscale.replicas: 5 MaxScale pods need as many workers without GPUs, one each, but platform:cluster has 3",
        ]);
    });
});

describe("MariaDB storage and backups", () => {
    it("needs the database role, and not on a shared file system", () => {
        expect(problemsAfter("stage", (c) => delete c.storage.roles.database)).toEqual([
            "platform:data.mariadb: needs platform:storage.roles.database, the class of its volumes",
            "platform:data.valkey.storageSize: needs platform:storage.roles.database, the class of its claims",
        ]);
        expect(problemsAfter("stage", (c) => (c.storage.roles.database = "nfs-client"))).toEqual([
            "platform:data.mariadb: platform:storage.roles.database is nfs-client, a shared file system: a database needs block or node-local storage (local-path, longhorn)",
        ]);
    });

    it("needs the backups role for backups", () => {
        expect(problemsAfter("stage", (c) => delete c.storage.roles.backups)).toEqual([
            "platform:data.mariadb.backups: needs platform:storage.roles.backups, the class of the backup claim",
        ]);
    });

    it.each(["every 6 hours", "0 */6 * *", "61/x * * * *", "@daily"])("rejects the schedule %j", (schedule) => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.backups.schedule = schedule))).toEqual([
            `platform:data.mariadb.backups.schedule: ${JSON.stringify(schedule)} is not a cron schedule of five fields, e.g. "0 */6 * * *"`,
        ]);
    });

    it("rejects a drill schedule out of range and an unknown drill key, naming each", () => {
        expect(
            problemsAfter("prod", (c) => (c.data.mariadb.backups.drill = { schedule: "30 25 * * *", at: "04:30" })),
        ).toEqual([
            'platform:data.mariadb.backups.drill.schedule: "30 25 * * *" is not a valid cron schedule (CronPattern: Invalid value for hour: 25), e.g. "0 */6 * * *"',
            'platform:data.mariadb.backups.drill: unknown key "at"; known: schedule',
        ]);
    });

    it("names a doubled space in the schedule", () => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.backups.schedule = "0  3 * * *"))).toEqual([
            'platform:data.mariadb.backups.schedule: "0  3 * * *" contains a space (U+0020) at index 2; values are used as written, so remove it',
        ]);
    });

    it.each(["0h", "0", "-1h", "7d"])("rejects the retention %j", (maxRetention) => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.backups.maxRetention = maxRetention))).toEqual([
            `platform:data.mariadb.backups.maxRetention: ${JSON.stringify(maxRetention)} is not a positive duration such as 168h or 90m`,
        ]);
    });
});

describe("MariaDB databases", () => {
    it("rejects a database or user given twice and a name MariaDB would need quoted", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.data.mariadb.databases = [
                    { name: "wordpress", user: "wp" },
                    { name: "wordpress", user: "wp" },
                    { name: "shop-db", user: "shop" },
                ];
            }),
        ).toEqual([
            "platform:data.mariadb.databases[2].name: must start with a lowercase letter and hold only lowercase letters and digits (at most 32)",
        ]);
        expect(
            problemsAfter("stage", (c) => {
                c.data.mariadb.databases = [
                    { name: "wordpress", user: "wp" },
                    { name: "wordpress", user: "wp" },
                ];
            }),
        ).toEqual([
            "platform:data.mariadb.databases[1].name: duplicate database wordpress (also at index 0)",
            "platform:data.mariadb.databases[1].user: duplicate user wp (also at index 0)",
        ]);
    });

    it("names the known keys of an unknown one", () => {
        expect(problemsAfter("stage", (c) => (c.data.mariadb.galera = true))).toEqual([
            'platform:data.mariadb: unknown key "galera"; known: namespace, members, requireQuorum, storageSize, resources, databases, backups, maxscale, protect',
        ]);
    });
});

describe("Valkey", () => {
    it("parses prod: a primary and two replicas with 10Gi each, seed 003's sizing", () => {
        expect(parsePlatformConfig(stackSections("prod")).data.valkey).toEqual({
            namespace: "web",
            replicas: 2,
            storageSize: "10Gi",
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            protect: true,
        });
    });

    it("needs persistence for replicas, and a tenant namespace", () => {
        expect(
            problemsAfter("prod", (c) => {
                delete c.data.valkey.storageSize;
                c.data.valkey.namespace = "csi-nfs";
            }),
        ).toEqual([
            "platform:data.valkey.namespace: csi-nfs is not a tenant namespace (platform:tenants); the cache runs beside its apps",
            "platform:data.valkey.storageSize: is required with replicas: each replica syncs to a claim",
        ]);
    });

    it("rejects negative replicas", () => {
        expect(problemsAfter("stage", (c) => (c.data.valkey.replicas = -1))).toEqual([
            "platform:data.valkey.replicas: Too small: expected number to be >=0",
        ]);
    });
});
