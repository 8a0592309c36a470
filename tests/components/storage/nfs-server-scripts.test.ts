import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    DEFAULT_EXPORT_OPTIONS,
    exportLine,
    iscsiCheckScript,
    nfsClientScript,
    prepareExportScript,
    shQuote,
    unexportScript,
    viaSh,
} from "../../../components/storage/nfs-server-scripts";

const EXP = { share: "/srv/nfs-volume", clients: "192.168.56.0/24", options: DEFAULT_EXPORT_OPTIONS };
const LINE = "/srv/nfs-volume 192.168.56.0/24(rw,sync,no_subtree_check,no_root_squash)";
const SEED_LINE = "/srv/nfs-volume *(rw,sync,no_root_squash,no_subtree_check)";

function sh(args: readonly string[], input?: string) {
    return spawnSync("/bin/sh", args, { encoding: "utf8", input });
}

interface HostOptions {
    readonly packageManager: "apt" | "dnf" | "none";
    /** Whether dpkg-query / rpm report the package installed. */
    readonly installed?: boolean;
    /** Whether `sudo -n` works (passwordless sudo). @default true */
    readonly sudo?: boolean;
    readonly iscsiadm?: boolean;
    /** systemd units `systemctl is-active` reports active. */
    readonly active?: readonly string[];
    readonly iscsiTcp?: boolean;
}

/**
 * A fake host for running the scripts for real, as a non-root user: a PATH of stubs (sudo, id, the package tools,
 * systemctl, exportfs, mkdir) that log their arguments, plus the few real tools the scripts use; `/etc/exports`
 * and `/sys/module` are redirected into a temporary directory. Nothing runs as root and nothing leaves it.
 */
class FakeHost {
    static readonly roots: string[] = [];
    readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "nfs-host-"));
    private readonly bin = path.join(this.root, "bin");
    readonly exportsFile = path.join(this.root, "etc", "exports");

    constructor(private readonly options: HostOptions) {
        FakeHost.roots.push(this.root);
        fs.mkdirSync(this.bin);
        fs.mkdirSync(path.join(this.root, "etc", "exports.d"), { recursive: true });
        for (const tool of ["sh", "true", "awk", "grep", "cat", "tail", "mktemp", "rm", "cp", "tee", "env"]) {
            const real = ["/usr/bin", "/bin"].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
            fs.symlinkSync(real!, path.join(this.bin, tool));
        }
        const stub = (name: string, body = "") =>
            fs.writeFileSync(path.join(this.bin, name), `#!/bin/sh\necho "${name} $*" >>"$LOG"\n${body}`, {
                mode: 0o755,
            });
        stub("sudo", '[ "$1" = -n ] || exit 2\nshift\n[ "$SUDO_OK" = 1 ] || exit 1\nexec "$@"\n');
        stub("id", 'case "$1" in -u) echo 1000 ;; -un) echo ops ;; esac\n');
        stub(
            "systemctl",
            '[ "$1" = is-active ] || exit 0\nfor u in $ACTIVE; do [ "$u" = "$3" ] && exit 0; done\nexit 3\n',
        );
        stub("exportfs");
        stub("mkdir");
        stub("mount.nfs");
        if (options.packageManager !== "none") {
            stub(options.packageManager === "apt" ? "apt-get" : "dnf");
            stub(options.packageManager === "apt" ? "dpkg-query" : "rpm", '[ "$INSTALLED" = 1 ] || exit 1\n');
            fs.appendFileSync(path.join(this.bin, "dpkg-query"), "echo 'install ok installed'\n");
        }
        if (options.iscsiadm) {
            stub("iscsiadm");
        }
        if (options.iscsiTcp) {
            fs.mkdirSync(path.join(this.root, "sys", "module", "iscsi_tcp"), { recursive: true });
        }
    }

    /** Runs the script the way the remote command does (`sh -c '<script>'`); `installed` overrides the option. */
    run(script: string, installed = this.options.installed) {
        const text = script
            .replaceAll("/etc/exports", this.exportsFile)
            .replaceAll("/sys/module/", path.join(this.root, "sys", "module") + "/");
        fs.writeFileSync(this.logFile, "");
        return spawnSync("/bin/sh", ["-c", viaSh(text)], {
            encoding: "utf8",
            env: {
                PATH: this.bin,
                LOG: this.logFile,
                TMPDIR: this.root,
                INSTALLED: installed ? "1" : "0",
                SUDO_OK: this.options.sudo === false ? "0" : "1",
                ACTIVE: (this.options.active ?? []).join(" "),
            },
        });
    }

    /** The commands the last run called, one per line. */
    calls(): string[] {
        return fs.readFileSync(this.logFile, "utf8").split("\n").filter(Boolean);
    }

    get exports(): string {
        return fs.readFileSync(this.exportsFile, "utf8");
    }

    private get logFile(): string {
        return path.join(this.root, "calls.log");
    }
}

