import type { MariaDbClusterArgs } from "../../../components/data/mariadb";
import { drillCronJob, drillName, maxBackupAgeSeconds, DRILL_SCRIPT } from "../../../components/data/mariadb-drill";
import { NETWORK_ISOLATED_LABEL } from "../../../contract/labels";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const RESOURCES = { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const SETTINGS = {
    name: "mariadb",
    namespace: "web",
    databases: ["wordpress", "matomo"],
    resources: RESOURCES,
    storage: { size: "10Gi" },
    registryMirror: "harbor.example.com/mirror",
};
const BACKUPS = { schedule: "0 */6 * * *", maxRetention: "168h", storageClass: "nfs-client", size: "50Gi" };
const DRILL = { schedule: "30 4 * * *" };

describe("the restore drill's CronJob", () => {
    const cronJob = drillCronJob(SETTINGS, BACKUPS, DRILL) as Record<string, any>;
    const job = cronJob.spec.jobTemplate.spec;
    const pod = job.template.spec;
    const [container] = pod.containers;

    it("runs on its own schedule in UTC, one at a time, once, within an hour", () => {
        expect(cronJob.metadata).toMatchObject({ name: "mariadb-drill", namespace: "web" });
        expect(cronJob.spec).toMatchObject({ schedule: "30 4 * * *", timeZone: "UTC", concurrencyPolicy: "Forbid" });
        expect(job).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 3600 });
        expect(pod.restartPolicy).toBe("Never");
    });

    it("runs the members' image through the mirror with their resources, the drill script and its inputs", () => {
        expect(container.image).toBe("harbor.example.com/mirror/docker.io/library/mariadb:11.8.8");
        // The restored copy is an emptyDir of the claim's size (10Gi here): requested, plus 1Gi of headroom.
        expect(container.resources).toEqual({
            requests: { ...RESOURCES.requests, "ephemeral-storage": "10Gi" },
            limits: { ...RESOURCES.limits, "ephemeral-storage": "11Gi" },
        });
        expect(container.command).toEqual(["bash", "-c", DRILL_SCRIPT]);
        expect(container.env).toEqual([
            { name: "DATABASES", value: "wordpress matomo" },
            { name: "MAX_BACKUP_AGE", value: String(12 * 3600) },
        ]);
    });

    it("reads the Backup's claim read-only and restores into an emptyDir as large as a member's volume", () => {
        expect(pod.volumes).toContainEqual({
            name: "backup",
            persistentVolumeClaim: { claimName: "mariadb-backup", readOnly: true },
        });
        expect(pod.volumes).toContainEqual({ name: "data", emptyDir: { sizeLimit: "10Gi" } });
        expect(container.volumeMounts).toContainEqual({ name: "backup", mountPath: "/backup", readOnly: true });
        expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual([
            "/backup",
            "/run/mysqld",
            "/tmp",
            "/var/lib/mysql",
        ]);
    });

    it("is restricted, has no API token and no network", () => {
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(container.securityContext).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        });
        expect(job.template.metadata.labels).toMatchObject({
            "app.kubernetes.io/name": "mariadb-drill",
            [NETWORK_ISOLATED_LABEL]: "true",
        });
    });

    it.each([
        ["0 */6 * * *", 12 * 3600],
        ["0 3 * * *", 48 * 3600],
        ["0 3 * * 1-5", 144 * 3600],
    ])("accepts a newest backup two periods of %j old (%d s)", (schedule, seconds) => {
        expect(maxBackupAgeSeconds({ schedule })).toBe(seconds);
    });

    it("is named after the MariaDB, within a CronJob name's 52 characters for every name the cluster accepts", () => {
        expect(drillName("m".repeat(45)).length).toBeLessThanOrEqual(52);
    });
});

describe("MariaDbCluster with a restore drill", () => {
    const ARGS: MariaDbClusterArgs = {
        namespace: "web",
        members: 3,
        storage: { storageClass: "longhorn", size: "10Gi" },
        resources: RESOURCES,
        databases: [{ name: "wordpress", user: "wordpress" }],
        backups: { ...BACKUPS, drill: DRILL },
        protect: true,
    };

    it("declares the CronJob after the Backup, unprotected, and exposes where its results are", async () => {
        const { MariaDbCluster } = await import("../../../components/data/mariadb");
        let drill: unknown;
        const { resources } = await capture(() => {
            drill = new MariaDbCluster("mariadb", ARGS).drill;
        });
        const cronJob = findResource(resources, "kubernetes:batch/v1:CronJob", "mariadb-drill");
        expect(cronJob.dependencies).toContain(
            findResource(resources, "kubernetes:k8s.mariadb.com/v1alpha1:Backup", "mariadb-backup").urn,
        );
        expect(cronJob.options.protect).toBeFalsy();
        expect(drill).toEqual({ namespace: "web", cronJob: "mariadb-drill", periodSeconds: 24 * 3600 });
    });

    it("declares no drill without one", async () => {
        const { MariaDbCluster } = await import("../../../components/data/mariadb");
        let drill: unknown = "unset";
        const { resources } = await capture(() => {
            drill = new MariaDbCluster("mariadb", { ...ARGS, backups: BACKUPS }).drill;
        });
        expect(ofType(resources, "kubernetes:batch/v1:CronJob")).toEqual([]);
        expect(drill).toBeUndefined();
    });

    it("refuses a drill schedule that is not cron, naming the arg", async () => {
        await setBareMocks();
        const { MariaDbCluster } = await import("../../../components/data/mariadb");
        const args = { ...ARGS, backups: { ...BACKUPS, drill: { schedule: "daily" } } };
        expect(() => new MariaDbCluster("mariadb", args)).toThrow(
            /^MariaDbCluster mariadb: args\.backups\.drill\.schedule "daily" is not a cron schedule of five fields/,
        );
    });
});
