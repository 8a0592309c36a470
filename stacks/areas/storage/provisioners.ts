// The config of each provisioner the storage area installs: csi-driver-nfs (with the opt-in server preparation),
// Longhorn, snapshots, and the SSH access the preparation and node checks use.
import { z } from "zod";
import { cidr, display, dnsName, ipv4, text } from "../../config/primitives";
import { option, unknownKeys } from "../../config/primitives";
import { ReclaimPolicy, absoluteDirectory } from "./fields";

/** csi-driver-nfs's `onDelete`: what happens to a volume's subdirectory on the export when its volume is deleted. */
export const NfsOnDelete = { delete: "delete", retain: "retain", archive: "archive" } as const;
export type NfsOnDelete = (typeof NfsOnDelete)[keyof typeof NfsOnDelete];

export const DEFAULT_NFS_MOUNT_OPTIONS: readonly string[] = ["nfsvers=4.1"];
export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_LONGHORN_REPLICAS = 3;

/** A host as an IPv4 address or a DNS name; something that looks like an address must be one. */
const host = text.superRefine((v, ctx) => {
    const looksLikeAddress = /^[\d.]+$/.test(v);
    if (looksLikeAddress ? !ipv4.safeParse(v).success : !dnsName.safeParse(v).success) {
        ctx.addIssue({
            code: "custom",
            message: `${display(v)} is not an IPv4 address or DNS name (no scheme, port or path: write the path in storage.nfs.share)`,
        });
    }
});

/** One NFS mount option: a flag (`hard`) or `name=value` (`nfsvers=4.1`, `timeo=600`). */
const mountOption = text.regex(/^[a-z][a-z0-9_]*(=[A-Za-z0-9._:/-]+)?$/, {
    message: "must be a mount option such as nfsvers=4.1, hard or timeo=600 (one per list entry)",
});

const prepare = z
    .strictObject(
        {
            host: host.optional().describe("Where to SSH to prepare the export. @default storage.nfs.server"),
            clients: cidr
                .optional()
                .describe(
                    "Who may mount the export; every node must be inside it. @default platform:cluster.nodeSubnet",
                ),
            unexportOnDelete: z
                .boolean()
                .default(false)
                .describe(
                    "Remove the /etc/exports line when the preparation is deleted (never the data). @default false",
                ),
            installClient: z
                .boolean()
                .default(false)
                .describe(
                    "Also install the NFS client (nfs-common / nfs-utils) on every node over SSH. @default false",
                ),
        },
        { error: unknownKeys("key", ["host", "clients", "unexportOnDelete", "installClient"]) },
    )
    .describe(
        "Prepare the export over SSH (storage.ssh, secret platform:storageSshKey): create the directory, add the /etc/exports line if absent, exportfs -ra. Unset: prepare it by hand (docs/nfs-server.md).",
    );

export const nfsSchema = z
    .strictObject(
        {
            server: host.describe("NFS server address or DNS name; there is no default (seed 001's Pending claims)."),
            share: absoluteDirectory.describe("Exported directory on the server; volumes are subdirectories of it."),
            mountOptions: z
                .array(mountOption)
                .default([...DEFAULT_NFS_MOUNT_OPTIONS])
                .describe("Mount options of every nfs-client volume (NFS version first). @default [nfsvers=4.1]"),
            reclaimPolicy: option([ReclaimPolicy.delete, ReclaimPolicy.retain], "a reclaim policy")
                .default(ReclaimPolicy.delete)
                .describe("What happens to a volume when its claim is deleted. @default Delete"),
            onDelete: option([NfsOnDelete.delete, NfsOnDelete.retain, NfsOnDelete.archive], "an onDelete policy")
                .default(NfsOnDelete.archive)
                .describe(
                    "What csi-driver-nfs does with a deleted volume's directory: archive renames it (archived-…), retain keeps it, delete removes it. @default archive",
                ),
            prepare: prepare.optional(),
        },
        { error: unknownKeys("key", ["server", "share", "mountOptions", "reclaimPolicy", "onDelete", "prepare"]) },
    )
    .describe("csi-driver-nfs and its class nfs-client (ReadWriteMany) on an existing export.");

export const longhornSchema = z
    .strictObject(
        {
            enabled: z.boolean().default(false).describe("Install Longhorn and its class longhorn. @default false"),
            replicas: z
                .number()
                .int()
                .min(1)
                .default(DEFAULT_LONGHORN_REPLICAS)
                .describe("Replicas of every longhorn volume, each on another worker node. @default 3"),
            reclaimPolicy: option([ReclaimPolicy.delete, ReclaimPolicy.retain], "a reclaim policy")
                .default(ReclaimPolicy.delete)
                .describe("What happens to a volume when its claim is deleted. @default Delete"),
            allowVolumeExpansion: z
                .boolean()
                .default(true)
                .describe("Whether claims may grow (online, by editing the claim). @default true"),
            ui: z
                .boolean()
                .default(false)
                .describe("Run the Longhorn UI (ClusterIP only; reach it with kubectl port-forward). @default false"),
            checkNodes: z
                .boolean()
                .default(false)
                .describe(
                    "Check over SSH (storage.ssh) that every worker has open-iscsi running before Longhorn installs. @default false",
                ),
        },
        {
            error: unknownKeys("key", [
                "enabled",
                "replicas",
                "reclaimPolicy",
                "allowVolumeExpansion",
                "ui",
                "checkNodes",
            ]),
        },
    )
    .prefault({})
    .describe(
        "Longhorn replicated block storage (ReadWriteOnce) on the worker nodes' disks; needs open-iscsi on each.",
    );

export const snapshotsSchema = z
    .strictObject(
        {
            enabled: z
                .boolean()
                .default(false)
                .describe(
                    "A VolumeSnapshotClass for every installed class whose driver takes snapshots. @default false",
                ),
            installController: z
                .boolean()
                .default(true)
                .describe(
                    "Install the snapshot CRDs and controller (with csi-driver-nfs); false where the cluster has them already. @default true",
                ),
        },
        { error: unknownKeys("key", ["enabled", "installController"]) },
    )
    .prefault({})
    .describe("CSI volume snapshots.");

/** A POSIX user name, as `useradd` accepts it. */
const userName = text.regex(/^[a-z_][a-z0-9_-]{0,31}$/, {
    message: "must be a user name (lowercase letters, digits, '_' and '-', at most 32 characters)",
});

export const sshSchema = z
    .strictObject(
        {
            user: userName.describe("SSH user with passwordless sudo on the NFS server and the nodes."),
            port: z.number().int().min(1).max(65535).default(DEFAULT_SSH_PORT).describe("SSH port. @default 22"),
        },
        { error: unknownKeys("key", ["user", "port"]) },
    )
    .describe("How the storage area reaches hosts over SSH; the private key is the secret platform:storageSshKey.");

/**
 * `platform:storageSshKey`: the SSH private key (OpenSSH or PEM) the preparation uses. Never shown in a message.
 */
export const storageSshKeySchema = z
    .string()
    .refine((v) => /^-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----\s*$/.test(v), {
        message:
            "is not a private key (not shown: the value is secret); store the whole key file, BEGIN and END lines included",
    })
    .optional()
    .describe("SSH private key for storage.ssh (OpenSSH or PEM, the whole file).");

export type NfsConfig = z.output<typeof nfsSchema>;
export type LonghornConfig = z.output<typeof longhornSchema>;
