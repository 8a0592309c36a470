// The restore drill's script against a real MariaDB server (Debian's mariadb-server; .ci/run installs it): a
// source server holds a database, mariadb-dump writes a backup with the operator's options, and the drill
// restores it into a throwaway server. Without the server binaries the suite is skipped, and says so.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRILL_SCRIPT } from "../../../components/data/mariadb-drill";

const has = (tool: string) => spawnSync("bash", ["-c", `command -v ${tool}`]).status === 0;
const available = ["mariadbd", "mariadb-install-db", "mariadb-dump"].every(has);
const root = process.getuid?.() === 0;
/** mariadbd refuses to run as root: as root, everything runs as the package's mysql user. */
const mysqlUid = root && available ? Number(execFileSync("id", ["-u", "mysql"]).toString().trim()) : undefined;

function asServerUser(command: string, env: Record<string, string> = {}) {
    const argv =
        mysqlUid === undefined ? ["bash", "-c", command] : ["runuser", "-u", "mysql", "--", "bash", "-c", command];
    return spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
}

function directory(parent: string, name: string): string {
    const dir = join(parent, name);
    mkdirSync(dir, { recursive: true });
    if (mysqlUid !== undefined) {
        chownSync(dir, mysqlUid, mysqlUid);
    }
    return dir;
}

function stamp(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

if (!available) {
    console.warn("restore drill script: mariadbd not found (apt-get install mariadb-server); suite skipped");
}

(available ? describe : describe.skip)("the restore drill script on a real server", () => {
    let work: string;
    let dump: string;

    beforeAll(() => {
        work = mkdtempSync(join(tmpdir(), "drill-"));
        if (mysqlUid !== undefined) {
            chownSync(work, mysqlUid, mysqlUid);
        }
        const source = directory(work, "source");
        const sock = join(directory(work, "source-run"), "s.sock");
        dump = join(work, "dump.sql.gz");
        const sql =
            "CREATE DATABASE wordpress CHARACTER SET utf8mb4; " +
            "CREATE TABLE wordpress.wp_posts (id INT PRIMARY KEY, title TEXT) DEFAULT CHARSET=utf8mb4; " +
            "INSERT INTO wordpress.wp_posts VALUES (1, 'hello');";
        const setup = asServerUser(
            [
                "set -euo pipefail",
                `mariadb-install-db --datadir=${source} --skip-test-db > /dev/null 2>&1`,
                `mariadbd --datadir=${source} --socket=${sock} --skip-networking --skip-grant-tables > /dev/null 2>&1 &`,
                `for _ in $(seq 1 60); do mariadb-admin --socket=${sock} ping > /dev/null 2>&1 && break; sleep 1; done`,
                `mariadb --socket=${sock} -e "${sql}"`,
                // The operator's options for a Backup with ignoreGlobalPriv (pkg/command/backup.go at 26.6.0).
                `mariadb-dump --socket=${sock} --single-transaction --events --routines --all-databases --ignore-table=mysql.global_priv | gzip > ${dump}`,
                `mariadb-admin --socket=${sock} shutdown`,
            ].join("\n"),
        );
        expect(setup.stderr).toBe("");
        expect(setup.status).toBe(0);
    }, 120_000);

    afterAll(() => {
        rmSync(work, { recursive: true, force: true });
    });

    /** Runs the drill over a backup claim holding `files` (name to source path or content). */
    function drill(run: string, files: Record<string, string | { copyOf: string }>, env: Record<string, string>) {
        const dir = directory(work, run);
        const backups = directory(dir, "backup");
        for (const [name, content] of Object.entries(files)) {
            if (typeof content === "string") {
                writeFileSync(join(backups, name), content);
            } else {
                copyFileSync(content.copyOf, join(backups, name));
            }
        }
        return asServerUser(DRILL_SCRIPT, {
            BACKUP_DIR: backups,
            DATA_DIR: directory(dir, "data"),
            RUN_DIR: directory(dir, "run"),
            TMPDIR: directory(dir, "tmp"),
            MAX_BACKUP_AGE: "43200",
            DATABASES: "wordpress",
            ...env,
        });
    }

    const now = () => stamp(new Date());

    it("restores the newest backup, finds every database and passes", () => {
        const older = `backup.${stamp(new Date(Date.now() - 86_400_000))}.sql.gz`;
        const newest = `backup.${now()}.sql.gz`;
        const result = drill(
            "passes",
            { [older]: "not gzip", [newest]: { copyOf: dump }, "0-backup-target.txt": "x" },
            {},
        );
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(
            new RegExp(
                `^restore drill passed: ${newest.replaceAll(".", "\\.")} \\(\\d+ s old\\) restored; wordpress \\(1 tables\\)\n$`,
            ),
        );
    }, 120_000);

    it("fails when the claim holds no backup", () => {
        const result = drill("empty", { "0-backup-target.txt": "x" }, {});
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("restore drill failed: no backup.<time>.sql.gz in the backup claim");
    }, 120_000);

    it("fails when the newest backup is older than two backup periods", () => {
        const name = `backup.${stamp(new Date(Date.now() - 50_000_000))}.sql.gz`;
        const result = drill("stale", { [name]: { copyOf: dump } }, {});
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(
            new RegExp(`the newest backup, ${name.replaceAll(".", "\\.")}, is \\d+ s old \\(at most 43200 s\\)`),
        );
    }, 120_000);

    it("fails on a truncated backup", () => {
        const name = `backup.${now()}.sql.gz`;
        const result = drill("truncated", { [name]: "\x1f\x8b\x08\x00broken" }, {});
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`restore drill failed: ${name} is not a whole gzip stream`);
    }, 120_000);

    it("fails when a database the tier declares is not in the backup", () => {
        const name = `backup.${now()}.sql.gz`;
        const result = drill("missing", { [name]: { copyOf: dump } }, { DATABASES: "wordpress shop" });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`restore drill failed: database shop is not in ${name}`);
    }, 120_000);
});
