import { RWX_STORAGE_CLASSES, StorageClassName } from "../../../contract/storage";
import { configKey, type ConfigIssue } from "../../config/errors";
import { containsAddress, parseCidr, parseIpv4 } from "../../config/ip";
import { duplicates } from "../../config/issues";
import { setSecretCommand } from "../../config/secrets";
import { NodeRole, type ClusterConfig } from "../cluster/schema";
import { StorageRole, type StorageConfig } from "./schema";

/** Why each class is not installed when it is not: the key that installs it. */
function notInstalled(name: StorageClassName, storage: StorageConfig): string | undefined {
    switch (name) {
        case StorageClassName.nfs:
            return storage.nfs === undefined
                ? "nfs-client needs storage.nfs (server and share); there is no default NFS server, so its claims would stay Pending"
                : undefined;
        case StorageClassName.localPath:
            return storage.localPath.enabled
                ? undefined
                : "local-path is not installed (storage.localPath.enabled is false)";
        case StorageClassName.longhorn:
            return storage.longhorn.enabled
                ? undefined
                : "longhorn is not installed (storage.longhorn.enabled is false)";
    }
}

/** The classes the stack installs. */
export function installedClasses(storage: StorageConfig): StorageClassName[] {
    return Object.values(StorageClassName).filter((name) => notInstalled(name, storage) === undefined);
}

/** The nodes Longhorn runs on and places replicas on: the workers (control planes keep their taint). */
export function longhornNodes<N extends { readonly role: string }>(nodes: readonly N[]): N[] {
    return nodes.filter((n) => n.role === NodeRole.worker);
}

/** Whether any task reaches hosts over SSH. */
export function usesSsh(storage: StorageConfig): boolean {
    return storage.nfs?.prepare !== undefined || (storage.longhorn.enabled && storage.longhorn.checkNodes);
}

/** Node paths the provisioner would treat as two, though they name one directory (`/a` and `/a/`). */
function sameDirectory(path: string): string {
    return path.replace(/\/+/g, "/").replace(/\/$/, "");
}

function classIssues(storage: StorageConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    /** Whether the stack installs `name`; reports at `path` why not. */
    const installedAt = (name: StorageClassName, path: PropertyKey[]) => {
        const why = notInstalled(name, storage);
        if (why !== undefined) {
            issues.push({ path, message: why });
        }
        return why === undefined;
    };
    installedAt(storage.defaultClass, ["storage", "defaultClass"]);
    for (const role of Object.values(StorageRole)) {
        const name = storage.roles[role];
        const path = ["storage", "roles", role];
        if (
            name !== undefined &&
            installedAt(name, path) &&
            role === StorageRole.shared &&
            !RWX_STORAGE_CLASSES.includes(name)
        ) {
            issues.push({
                path,
                message: `${name} does not support ReadWriteMany, which shared volumes need (classes that do: ${RWX_STORAGE_CLASSES.join(", ")})`,
            });
        }
    }
    return issues;
}

/** The NFS export's clients must hold every node, or the nodes' mounts are refused. */
function clientIssues(storage: StorageConfig, cluster: ClusterConfig | undefined): ConfigIssue[] {
    const clients = storage.nfs?.prepare?.clients;
    const range = clients === undefined ? undefined : parseCidr(clients);
    if (range === undefined || cluster === undefined) {
        return [];
    }
    const outside = cluster.nodes.filter((n) => !containsAddress(range, parseIpv4(n.ip)!));
    return outside.length === 0
        ? []
        : [
              {
                  path: ["storage", "nfs", "prepare", "clients"],
                  message: `${clients} leaves out ${outside.map((n) => `${n.name} (${n.ip})`).join(", ")}, whose mounts the server would refuse`,
              },
          ];
}

function longhornIssues(storage: StorageConfig, cluster: ClusterConfig | undefined): ConfigIssue[] {
    if (!storage.longhorn.enabled || cluster === undefined) {
        return [];
    }
    const workers = longhornNodes(cluster.nodes);
    return storage.longhorn.replicas > workers.length
        ? [
              {
                  path: ["storage", "longhorn", "replicas"],
                  message: `${storage.longhorn.replicas} replicas need as many worker nodes, but platform:cluster has ${workers.length} (${workers.map((n) => n.name).join(", ") || "none"}); each replica goes to another node`,
              },
          ]
        : [];
}

function snapshotIssues(storage: StorageConfig): ConfigIssue[] {
    const { snapshots } = storage;
    if (!snapshots.enabled) {
        return [];
    }
    if (storage.nfs === undefined && !storage.longhorn.enabled) {
        return [
            {
                path: ["storage", "snapshots", "enabled"],
                message: "no installed class takes snapshots (nfs-client and longhorn do; local-path does not)",
            },
        ];
    }
    return snapshots.installController && storage.nfs === undefined
        ? [
              {
                  path: ["storage", "snapshots", "installController"],
                  message:
                      "the snapshot CRDs and controller are installed with csi-driver-nfs, which needs storage.nfs; set installController false if the cluster has them",
              },
          ]
        : [];
}

/** SSH tasks need the user and the key. `keySet`: whether the stack sets platform:storageSshKey at all. */
function sshIssues(storage: StorageConfig, keySet: boolean): ConfigIssue[] {
    if (!usesSsh(storage)) {
        return [];
    }
    const why = "is required when storage.nfs.prepare or storage.longhorn.checkNodes is set";
    return [
        ...(storage.ssh === undefined ? [{ path: ["storage", "ssh"], message: `${why} (user, port)` }] : []),
        ...(keySet
            ? []
            : [
                  {
                      path: ["storageSshKey"],
                      message: `${why}; run \`${setSecretCommand(configKey(["storageSshKey"]))}\` with the private key file`,
                  },
              ]),
    ];
}

/**
 * Cross-field checks of platform:storage. `cluster` is given when its section parsed (node subnets and counts);
 * `keySet` says whether platform:storageSshKey is set.
 */
export function checkStorage(
    storage: StorageConfig,
    cluster: ClusterConfig | undefined,
    keySet: boolean,
): ConfigIssue[] {
    return [
        ...classIssues(storage),
        ...clientIssues(storage, cluster),
        ...longhornIssues(storage, cluster),
        ...snapshotIssues(storage),
        ...sshIssues(storage, keySet),
        ...duplicates(
            storage.localPath.nodePaths,
            sameDirectory,
            (i) => ["storage", "localPath", "nodePaths", i],
            "node path",
        ),
        ...duplicates(
            storage.nfs?.mountOptions ?? [],
            (option) => option.split("=")[0],
            (i) => ["storage", "nfs", "mountOptions", i],
            "mount option",
        ),
    ];
}
