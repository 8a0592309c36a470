import ipaddr from "ipaddr.js";

/**
 * The export options the platform asks for: csi-driver-nfs's controller mounts the share as root, creates each
 * volume's subdirectory there and renames or removes it on delete (and the kubelet `chown`s the mount for
 * `fsGroup`), which a root-squashed export refuses. `clients` (the node subnet) is what limits who gets that root access.
 */
export const DEFAULT_EXPORT_OPTIONS: readonly string[] = ["rw", "sync", "no_subtree_check", "no_root_squash"];

/** One export of `share` to `clients`: the `/etc/exports` line the scripts manage. */
export interface ExportEntry {
    /** Absolute directory on the server, e.g. `/srv/nfs-volume`. */
    readonly share: string;
    /** Who may mount it: the node subnet (`192.168.56.0/24`), an address, or a host name. */
    readonly clients: string;
    /** exports(5) options, e.g. DEFAULT_EXPORT_OPTIONS. */
    readonly options: readonly string[];
}

/** exports(5) flags; a flag conflicts with the others of its group (`rw` with `ro`). */
const FLAG_GROUPS: readonly (readonly string[])[] = [
    ["rw", "ro"],
    ["sync", "async"],
    ["root_squash", "no_root_squash"],
    ["all_squash", "no_all_squash"],
    ["subtree_check", "no_subtree_check"],
    ["secure", "insecure"],
    ["wdelay", "no_wdelay"],
    ["hide", "nohide"],
    ["secure_locks", "insecure_locks", "auth_nlm", "no_auth_nlm"],
    ["pnfs", "no_pnfs"],
    ["crossmnt"],
    ["mp"],
    ["security_label"],
];

/** exports(5) options that take a value, with the values accepted. */
const VALUED_OPTIONS: ReadonlyMap<string, RegExp> = new Map([
    ["anonuid", /^\d+$/],
    ["anongid", /^\d+$/],
    ["fsid", /^(\d+|root|[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12})$/i],
    ["sec", /^(sys|krb5|krb5i|krb5p)(:(sys|krb5|krb5i|krb5p))*$/],
]);

const HOST_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;

/** Why `share` cannot be exported as given, or undefined. exports(5) splits lines on whitespace. */
export function shareProblem(share: string): string | undefined {
    if (!/^\/[A-Za-z0-9._/-]*$/.test(share)) {
        return `must be an absolute path of letters, digits and . _ - / (got ${JSON.stringify(share)})`;
    }
    if (share === "/" || share.endsWith("/") || share.split("/").some((s, i) => i > 0 && /^(|\.|\.\.)$/.test(s))) {
        return `must be a normalized directory below / with no trailing slash, // or . and .. segments (got ${JSON.stringify(share)})`;
    }
    return undefined;
}

/** Why `clients` is not one address, subnet or host name, or undefined; never every host. */
export function clientsProblem(clients: string): string | undefined {
    if (/[*?]/.test(clients) || /\/0$/.test(clients)) {
        return `must be the cluster's node subnet (e.g. 192.168.56.0/24), not every host (got ${JSON.stringify(clients)})`;
    }
    const valid =
        ipaddr.IPv4.isValidFourPartDecimal(clients) ||
        ipaddr.IPv4.isValidCIDRFourPartDecimal(clients) ||
        ipaddr.IPv6.isValid(clients) ||
        ipaddr.IPv6.isValidCIDR(clients) ||
        HOST_NAME.test(clients);
    return valid ? undefined : `must be an IP address, a CIDR subnet or a host name (got ${JSON.stringify(clients)})`;
}

/** Why `options` are not a list of known, non-conflicting exports(5) options, or undefined. */
export function exportOptionsProblem(options: readonly string[]): string | undefined {
    if (options.length === 0) {
        return "must name at least one export option (e.g. rw,sync,no_subtree_check)";
    }
    const seen = new Map<string, string>();
    for (const option of options) {
        const group = FLAG_GROUPS.find((g) => g.includes(option));
        const [key, value, ...rest] = option.split("=");
        const pattern = VALUED_OPTIONS.get(key);
        if (group === undefined) {
            if (pattern === undefined || value === undefined || rest.length > 0) {
                return `has unknown export option ${JSON.stringify(option)} (one option per entry, no commas or spaces)`;
            }
            if (!pattern.test(value)) {
                return `has a bad value in ${JSON.stringify(option)}`;
            }
        }
        const slot = group?.[0] ?? key;
        const earlier = seen.get(slot);
        if (earlier !== undefined) {
            return `has ${JSON.stringify(earlier)} and ${JSON.stringify(option)}; name one of them`;
        }
        seen.set(slot, option);
    }
    return undefined;
}

