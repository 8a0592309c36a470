import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { backupManifest, bootstrapFromBackup, restoreSpec } from "../../../components/data/mariadb-backups";
import {
    MARIADB_HELPER_RESOURCES,
    dataPlaneImage,
    exporterPodLabels,
    mariadbManifest,
    mariadbPodLabels,
    mariadbServices,
    mariaDbClusterUsage,
    resourcesProblem,
    sqlManifests,
    type MariaDbSettings,
} from "../../../components/data/mariadb-manifests";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { CHARTS } from "../../../contract/versions";
import { platformEnforceOddQuorum } from "../../../policy/rules/availability/platform-enforce-odd-quorum";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry } from "../../../policy/rules/security/kubernetes-core-v1-container-disallow-untrusted-registry";
import { kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass } from "../../../policy/rules/storage/kubernetes-core-v1-persistentvolumeclaim-enforce-storage-class";
import { platformMissingDataProtection } from "../../../policy/rules/storage/platform-missing-data-protection";
import { CrdCatalog } from "../../../tools/validate/crds";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import { validateObjects } from "../../../tools/validate/validate";
import { lines, namespace, upstreamCrds } from "../../conformance/fixtures";
import { fixture, messages } from "../../helpers/policy";

const MIRROR = "harbor.example.com/mirror";
const SETTINGS: MariaDbSettings = {
    name: "mariadb",
    namespace: "web",
    members: 3,
    storage: { storageClass: "longhorn", size: "10Gi" },
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    helperResources: MARIADB_HELPER_RESOURCES,
    protect: true,
    metrics: false,
};
const spec = (settings: Partial<MariaDbSettings> = {}) =>
    mariadbManifest({ ...SETTINGS, ...settings }, "mariadb-credentials").spec as Record<string, any>;

describe("MariaDB manifest", () => {
    it("runs a standalone server for one member: no replication, no budget, no replication config", () => {
        const one = spec({ members: 1 });
        expect(one.replicas).toBe(1);
        expect(one.replication).toEqual({ enabled: false });
        expect(one.podDisruptionBudget).toBeUndefined();
        expect(one.myCnf).toBeUndefined();
        expect(mariadbServices("mariadb", 1)).toEqual({ write: "mariadb", read: "mariadb" });
    });

    it.each([2, 3])("replicates %i members with GTID, automatic failover and a budget of one", (members) => {
        const s = spec({ members });
        expect(s.replicas).toBe(members);
        expect(s.replication).toMatchObject({
            enabled: true,
            gtidStrictMode: true,
            primary: { autoFailover: true },
            replica: {
                gtid: "CurrentPos",
                replPasswordSecretKeyRef: { name: "mariadb-credentials", key: "replication-password", generate: false },
            },
        });
        expect(s.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
        expect(s.myCnf).toBe("[mariadb]\nbinlog_format=ROW\nlog_slave_updates=ON\n");
        expect(mariadbServices("mariadb", members)).toEqual({ write: "mariadb-primary", read: "mariadb-secondary" });
    });

    it("puts every member on its own node, from the first member on (the switch is immutable)", () => {
        for (const members of [1, 2, 3]) {
            expect(spec({ members }).affinity).toEqual({ antiAffinityEnabled: true });
        }
    });

    it("claims the given class and size per member, keeping the claims when a protected MariaDB goes", () => {
        expect(spec().storage).toEqual({
            size: "10Gi",
            storageClassName: "longhorn",
            pvcRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        });
        expect(spec({ protect: false }).storage.pvcRetentionPolicy).toEqual({
            whenDeleted: "Delete",
            whenScaled: "Retain",
        });
    });

    it("sets the server's resources, the helpers' on the agent and init container, and the root password by key", () => {
        const s = spec();
        expect(s.resources).toEqual(withEphemeralStorage(SETTINGS.resources));
        expect(s.replication.agent.resources).toEqual(withEphemeralStorage(MARIADB_HELPER_RESOURCES));
        expect(s.replication.initContainer.resources).toEqual(withEphemeralStorage(MARIADB_HELPER_RESOURCES));
        expect(s.rootPasswordSecretKeyRef).toEqual({
            name: "mariadb-credentials",
            key: "root-password",
            generate: false,
        });
        expect(s.port).toBe(3306);
    });

    it("pins the server image and the data plane's operator image, through the mirror when set", () => {
        expect(spec().image).toBe("docker.io/library/mariadb:11.8.8");
        const mirrored = spec({ registryMirror: MIRROR });
        expect(mirrored.image).toBe(`${MIRROR}/docker.io/library/mariadb:11.8.8`);
        const operator = `${MIRROR}/ghcr.io/mariadb-operator/mariadb-operator:26.6.0`;
        expect([mirrored.replication.agent.image, mirrored.replication.initContainer.image]).toEqual([
            operator,
            operator,
        ]);
        // The chart runs its appVersion, which the data plane's tag follows.
        const chartYaml = path.join(
            upstreamDataDir("charts"),
            "mariadb-operator",
            CHARTS.mariadbOperator.version,
            "Chart.yaml",
        );
        expect(YAML.parse(fs.readFileSync(chartYaml, "utf8")).appVersion).toBe(CHARTS.mariadbOperator.version);
        expect(dataPlaneImage()).toBe("ghcr.io/mariadb-operator/mariadb-operator:26.6.0");
    });

    it("runs every container non-root, without escalation or capabilities, read-only with emptyDirs to write", () => {
        const s = spec({ metrics: true });
        const container = {
            runAsNonRoot: true,
            runAsUser: 999,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        };
        expect(s.podSecurityContext).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 999,
            fsGroup: 999,
            seccompProfile: { type: "RuntimeDefault" },
        });
        for (const sc of [
            s.securityContext,
            s.replication.agent.securityContext,
            s.replication.initContainer.securityContext,
        ]) {
            expect(sc).toMatchObject(container);
        }
        expect(s.metrics.exporter.securityContext).toMatchObject({ ...container, runAsUser: 65534 });
        expect(s.metrics.exporter.podSecurityContext).toMatchObject({ seccompProfile: { type: "RuntimeDefault" } });
        expect(s.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(["/tmp", "/run/mysqld"]);
    });

    it("leaves metrics off unless asked, then runs the operator's exporter and ServiceMonitor", () => {
        expect(spec().metrics).toEqual({ enabled: false });
        expect(spec({ metrics: true }).metrics).toMatchObject({
            enabled: true,
            exporter: { resources: MARIADB_HELPER_RESOURCES },
            serviceMonitor: { interval: "30s" },
        });
        expect(exporterPodLabels("mariadb")).toEqual({
            "app.kubernetes.io/name": "exporter",
            "app.kubernetes.io/instance": "mariadb-metrics",
        });
        expect(mariadbPodLabels("mariadb")).toEqual({
            "app.kubernetes.io/name": "mariadb",
            "app.kubernetes.io/instance": "mariadb",
        });
    });

    it("bootstraps from a backup only when given one", () => {
        expect(spec().bootstrapFrom).toBeUndefined();
        const from = bootstrapFromBackup("mariadb", { backup: "old-backup" });
        expect(mariadbManifest(SETTINGS, "c", from).spec.bootstrapFrom).toBe(from);
    });
});

