import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import {
    backupManifest,
    backupName,
    backupSourceProblem,
    bootstrapFromBackup,
    jobPodLabels,
    restoreSpec,
    retentionProblem,
} from "../../../components/data/mariadb-backups";
import { MARIADB_HELPER_RESOURCES, mariadbPodLabels } from "../../../components/data/mariadb-manifests";

const SETTINGS = { name: "mariadb", namespace: "web", helperResources: MARIADB_HELPER_RESOURCES };
const BACKUPS = { schedule: "0 */6 * * *", maxRetention: "168h", storageClass: "nfs-client", size: "50Gi" };

describe("scheduled Backup", () => {
    const backup = backupManifest(SETTINGS, BACKUPS);

    it("dumps the MariaDB on the schedule into a claim of the backups class, keeping maxRetention", () => {
        expect(backup.metadata).toMatchObject({ name: "mariadb-backup", namespace: "web" });
        expect(backupName("mariadb")).toBe("mariadb-backup");
        expect(backup.spec).toMatchObject({
            mariaDbRef: { name: "mariadb", waitForIt: true },
            schedule: { cron: "0 */6 * * *", suspend: false },
            timeZone: "UTC",
            maxRetention: "168h",
            storage: {
                persistentVolumeClaim: {
                    storageClassName: "nfs-client",
                    accessModes: ["ReadWriteOnce"],
                    resources: { requests: { storage: "50Gi" } },
                },
            },
        });
    });

    it("sets what the operator would default, and leaves users and grants to each instance", () => {
        expect(backup.spec).toMatchObject({ compression: "gzip", backoffLimit: 5, ignoreGlobalPriv: true });
    });

    it("runs its Job restricted, with the helpers' resources and labels the MariaDB's anti-affinity ignores", () => {
        expect(backup.spec).toMatchObject({
            resources: MARIADB_HELPER_RESOURCES,
            podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            podMetadata: {
                labels: { "app.kubernetes.io/name": "mariadb-backup", "app.kubernetes.io/instance": "mariadb-backup" },
            },
        });
        const member = mariadbPodLabels("mariadb")["app.kubernetes.io/instance"];
        expect(jobPodLabels("mariadb", "backup")["app.kubernetes.io/instance"]).not.toBe(member);
        expect(jobPodLabels("mariadb", "restore")["app.kubernetes.io/instance"]).not.toBe(member);
    });
});

describe("restoring", () => {
    it("restores the newest backup into a running MariaDB when no time is given", () => {
        const restore = restoreSpec({
            name: "restore-1",
            namespace: "web",
            mariadb: "mariadb",
            backup: "mariadb-backup",
        });
        expect(restore).toEqual({
            apiVersion: "k8s.mariadb.com/v1alpha1",
            kind: "Restore",
            metadata: { name: "restore-1", namespace: "web", labels: expect.any(Object) },
            spec: {
                mariaDbRef: { name: "mariadb", waitForIt: true },
                backupRef: { name: "mariadb-backup" },
                resources: withEphemeralStorage(MARIADB_HELPER_RESOURCES),
                podSecurityContext: expect.objectContaining({ runAsUser: 999 }),
                securityContext: expect.objectContaining({ readOnlyRootFilesystem: true }),
                podMetadata: { labels: jobPodLabels("mariadb", "restore") },
            },
        });
        expect(restore.spec.targetRecoveryTime).toBeUndefined();
    });

    it("restores the newest backup before a time, with the resources asked for", () => {
        const resources = { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } };
        const restore = restoreSpec({
            name: "restore-2",
            namespace: "web",
            mariadb: "drill",
            backup: "mariadb-backup",
            targetRecoveryTime: "2026-11-01T02:00:00Z",
            resources,
        });
        expect(restore.spec).toMatchObject({
            targetRecoveryTime: "2026-11-01T02:00:00Z",
            resources: withEphemeralStorage(resources),
        });
    });

    it("bootstraps a new instance from a backup, its Job sized and labelled", () => {
        expect(bootstrapFromBackup("drill", { backup: "mariadb-backup" })).toEqual({
            backupRef: { name: "mariadb-backup" },
            restoreJob: {
                resources: withEphemeralStorage(MARIADB_HELPER_RESOURCES),
                metadata: { labels: jobPodLabels("drill", "restore") },
            },
        });
        expect(
            bootstrapFromBackup("drill", { backup: "b", targetRecoveryTime: "2026-11-01T02:00:00+01:00" }),
        ).toMatchObject({
            targetRecoveryTime: "2026-11-01T02:00:00+01:00",
        });
    });
});

describe("backup settings", () => {
    it.each(["168h", "720h", "90m", "1h30m", "1.5h", "3600s"])("accepts the retention %j", (retention) => {
        expect(retentionProblem(retention)).toBeUndefined();
    });

    it.each(["0h", "0", "", "-1h", "168", "7d", "1h 30m", "h"])("refuses the retention %j", (retention) => {
        expect(retentionProblem(retention)).toBe(
            `${JSON.stringify(retention)} is not a positive duration such as 168h`,
        );
    });

    it("refuses a backup source that is not a Backup's name or an RFC 3339 time", () => {
        expect(
            backupSourceProblem({ backup: "mariadb-backup", targetRecoveryTime: "2026-11-01T02:00:00Z" }),
        ).toBeUndefined();
        expect(backupSourceProblem({ backup: "Mariadb_Backup" })).toMatch(
            /^args\.restoreFrom\.backup "Mariadb_Backup"/,
        );
        expect(backupSourceProblem({ backup: "b", targetRecoveryTime: "yesterday" })).toMatch(
            /^args\.restoreFrom\.targetRecoveryTime "yesterday" is not an RFC 3339 time$/,
        );
    });
});
