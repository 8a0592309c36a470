import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MariaDbClusterArgs, MariaDbDatabaseRef } from "../../../components/data/mariadb";
import { mariadbPodLabels } from "../../../components/data/mariadb-manifests";
import { PREVIEW_UNKNOWN } from "../../../policy/harness/evaluate";
import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:data:MariaDbCluster";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "kubernetes:core/v1:Secret";
const CR = (kind: string) => `kubernetes:k8s.mariadb.com/v1alpha1:${kind}`;
const ARGS: MariaDbClusterArgs = {
    namespace: "web",
    members: 3,
    storage: { storageClass: "longhorn", size: "10Gi" },
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    databases: [
        { name: "wordpress", user: "wordpress" },
        { name: "matomo", user: "analytics" },
    ],
    backups: { schedule: "0 */6 * * *", maxRetention: "168h", storageClass: "nfs-client", size: "50Gi" },
    protect: true,
    registryMirror: "harbor.example.com/mirror",
};

interface Exposed {
    writeService: string;
    readService: string;
    port: number;
    databases: Readonly<Record<string, MariaDbDatabaseRef>>;
}

async function run(args: Partial<MariaDbClusterArgs> = {}) {
    const { MariaDbCluster } = await import("../../../components/data/mariadb");
    let exposed: Exposed | undefined;
    const { resources } = await capture(() => {
        // Stands for the operator's charts, which the stack passes in opts.dependsOn.
        const operator = new k8s.core.v1.ConfigMap("operator-ready", {});
        const cluster = new MariaDbCluster("mariadb", { ...ARGS, ...args }, { dependsOn: [operator] });
        exposed = { ...cluster };
    });
    return { resources, exposed: exposed! };
}

const spec = (r: CapturedResource) => r.inputs.spec as Record<string, any>;