afterAll(() => {
    for (const root of FakeHost.roots) {
        fs.rmSync(root, { recursive: true, force: true });
    }
});

describe("exportLine", () => {
    it("joins share, clients and options into one exports(5) line", () => {
        expect(exportLine(EXP.share, EXP.clients, EXP.options)).toBe(LINE);
        expect(exportLine("/data/k8s", "fd00:56::/64", ["rw", "sync", "anonuid=1000", "sec=sys:krb5p"])).toBe(
            "/data/k8s fd00:56::/64(rw,sync,anonuid=1000,sec=sys:krb5p)",
        );
        expect(exportLine("/srv/x", "nodes.example.com", ["ro"])).toBe("/srv/x nodes.example.com(ro)");
    });

    it.each([
        [
            "srv/nfs",
            EXP.clients,
            EXP.options,
            'share must be an absolute path of letters, digits and . _ - / (got "srv/nfs")',
        ],
        ["/srv/a b'c", EXP.clients, EXP.options, "share must be an absolute path"],
        ["/srv/$(reboot)", EXP.clients, EXP.options, "share must be an absolute path"],
        ["/srv/nfs/", EXP.clients, EXP.options, "share must be a normalized directory"],
        ["/srv/../etc", EXP.clients, EXP.options, "share must be a normalized directory"],
        ["/", EXP.clients, EXP.options, "share must be a normalized directory"],
        [
            EXP.share,
            "*",
            EXP.options,
            "clients must be the cluster's node subnet (e.g. 192.168.56.0/24), not every host",
        ],
        [EXP.share, "0.0.0.0/0", EXP.options, "clients must be the cluster's node subnet"],
        [EXP.share, "192.168.56.0/33", EXP.options, "clients must be an IP address, a CIDR subnet or a host name"],
        [EXP.share, "10.0.0.0/8(rw)", EXP.options, "clients must be an IP address"],
        [EXP.share, "10.0.0.0/8 10.1.0.0/16", EXP.options, "clients must be an IP address"],
        [EXP.share, EXP.clients, [], "options must name at least one export option"],
        [EXP.share, EXP.clients, ["rw,sync"], 'options has unknown export option "rw,sync"'],
        [EXP.share, EXP.clients, ["rw", "no root squash"], 'options has unknown export option "no root squash"'],
        [EXP.share, EXP.clients, ["rw", "anonuid=me"], 'options has a bad value in "anonuid=me"'],
        [EXP.share, EXP.clients, ["rw", "constructor=x"], 'options has unknown export option "constructor=x"'],
        [EXP.share, EXP.clients, ["rw", "ro"], 'options has "rw" and "ro"; name one of them'],
        [EXP.share, EXP.clients, ["sync", "sync"], 'options has "sync" and "sync"'],
    ])("rejects share %j, clients %j, options %j", (share, clients, options, message) => {
        expect(() => exportLine(share, clients, options)).toThrow(`NFS export: ${message}`);
    });
});

describe("shQuote", () => {
    it.each(["/srv/a b'c", "$(touch /tmp/pwned)", "`id`", "a'\"'b", "line\nbreak", "", "\\n$HOME"])(
        "passes %j through sh unchanged",
        (value) => {
            const run = sh(["-c", `printf '%s' ${shQuote(value)}`]);
            expect(run.status).toBe(0);
            expect(run.stdout).toBe(value);
        },
    );

    it("keeps a quoted script intact through viaSh", () => {
        expect(sh(["-c", viaSh("printf '%s|' \"$0\" 'it'\\''s'")]).stdout).toBe("sh|it's|");
    });
});