describe("SQL resources", () => {
    const sql = sqlManifests(SETTINGS, { name: "wordpress", user: "wp" }, "mariadb-wordpress-credentials");

    it("creates the database in utf8mb4, kept when its object goes from a protected cluster", () => {
        expect(sql.database).toMatchObject({
            kind: "Database",
            metadata: { name: "mariadb-wordpress", namespace: "web" },
            spec: {
                mariaDbRef: { name: "mariadb", waitForIt: true },
                name: "wordpress",
                characterSet: "utf8mb4",
                cleanupPolicy: "Skip",
            },
        });
        expect(
            sqlManifests({ ...SETTINGS, protect: false }, { name: "a", user: "b" }, "s").database.spec.cleanupPolicy,
        ).toBe("Delete");
    });

    it("creates the user with the password from its own Secret, and grants it everything on its database only", () => {
        expect(sql.user).toMatchObject({
            kind: "User",
            metadata: { name: "mariadb-wp" },
            spec: {
                name: "wp",
                host: "%",
                passwordSecretKeyRef: { name: "mariadb-wordpress-credentials", key: "password" },
            },
        });
        expect(sql.grant.spec).toEqual({
            mariaDbRef: { name: "mariadb", waitForIt: true },
            privileges: ["ALL PRIVILEGES"],
            database: "wordpress",
            table: "*",
            username: "wp",
            host: "%",
            grantOption: false,
            cleanupPolicy: "Delete",
        });
    });
});