/** The first problem of the export's fields, prefixed with the field's name, or undefined. */
export function nfsExportProblem(
    exp: ExportEntry,
    fields = { share: "share", clients: "clients", options: "options" },
): string | undefined {
    const problems: [string, string | undefined][] = [
        [fields.share, shareProblem(exp.share)],
        [fields.clients, clientsProblem(exp.clients)],
        [fields.options, exportOptionsProblem(exp.options)],
    ];
    const found = problems.find(([, problem]) => problem !== undefined);
    return found === undefined ? undefined : `${found[0]} ${found[1]}`;
}

/** The `/etc/exports` line, e.g. `/srv/nfs-volume 192.168.56.0/24(rw,sync,no_subtree_check,no_root_squash)`. */
export function exportLine(share: string, clients: string, options: readonly string[]): string {
    const problem = nfsExportProblem({ share, clients, options });
    if (problem !== undefined) {
        throw new Error(`NFS export: ${problem}`);
    }
    return `${share} ${clients}(${options.join(",")})`;
}

/** `value` as one single-quoted sh word: every `'` becomes `'\''`, so nothing inside is expanded. */
export function shQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `script` run by `sh -c`: SSH hands a command to the user's login shell, which need not be a POSIX sh, so the
 * remote commands pass their scripts through it quoted.
 */
export function viaSh(script: string): string {
    return `sh -c ${shQuote(script)}`;
}

/**
 * Strict mode, the sbin directories (a non-root SSH session on Debian has none on its PATH), and `as_root`: the
 * command itself when already root, else `sudo -n`, which fails at once instead of prompting for a password.
 */
function preamble(tag: string): string[] {
    return [
        "set -eu",
        'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"',
        "export PATH",
        "as_root() {",
        '  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi',
        "}",
        'if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then',
        `  printf '${tag}: %s needs passwordless sudo (sudo -n true failed)\\n' "$(id -un)" >&2`,
        "  exit 1",
        "fi",
    ];
}

/** Sets `pm` to apt, dnf or yum and defines `ensure_package <debian-name> <rhel-name>`, which installs if missing. */
function packageManager(tag: string): string[] {
    return [
        "if command -v apt-get >/dev/null 2>&1; then pm=apt",
        "elif command -v dnf >/dev/null 2>&1; then pm=dnf",
        "elif command -v yum >/dev/null 2>&1; then pm=yum",
        "else",
        `  echo '${tag}: no apt-get, dnf or yum on this host; follow docs/nfs-server.md by hand' >&2`,
        "  exit 1",
        "fi",
        "ensure_package() {",
        '  if [ "$pm" = apt ]; then',
        // dpkg-query prints "install ok installed" only for an installed package (not one removed but configured).
        `    if ! dpkg-query -W -f='\${Status}\\n' "$1" 2>/dev/null | grep -q ' installed$'; then`,
        "      as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update",
        '      as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 install "$1"',
        "    fi",
        '  elif ! rpm -q "$2" >/dev/null 2>&1; then',
        '    as_root "$pm" -q -y install "$2"',
        "  fi",
        "}",
    ];
}

/**
 * Seed 001's server steps, made idempotent: installs the NFS server (nfs-kernel-server or nfs-utils), creates the
 * share, appends the export line to `/etc/exports` unless that exact line is there, enables and starts the service
 * and re-exports. A different line for the same path (in `/etc/exports` or `/etc/exports.d/*.exports`) was written
 * by hand: the script stops and names it rather than adding a second export of the path.
 */
export function prepareExportScript(exp: ExportEntry): string {
    const tag = "nfs-export";
    const line = exportLine(exp.share, exp.clients, exp.options);
    return [
        ...preamble(tag),
        `share=${shQuote(exp.share)}`,
        `line=${shQuote(line)}`,
        ...packageManager(tag),
        "ensure_package nfs-kernel-server nfs-utils",
        'if [ "$pm" = apt ]; then service=nfs-kernel-server; else service=nfs-server; fi',
        'as_root mkdir -p -- "$share"',
        "set --",
        "if [ -f /etc/exports ]; then set -- /etc/exports; fi",
        "for f in /etc/exports.d/*.exports; do",
        '  if [ -f "$f" ]; then set -- "$@" "$f"; fi',
        "done",
        "others=",
        'if [ "$#" -gt 0 ]; then',
        // Lines exporting the same path other than ours in /etc/exports; field 1 may be double-quoted.
        '  others=$(share="$share" line="$line" awk \'($1 == ENVIRON["share"] || $1 == "\\"" ENVIRON["share"] "\\"") && ($0 != ENVIRON["line"] || FILENAME != "/etc/exports") { print "  " FILENAME ": " $0 }\' "$@")',
        "fi",
        'if [ -n "$others" ]; then',
        `  printf '${tag}: %s is already exported by a line the platform did not write:\\n%s\\nmake it read exactly\\n  %s\\nor remove it, then run again\\n' "$share" "$others" "$line" >&2`,
        "  exit 1",
        "fi",
        'if [ -f /etc/exports ] && grep -qxF -- "$line" /etc/exports; then',
        `  printf '${tag}: /etc/exports already has: %s\\n' "$line"`,
        "else",
        '  if [ -s /etc/exports ] && [ -n "$(tail -c 1 /etc/exports)" ]; then',
        "    printf '\\n' | as_root tee -a /etc/exports >/dev/null",
        "  fi",
        "  printf '%s\\n' \"$line\" | as_root tee -a /etc/exports >/dev/null",
        `  printf '${tag}: added to /etc/exports: %s\\n' "$line"`,
        "fi",
        'as_root systemctl enable --now "$service"',
        "as_root exportfs -ra",
        "as_root exportfs -v",
        "if command -v firewall-cmd >/dev/null 2>&1 && as_root firewall-cmd --state >/dev/null 2>&1; then",
        "  if ! as_root firewall-cmd --query-service=nfs >/dev/null 2>&1; then",
        `    echo '${tag}: warning: firewalld does not allow nfs; nodes cannot mount until: sudo firewall-cmd --permanent --add-service=nfs && sudo firewall-cmd --reload' >&2`,
        "  fi",
        "fi",
    ].join("\n");
}