describe("generated scripts", () => {
    const scripts = {
        prepareExport: prepareExportScript(EXP),
        unexport: unexportScript(EXP),
        nfsClient: nfsClientScript(),
        iscsiCheck: iscsiCheckScript(),
    };

    it.each(Object.entries(scripts))("%s is valid POSIX sh, raw and wrapped (sh -n)", (_, script) => {
        expect(script.startsWith("set -eu\n")).toBe(true);
        for (const text of [script, viaSh(script)]) {
            const check = sh(["-n"], text);
            expect(check.stderr).toBe("");
            expect(check.status).toBe(0);
        }
    });

    it("appends the line only under a grep -qxF guard, and quotes interpolated values", () => {
        const script = scripts.prepareExport;
        expect(script).toContain(`line='${LINE}'`);
        expect(script).toContain("share='/srv/nfs-volume'");
        const guard = script.indexOf('if [ -f /etc/exports ] && grep -qxF -- "$line" /etc/exports; then');
        const append = script.indexOf("printf '%s\\n' \"$line\" | as_root tee -a /etc/exports");
        expect(guard).toBeGreaterThan(-1);
        expect(append).toBeGreaterThan(script.indexOf("else", guard));
        expect(script.match(/tee -a/g)).toHaveLength(2); // the line, and a newline when the file lacks one
    });

    it("runs everything that needs root through sudo -n", () => {
        for (const script of [scripts.prepareExport, scripts.unexport, scripts.nfsClient]) {
            expect(script).toContain('sudo -n "$@"');
            // Other mentions of sudo are in messages telling an operator what to run.
            const calls = script.split("\n").filter((l) => /\bsudo\b/.test(l) && !/^\s*(echo|printf) /.test(l));
            expect(calls.every((l) => /sudo -n /.test(l))).toBe(true);
        }
        expect(scripts.iscsiCheck).not.toContain("as_root");
    });
});

describe("prepareExportScript on a host", () => {
    it("installs the server, exports the share and re-exports; a second run changes nothing", () => {
        const host = new FakeHost({ packageManager: "apt", installed: false });
        const first = host.run(prepareExportScript(EXP));
        expect(first.stderr).toBe("");
        expect(first.status).toBe(0);
        expect(host.exports).toBe(`${LINE}\n`);
        expect(host.calls()).toEqual(
            expect.arrayContaining([
                "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 install nfs-kernel-server",
                "mkdir -p -- /srv/nfs-volume",
                "systemctl enable --now nfs-kernel-server",
                "exportfs -ra",
                "exportfs -v",
            ]),
        );
        const second = host.run(prepareExportScript(EXP), true);
        expect(second.status).toBe(0);
        expect(second.stdout).toContain(`nfs-export: ${host.exportsFile} already has: ${LINE}\n`);
        expect(host.exports).toBe(`${LINE}\n`);
        expect(host.calls().filter((c) => c.startsWith("apt-get"))).toEqual([]);
    });

    it("keeps other exports and ends the last line before appending", () => {
        const host = new FakeHost({ packageManager: "apt", installed: true });
        fs.writeFileSync(host.exportsFile, "# hand-written\n/srv/other 10.0.0.0/8(ro,sync)");
        expect(host.run(prepareExportScript(EXP)).status).toBe(0);
        expect(host.exports).toBe(`# hand-written\n/srv/other 10.0.0.0/8(ro,sync)\n${LINE}\n`);
    });

    it.each([
        ["exports", SEED_LINE],
        ["exports", `  ${LINE}`],
        ["exports", `"/srv/nfs-volume" 10.0.0.0/8(rw)`],
        ["exports.d/seed.exports", LINE],
    ])("stops on a different line for the same path in %s (%j), naming the file and line", (file, existing) => {
        const host = new FakeHost({ packageManager: "apt", installed: true });
        const target = path.join(host.root, "etc", file);
        fs.writeFileSync(target, `${existing}\n`);
        const run = host.run(prepareExportScript(EXP));
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(
            "nfs-export: /srv/nfs-volume is already exported by a line the platform did not write",
        );
        expect(run.stderr).toContain(`  ${target}: ${existing}\n`);
        expect(run.stderr).toContain(`make it read exactly\n  ${LINE}\n`);
        expect(fs.readFileSync(target, "utf8")).toBe(`${existing}\n`);
        expect(host.calls()).not.toContain("exportfs -ra");
    });

    it("uses dnf, nfs-utils and nfs-server on RHEL-family hosts", () => {
        const host = new FakeHost({ packageManager: "dnf", installed: false });
        expect(host.run(prepareExportScript(EXP)).status).toBe(0);
        expect(host.calls()).toEqual(
            expect.arrayContaining(["sudo -n dnf -q -y install nfs-utils", "systemctl enable --now nfs-server"]),
        );
    });

    it("fails clearly without a package manager or without passwordless sudo", () => {
        const bare = new FakeHost({ packageManager: "none" }).run(prepareExportScript(EXP));
        expect(bare.status).toBe(1);
        expect(bare.stderr).toContain("nfs-export: no apt-get, dnf or yum on this host; follow docs/nfs-server.md");
        const locked = new FakeHost({ packageManager: "apt", sudo: false }).run(prepareExportScript(EXP));
        expect(locked.status).toBe(1);
        expect(locked.stderr).toBe("nfs-export: ops needs passwordless sudo (sudo -n true failed)\n");
    });
});