describe("MariaDbCluster of three members", () => {
    let resources: readonly CapturedResource[];
    let exposed: Exposed;

    beforeAll(async () => {
        ({ resources, exposed } = await run());
    });

    it("declares the replicated MariaDB after its credentials and the operator", () => {
        findResource(resources, COMPONENT, "mariadb");
        const mariadb = findResource(resources, CR("MariaDB"), "mariadb-mariadb");
        expect(mariadb.inputs.metadata).toMatchObject({ name: "mariadb", namespace: "web" });
        expect(spec(mariadb)).toMatchObject({
            image: "harbor.example.com/mirror/docker.io/library/mariadb:11.8.8",
            replicas: 3,
            replication: { enabled: true, primary: { autoFailover: true } },
            affinity: { antiAffinityEnabled: true },
            podDisruptionBudget: { maxUnavailable: 1 },
            storage: { size: "10Gi", storageClassName: "longhorn" },
            resources: ARGS.resources,
            metrics: { enabled: false },
        });
        expect(mariadb.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, SECRET, "mariadb-credentials").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "operator-ready").urn,
            ]),
        );
    });

    it("generates the root, replication and user passwords: 32 characters, specials safe in SQL and shells", () => {
        const passwords = ofType(resources, PASSWORD);
        expect(passwords.map((p) => p.name).sort()).toEqual([
            "mariadb-matomo-password",
            "mariadb-replication-password",
            "mariadb-root-password",
            "mariadb-wordpress-password",
        ]);
        for (const p of passwords) {
            expect(p.inputs).toMatchObject({ length: 32, special: true, overrideSpecial: "-_.~" });
        }
    });

    it("keeps the passwords in Secrets, as secrets, which the custom resources name by key", () => {
        const credentials = findResource(resources, SECRET, "mariadb-credentials");
        expect(credentials.inputs.metadata).toMatchObject({ name: "mariadb-credentials", namespace: "web" });
        expect(credentials.inputs.stringData).toBeInstanceOf(SecretValue);
        expect(credentials.inputs.data).toBeUndefined();
        const mariadb = spec(findResource(resources, CR("MariaDB"), "mariadb-mariadb"));
        expect(mariadb.rootPasswordSecretKeyRef).toEqual({
            name: "mariadb-credentials",
            key: "root-password",
            generate: false,
        });
        expect(mariadb.replication.replica.replPasswordSecretKeyRef).toEqual({
            name: "mariadb-credentials",
            key: "replication-password",
            generate: false,
        });
        const user = spec(findResource(resources, CR("User"), "mariadb-user-wordpress"));
        expect(user.passwordSecretKeyRef).toEqual({ name: "mariadb-wordpress-credentials", key: "password" });
        // No custom resource carries a secret value, or a value unknown at preview (the passwords are).
        for (const cr of resources.filter((r) => r.type.startsWith(CR("")))) {
            expect(JSON.stringify(cr.inputs)).not.toContain(PREVIEW_UNKNOWN);
            expect(JSON.stringify(cr.inputs, (_k, v) => (v instanceof SecretValue ? "SECRET" : v))).not.toContain(
                "SECRET",
            );
        }
    });

    it("gives each app a database, a user with its own Secret, and a grant of everything on its database", () => {
        for (const [db, user] of [
            ["wordpress", "wordpress"],
            ["matomo", "analytics"],
        ]) {
            const database = findResource(resources, CR("Database"), `mariadb-database-${db}`);
            expect(spec(database)).toMatchObject({ mariaDbRef: { name: "mariadb" }, name: db });
            const userCr = findResource(resources, CR("User"), `mariadb-user-${db}`);
            expect(spec(userCr)).toMatchObject({ name: user, host: "%" });
            const grant = findResource(resources, CR("Grant"), `mariadb-grant-${db}`);
            expect(spec(grant)).toMatchObject({
                privileges: ["ALL PRIVILEGES"],
                database: db,
                table: "*",
                username: user,
            });
            const secret = findResource(resources, SECRET, `mariadb-${db}-credentials`);
            expect(secret.inputs.metadata).toMatchObject({
                name: `mariadb-${db}-credentials`,
                labels: { "k8s.mariadb.com/watch": "" },
            });
            const mariadb = findResource(resources, CR("MariaDB"), "mariadb-mariadb").urn;
            expect(database.dependencies).toContain(mariadb);
            expect(userCr.dependencies).toEqual(expect.arrayContaining([mariadb, secret.urn]));
            expect(grant.dependencies).toEqual(expect.arrayContaining([database.urn, userCr.urn]));
        }
    });

    it("exposes each app's reference to its Secret, the primary and the members, and the write and read Services", () => {
        expect(exposed.writeService).toBe("mariadb-primary");
        expect(exposed.readService).toBe("mariadb-secondary");
        expect(exposed.port).toBe(3306);
        const pods = { name: "mariadb", labels: mariadbPodLabels("mariadb") };
        expect(exposed.databases).toEqual({
            wordpress: {
                secretName: "mariadb-wordpress-credentials",
                host: "mariadb-primary",
                port: 3306,
                database: "wordpress",
                user: "wordpress",
                pods,
            },
            matomo: {
                secretName: "mariadb-matomo-credentials",
                host: "mariadb-primary",
                port: 3306,
                database: "matomo",
                user: "analytics",
                pods,
            },
        });
    });

    it("schedules backups into their own claim after the MariaDB", () => {
        const backup = findResource(resources, CR("Backup"), "mariadb-backup");
        expect(spec(backup)).toMatchObject({
            mariaDbRef: { name: "mariadb" },
            schedule: { cron: "0 */6 * * *" },
            maxRetention: "168h",
            storage: {
                persistentVolumeClaim: { storageClassName: "nfs-client", resources: { requests: { storage: "50Gi" } } },
            },
        });
        expect(backup.dependencies).toContain(findResource(resources, CR("MariaDB"), "mariadb-mariadb").urn);
    });

    it("protects and retains the MariaDB, its Backup and the Secrets, protects the passwords, and nothing else", () => {
        const kept = resources
            .filter((r) => r.options.retainOnDelete)
            .map((r) => r.name)
            .sort();
        expect(kept).toEqual([
            "mariadb-backup",
            "mariadb-credentials",
            "mariadb-mariadb",
            "mariadb-matomo-credentials",
            "mariadb-wordpress-credentials",
        ]);
        const protectedOnly = resources.filter((r) => r.options.protect && !r.options.retainOnDelete);
        expect(protectedOnly.map((r) => r.type)).toEqual(Array(4).fill(PASSWORD));
        for (const kind of ["Database", "User", "Grant"]) {
            expect(ofType(resources, CR(kind)).every((r) => !r.options.protect)).toBe(true);
        }
    });
});

