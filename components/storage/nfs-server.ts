import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../lib/naming";
import {
    DEFAULT_EXPORT_OPTIONS,
    exportLine,
    iscsiCheckScript,
    nfsClientScript,
    nfsExportProblem,
    prepareExportScript,
    unexportScript,
    viaSh,
    type ExportEntry,
} from "./nfs-server-scripts";

/** How Pulumi logs in to a host: the user needs passwordless sudo (the scripts run `sudo -n`). */
export interface SshAccess {
    readonly user: string;
    /** The private key's contents (not a path); marked secret before it reaches the engine. */
    readonly privateKey: pulumi.Input<string>;
    /** @default 22 */
    readonly port?: number;
}

export interface NfsServerPreparationArgs {
    /** Where to SSH: usually the NFS server's own address. */
    host: string;
    ssh: SshAccess;
    /** Absolute directory to export, e.g. `/srv/nfs-volume`. */
    share: string;
    /** Who may mount it: the cluster's node subnet, e.g. `192.168.56.0/24`. */
    clients: string;
    /** exports(5) options. @default DEFAULT_EXPORT_OPTIONS (rw,sync,no_subtree_check,no_root_squash) */
    exportOptions?: readonly string[];
    /** Remove the export line when the component is deleted or replaced; the share's data is never deleted. */
    unexportOnDelete: boolean;
}

export interface StorageNodePreparationArgs {
    /** Cluster nodes; `name` names the commands, `address` is where to SSH. */
    nodes: readonly { readonly name: string; readonly address: string }[];
    ssh: SshAccess;
    /**
     * Install nfs-common / nfs-utils on every node: for mounts the host makes itself (in-tree `nfs` volumes,
     * `showmount`); csi-driver-nfs's node plugin mounts with the NFS client in its own image.
     */
    installNfsClient: boolean;
    /** Fail unless every node meets Longhorn's iSCSI prerequisites; changes nothing on the node. */
    checkIscsi: boolean;
}

/** Why the SSH settings cannot work, or undefined. */
function sshProblem(ssh: SshAccess): string | undefined {
    if (!/^[^\s:@]+$/.test(ssh.user)) {
        return `args.ssh.user must be a user name without whitespace, ':' or '@' (got ${JSON.stringify(ssh.user)})`;
    }
    if (ssh.port !== undefined && !(Number.isInteger(ssh.port) && ssh.port >= 1 && ssh.port <= 65535)) {
        return `args.ssh.port must be an integer from 1 to 65535 (got ${ssh.port})`;
    }
    return undefined;
}

function addressProblem(field: string, address: string): string | undefined {
    return /^[^\s]+$/.test(address)
        ? undefined
        : `${field} must be a host name or address (got ${JSON.stringify(address)})`;
}

function exportOf(args: NfsServerPreparationArgs): ExportEntry {
    return { share: args.share, clients: args.clients, options: args.exportOptions ?? DEFAULT_EXPORT_OPTIONS };
}

/** Why the args cannot work, or undefined. */
export function nfsServerPreparationProblem(args: NfsServerPreparationArgs): string | undefined {
    return (
        addressProblem("args.host", args.host) ??
        sshProblem(args.ssh) ??
        nfsExportProblem(exportOf(args), {
            share: "args.share",
            clients: "args.clients",
            options: "args.exportOptions",
        })
    );
}

/** Why the args cannot work, or undefined. */
export function storageNodePreparationProblem(args: StorageNodePreparationArgs): string | undefined {
    if ((args.installNfsClient || args.checkIscsi) && args.nodes.length === 0) {
        return "args.nodes must name at least one node when installNfsClient or checkIscsi is on";
    }
    const names = new Set<string>();
    for (const [i, node] of args.nodes.entries()) {
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(node.name)) {
            return `args.nodes[${i}].name must be a lowercase node name (got ${JSON.stringify(node.name)})`;
        }
        if (names.has(node.name)) {
            return `args.nodes[${i}].name ${JSON.stringify(node.name)} is listed twice`;
        }
        names.add(node.name);
        const problem = addressProblem(`args.nodes[${i}].address`, node.address);
        if (problem !== undefined) {
            return problem;
        }
    }
    return sshProblem(args.ssh);
}

/** The SSH connection; the key is marked secret, which makes the whole connection secret in state and previews. */
function connection(host: string, ssh: SshAccess): command.types.input.remote.ConnectionArgs {
    return { host, user: ssh.user, port: ssh.port ?? 22, privateKey: pulumi.secret(ssh.privateKey) };
}

/**
 * The NFS server side of seed 001, over SSH: the server package, the share directory, one `/etc/exports` line for
 * the node subnet, the service enabled and started. Runs again when the script (share, clients or options) or the
 * connection changes. A changed script replaces the command, deleting first: with `unexportOnDelete` the old line
 * goes before the new one is added; without it the new run stops at the old line for an operator to edit. It
 * never deletes the share's data.
 */
export class NfsServerPreparation extends pulumi.ComponentResource {
    /** The managed `/etc/exports` line. */
    public readonly export: string;

    constructor(name: string, args: NfsServerPreparationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:NfsServerPreparation", name, {}, opts);
        const problem = nfsServerPreparationProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`NfsServerPreparation ${name}: ${problem}`, this);
        }
        const exp = exportOf(args);
        const create = viaSh(prepareExportScript(exp));
        new command.remote.Command(
            childName(name, "export"),
            {
                connection: connection(args.host, args.ssh),
                create,
                delete: args.unexportOnDelete ? viaSh(unexportScript(exp)) : undefined,
                // Replace (not update) when the script changes, so the old delete runs with the old line.
                triggers: [create],
            },
            { parent: this, deleteBeforeReplace: true },
        );
        this.export = exportLine(exp.share, exp.clients, exp.options);
        this.registerOutputs({ export: this.export });
    }
}

/**
 * Per-node preparation over SSH, one command per node and task: the NFS client package, and a read-only check of
 * Longhorn's iSCSI prerequisites. Each re-runs only when its script changes; deleting one leaves the node as is.
 */
export class StorageNodePreparation extends pulumi.ComponentResource {
    constructor(name: string, args: StorageNodePreparationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:StorageNodePreparation", name, {}, opts);
        const problem = storageNodePreparationProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`StorageNodePreparation ${name}: ${problem}`, this);
        }
        const tasks: [string, string][] = [
            ...(args.installNfsClient ? [["nfs-client", viaSh(nfsClientScript())] as [string, string]] : []),
            ...(args.checkIscsi ? [["iscsi-check", viaSh(iscsiCheckScript())] as [string, string]] : []),
        ];
        for (const node of args.nodes) {
            for (const [task, create] of tasks) {
                new command.remote.Command(
                    childName(name, `${node.name}-${task}`),
                    { connection: connection(node.address, args.ssh), create, triggers: [create] },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({ nodes: args.nodes.map((n) => n.name), tasks: tasks.map(([task]) => task) });
    }
}