describe("unexportScript on a host", () => {
    it("removes exactly the export's line and re-exports; the share is not touched", () => {
        const host = new FakeHost({ packageManager: "apt", installed: true });
        fs.writeFileSync(host.exportsFile, `/srv/other 10.0.0.0/8(ro)\n${LINE}\n/srv/last 10.0.0.1(rw)\n`);
        const run = host.run(unexportScript(EXP));
        expect(run.status).toBe(0);
        expect(host.exports).toBe("/srv/other 10.0.0.0/8(ro)\n/srv/last 10.0.0.1(rw)\n");
        expect(host.calls()).toContain("exportfs -ra");
        expect(unexportScript(EXP)).not.toContain("share=");
        const again = host.run(unexportScript(EXP));
        expect(again.status).toBe(0);
        expect(again.stdout).toContain("nothing to remove");
        expect(host.calls()).not.toContain("exportfs -ra");
    });

    it("leaves an empty file when the line was the only one", () => {
        const host = new FakeHost({ packageManager: "apt", installed: true });
        fs.writeFileSync(host.exportsFile, `${LINE}\n`);
        expect(host.run(unexportScript(EXP)).status).toBe(0);
        expect(host.exports).toBe("");
    });
});

describe("nfsClientScript on a host", () => {
    it.each([
        [
            "apt",
            "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 install nfs-common",
        ],
        ["dnf", "sudo -n dnf -q -y install nfs-utils"],
    ] as const)("installs the client with %s only when missing", (packageManager, install) => {
        const host = new FakeHost({ packageManager, installed: false });
        expect(host.run(nfsClientScript()).status).toBe(0);
        expect(host.calls()).toContain(install);
        const again = host.run(nfsClientScript(), true);
        expect(again.status).toBe(0);
        expect(again.stdout).toMatch(/nfs-client: .*\/mount\.nfs\n$/);
        expect(host.calls().some((c) => c.includes("install"))).toBe(false);
    });
});

describe("iscsiCheckScript on a host", () => {
    it("passes with iscsiadm, an active iscsid socket and iscsi_tcp loaded", () => {
        const host = new FakeHost({
            packageManager: "apt",
            iscsiadm: true,
            active: ["iscsid.socket"],
            iscsiTcp: true,
        });
        const run = host.run(iscsiCheckScript());
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(host.calls().some((c) => c.startsWith("sudo"))).toBe(false);
    });

    it("lists every missing prerequisite with the command that fixes it", () => {
        const run = new FakeHost({ packageManager: "apt" }).run(iscsiCheckScript());
        expect(run.status).toBe(1);
        const fix = "sudo apt-get install -y open-iscsi && sudo systemctl enable --now iscsid";
        expect(run.stderr).toContain(`iscsi-check: iscsiadm not found: open-iscsi is not installed; run: ${fix}`);
        expect(run.stderr).toContain(`iscsi-check: neither iscsid.service nor iscsid.socket is active; run: ${fix}`);
        expect(run.stderr).toContain(
            "iscsi-check: kernel module iscsi_tcp is not loaded; run: sudo modprobe iscsi_tcp",
        );
        const rhel = new FakeHost({ packageManager: "dnf", iscsiadm: true, iscsiTcp: true }).run(iscsiCheckScript());
        expect(rhel.stderr).toContain("sudo dnf install -y iscsi-initiator-utils");
    });

    it("only warns about multipathd", () => {
        const host = new FakeHost({
            packageManager: "apt",
            iscsiadm: true,
            active: ["iscsid.service", "multipathd.service"],
            iscsiTcp: true,
        });
        const run = host.run(iscsiCheckScript());
        expect(run.status).toBe(0);
        expect(run.stderr).toContain("iscsi-check: warning: multipathd is running");
    });
});