describe("mariadb-operator 26.6.0 CRDs", () => {
    const crds = CrdCatalog.of(
        ["mariadbs", "databases", "users", "grants", "backups", "restores"].flatMap((kind) =>
            upstreamCrds(`mariadb-operator/v26.6.0/k8s.mariadb.com_${kind}.yaml`),
        ),
    );
    const backups = { schedule: "0 */6 * * *", maxRetention: "168h", storageClass: "nfs-client", size: "50Gi" };

    it("accept every object the components declare, in each shape, and the restore documents", () => {
        const sql = sqlManifests(SETTINGS, { name: "wordpress", user: "wordpress" }, "s");
        const objects = [
            namespace("web"),
            mariadbManifest({ ...SETTINGS, members: 1 }, "c"),
            mariadbManifest({ ...SETTINGS, name: "mariadb-ha", metrics: true, registryMirror: MIRROR }, "c"),
            mariadbManifest(
                { ...SETTINGS, name: "copy" },
                "c",
                bootstrapFromBackup("copy", { backup: "mariadb-backup", targetRecoveryTime: "2026-11-01T02:00:00Z" }),
            ),
            sql.database,
            sql.user,
            sql.grant,
            backupManifest(SETTINGS, backups),
            restoreSpec({ name: "mariadb-restore-1", namespace: "web", mariadb: "mariadb", backup: "mariadb-backup" }),
        ];
        const report = validateObjects(objects, crds);
        expect(lines(report)).toEqual([]);
        expect(report.objects).toMatchObject({ custom: 8, notChecked: 0 });
    });

    it("catch a misspelt field", () => {
        const wrong = mariadbManifest(SETTINGS, "c");
        const misspelt = { ...wrong, spec: { ...wrong.spec, affinity: { antiAffinityEnable: true } } };
        expect(lines(validateObjects([namespace("web"), misspelt], crds))).toEqual([
            "k8s.mariadb.com/v1alpha1 MariaDB web/mariadb: spec.affinity.antiAffinityEnable: unknown field",
        ]);
    });
});

describe("MariaDB under the policy pack", () => {
    const cr = (members: number, protect: boolean) =>
        fixture(
            K8sType.mariaDb,
            `mariadb-${members}`,
            mariadbManifest({ ...SETTINGS, members, registryMirror: MIRROR }, "c"),
            { protect },
        );

    it("passes the odd-quorum rule with three members and fails it with two", async () => {
        expect(await messages(platformEnforceOddQuorum, [cr(3, true)])).toEqual([]);
        expect(await messages(platformEnforceOddQuorum, [cr(2, true)])).toEqual([
            expect.stringContaining('MariaDB "web/mariadb" has 2 members (spec.replicas)'),
        ]);
    });

    it("names its storage class, pulls only from the mirror, and is protected when asked", async () => {
        const storage = kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass;
        expect(await messages(storage, [cr(3, true)], { allowedClasses: ["longhorn"] })).toEqual([]);
        expect(await messages(storage, [cr(3, true)], { allowedClasses: ["local-path"] })).toHaveLength(1);
        const registry = kubernetesCoreV1ContainerDisallowUntrustedRegistry;
        expect(await messages(registry, [cr(3, true)], { allowedRegistries: [MIRROR] })).toEqual([]);
        const upstream = fixture(K8sType.mariaDb, "upstream", mariadbManifest(SETTINGS, "c"));
        // The server image and the agent's and init container's.
        expect(await messages(registry, [upstream], { allowedRegistries: [MIRROR] })).toHaveLength(3);
        expect(await messages(platformMissingDataProtection, [cr(3, true)])).toEqual([]);
        expect(await messages(platformMissingDataProtection, [cr(3, false)])).toHaveLength(1);
    });
});

describe("what a cluster adds to its namespace", () => {
    it("counts members with their agents, the exporter with a surge pod, a backup Job, Services and claims", () => {
        const usage = mariaDbClusterUsage({ ...SETTINGS, metrics: true }, "50Gi");
        expect(usage.pods.map((p) => [p.containers.length, p.copies])).toEqual([
            [2, 3],
            [1, 2],
            [1, 1],
        ]);
        expect(usage).toMatchObject({ services: 5, persistentVolumeClaims: 4, requestsStorage: "80Gi" });
        expect(mariaDbClusterUsage({ ...SETTINGS, members: 1 })).toMatchObject({
            pods: [{ containers: [SETTINGS.resources], copies: 1 }],
            services: 2,
            persistentVolumeClaims: 1,
            requestsStorage: "10Gi",
        });
    });

    it("refuses a request above its limit or a quantity that is none", () => {
        expect(resourcesProblem("args.resources", SETTINGS.resources)).toBeUndefined();
        const over = { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } };
        expect(resourcesProblem("args.resources", over)).toBe("args.resources.requests.cpu 2 exceeds its limit 1");
        const none = { requests: { cpu: "1", memory: "lots" }, limits: { cpu: "1", memory: "1Gi" } };
        expect(resourcesProblem("args.resources", none)).toMatch(/^args\.resources memory must be positive quantities/);
    });

    it("reads the policy fields it sets where the pack reads them", () => {
        const m = mariadbManifest(SETTINGS, "c");
        expect(valueAt(m, "spec.storage.storageClassName")).toBe("longhorn");
        expect(valueAt(m, "spec.replicas")).toBe(3);
    });
});