describe("MariaDbCluster standalone and unprotected", () => {
    let resources: readonly CapturedResource[];
    let exposed: Exposed;

    beforeAll(async () => {
        ({ resources, exposed } = await run({
            members: 1,
            protect: false,
            backups: undefined,
            registryMirror: undefined,
            databases: [{ name: "app", user: "app" }],
            restoreFrom: { backup: "old-backup" },
        }));
    });

    it("runs one member without replication or its password, writing and reading through `<name>`", () => {
        const mariadb = spec(findResource(resources, CR("MariaDB"), "mariadb-mariadb"));
        expect(mariadb).toMatchObject({
            replicas: 1,
            replication: { enabled: false },
            image: "docker.io/library/mariadb:11.8.8",
        });
        expect(mariadb.podDisruptionBudget).toBeUndefined();
        expect(
            ofType(resources, PASSWORD)
                .map((p) => p.name)
                .sort(),
        ).toEqual(["mariadb-app-password", "mariadb-root-password"]);
        expect(exposed.writeService).toBe("mariadb");
        expect(exposed.readService).toBe("mariadb");
        expect(exposed.databases.app.host).toBe("mariadb");
    });

    it("bootstraps from the backup it names, and declares no Backup", () => {
        const mariadb = spec(findResource(resources, CR("MariaDB"), "mariadb-mariadb"));
        expect(mariadb.bootstrapFrom).toMatchObject({ backupRef: { name: "old-backup" } });
        expect(ofType(resources, CR("Backup"))).toEqual([]);
    });

    it("protects and retains nothing", () => {
        expect(resources.some((r) => r.options.protect || r.options.retainOnDelete)).toBe(false);
    });
});

/** Registrations under mocks that give every RandomPassword the same result, which the capture leaves unknown. */
async function withFixedPasswords(result: string): Promise<{ type: string; name: string; inputs: unknown }[]> {
    const { MariaDbCluster } = await import("../../../components/data/mariadb");
    const seen: { type: string; name: string; inputs: unknown }[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                seen.push({ type: args.type, name: args.name, inputs: args.inputs });
                const state = args.type === PASSWORD ? { ...args.inputs, result } : args.inputs;
                return { id: `${args.name}-id`, state };
            },
            call: (args) => args.inputs,
        },
        "platform",
        "test",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        new MariaDbCluster("mariadb", ARGS);
        return {};
    });
    await pulumi.runtime.disconnect();
    return seen;
}