/** Removes exactly the export's line from `/etc/exports` and re-exports; the share and its data stay. */
export function unexportScript(exp: ExportEntry): string {
    const tag = "nfs-unexport";
    const line = exportLine(exp.share, exp.clients, exp.options);
    return [
        ...preamble(tag),
        `line=${shQuote(line)}`,
        'if [ -f /etc/exports ] && grep -qxF -- "$line" /etc/exports; then',
        "  tmp=$(mktemp)",
        "  trap 'rm -f \"$tmp\"' EXIT",
        // grep exits 1 when no line is left (the file held only ours); 2 is a real error.
        '  grep -vxF -- "$line" /etc/exports >"$tmp" || [ "$?" -eq 1 ]',
        // cp onto the existing file keeps its owner, mode and SELinux label.
        '  as_root cp -- "$tmp" /etc/exports',
        "  as_root exportfs -ra",
        `  printf '${tag}: removed from /etc/exports: %s\\n' "$line"`,
        "else",
        `  printf '${tag}: /etc/exports has no line %s; nothing to remove\\n' "$line"`,
        "fi",
    ].join("\n");
}

/** Installs the host's NFS client (nfs-common or nfs-utils, with mount.nfs and showmount) if missing. */
export function nfsClientScript(): string {
    const tag = "nfs-client";
    return [
        ...preamble(tag),
        ...packageManager(tag),
        "ensure_package nfs-common nfs-utils",
        "if ! command -v mount.nfs >/dev/null 2>&1; then",
        `  echo '${tag}: mount.nfs is still missing after installing the NFS client package' >&2`,
        "  exit 1",
        "fi",
        `printf '${tag}: %s\\n' "$(command -v mount.nfs)"`,
    ].join("\n");
}

/**
 * Longhorn's node prerequisites for its iSCSI (v1) data engine, as its environment check and `longhornctl check
 * preflight` test them: iscsiadm installed, iscsid.service or iscsid.socket active, and the iscsi_tcp module
 * loaded. It changes nothing and needs no root: it fails listing the command that fixes each problem. Running
 * multipathd only warns, as in Longhorn's check. No NFS client: the platform does not use Longhorn's RWX volumes.
 */
export function iscsiCheckScript(): string {
    const tag = "iscsi-check";
    return [
        "set -eu",
        'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"',
        "failed=0",
        `problem() { printf '${tag}: %s\\n' "$1" >&2; failed=1; }`,
        "if command -v apt-get >/dev/null 2>&1; then",
        "  install='sudo apt-get install -y open-iscsi && sudo systemctl enable --now iscsid'",
        "else",
        "  install='sudo dnf install -y iscsi-initiator-utils && sudo systemctl enable --now iscsid'",
        "fi",
        "if ! command -v iscsiadm >/dev/null 2>&1; then",
        '  problem "iscsiadm not found: open-iscsi is not installed; run: $install"',
        "fi",
        "if ! systemctl is-active --quiet iscsid.service && ! systemctl is-active --quiet iscsid.socket; then",
        '  problem "neither iscsid.service nor iscsid.socket is active; run: $install"',
        "fi",
        "if [ ! -d /sys/module/iscsi_tcp ]; then",
        "  problem 'kernel module iscsi_tcp is not loaded; run: sudo modprobe iscsi_tcp && echo iscsi_tcp | sudo tee /etc/modules-load.d/iscsi_tcp.conf'",
        "fi",
        "if systemctl is-active --quiet multipathd.service; then",
        `  echo '${tag}: warning: multipathd is running and may claim Longhorn devices; see https://longhorn.io/kb/troubleshooting-volume-with-multipath' >&2`,
        "fi",
        'if [ "$failed" -ne 0 ]; then exit 1; fi',
        `echo '${tag}: iscsiadm installed, iscsid active, iscsi_tcp loaded'`,
    ].join("\n");
}