describe("MariaDbCluster passwords, with a known RandomPassword result", () => {
    const FIXED = "fixed-Password-0123456789-abcdefg";
    /** The engine's marker of a secret value in a serialized input. */
    const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    let seen: Awaited<ReturnType<typeof withFixedPasswords>>;

    beforeAll(async () => {
        seen = await withFixedPasswords(FIXED);
    });

    it("writes the password only into the Secrets' stringData, marked secret", () => {
        const holding = seen.filter((r) => JSON.stringify(r.inputs).includes(FIXED));
        expect(holding.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            `${SECRET} mariadb-credentials`,
            `${SECRET} mariadb-matomo-credentials`,
            `${SECRET} mariadb-wordpress-credentials`,
        ]);
        for (const r of holding) {
            const { stringData, ...rest } = r.inputs as Record<string, unknown>;
            expect(JSON.stringify(rest)).not.toContain(FIXED);
            expect(stringData).toMatchObject({ "4dabf18193072939515e22adb298388d": SECRET_SIG });
        }
    });

    it("puts the password under the keys the custom resources name", () => {
        const secret = (name: string) =>
            (seen.find((r) => r.name === name)!.inputs as { stringData: { value: Record<string, string> } }).stringData
                .value;
        expect(secret("mariadb-credentials")).toEqual({ "root-password": FIXED, "replication-password": FIXED });
        expect(secret("mariadb-wordpress-credentials")).toEqual({
            username: "wordpress",
            password: FIXED,
            host: "mariadb-primary",
            port: "3306",
            database: "wordpress",
        });
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("MariaDbCluster args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    const backups = ARGS.backups!;
    it.each([
        [{ members: 0 }, /args\.members must be a whole number of at least 1, not 0$/],
        [{ members: 2.5 }, /args\.members must be a whole number of at least 1, not 2\.5$/],
        [{ namespace: "Web" }, /args\.namespace "Web" is not a namespace name$/],
        [{ storage: { storageClass: " ", size: "10Gi" } }, /args\.storage\.storageClass is empty$/],
        [{ storage: { storageClass: "longhorn", size: "0" } }, /args\.storage\.size "0" is not a positive quantity$/],
        [
            { databases: [{ name: "word_press", user: "wp" }] },
            /args\.databases\[0\]\.name "word_press" must start with a lowercase letter/,
        ],
        [{ databases: [{ name: "wp", user: "wp-user" }] }, /args\.databases\[0\]\.user "wp-user" must start/],
        [{ databases: [{ name: "a".repeat(33), user: "wp" }] }, /args\.databases\[0\]\.name "a{33}" must start/],
        [{ databases: [{ name: "mysql", user: "wp" }] }, /args\.databases\[0\]\.name "mysql" is reserved/],
        [{ databases: [{ name: "wp", user: "root" }] }, /args\.databases\[0\]\.user "root" is reserved/],
        [
            {
                databases: [
                    { name: "wp", user: "a" },
                    { name: "wp", user: "b" },
                ],
            },
            /args\.databases names name "wp" twice; each app has its own$/,
        ],
        [
            {
                databases: [
                    { name: "a", user: "wp" },
                    { name: "b", user: "wp" },
                ],
            },
            /args\.databases names user "wp" twice; each app has its own$/,
        ],
        [
            { backups: { ...backups, schedule: "0 */6 * *" } },
            /args\.backups\.schedule "0 \*\/6 \* \*" is not a cron schedule of five fields/,
        ],
        [
            { backups: { ...backups, maxRetention: "0h" } },
            /args\.backups\.maxRetention "0h" is not a positive duration such as 168h$/,
        ],
        [{ backups: { ...backups, storageClass: "" } }, /args\.backups\.storageClass is empty$/],
        [
            { resources: { ...ARGS.resources, requests: { cpu: "2", memory: "512Mi" } } },
            /args\.resources\.requests\.cpu 2 exceeds its limit 1$/,
        ],
        [{ restoreFrom: { backup: "b", targetRecoveryTime: "now" } }, /args\.restoreFrom\.targetRecoveryTime "now"/],
        [
            { members: 1, maxscale: { replicas: 3, resources: ARGS.resources } },
            /args\.maxscale needs replicated members/,
        ],
        [{ maxscale: { replicas: 0, resources: ARGS.resources } }, /args\.maxscale\.replicas must be a whole number/],
    ] as [Partial<MariaDbClusterArgs>, RegExp][])("refuses %j, naming the component", async (change, message) => {
        const { MariaDbCluster } = await import("../../../components/data/mariadb");
        expect(() => new MariaDbCluster("mariadb", { ...ARGS, ...change })).toThrow(/^MariaDbCluster mariadb: /);
        expect(() => new MariaDbCluster("mariadb", { ...ARGS, ...change })).toThrow(message);
    });

    it("refuses a name too long for the Backup's CronJob", async () => {
        const { MariaDbCluster } = await import("../../../components/data/mariadb");
        expect(() => new MariaDbCluster("m".repeat(46), ARGS)).toThrow(
            /the name must be a DNS label of at most 45 characters/,
        );
    });
});
