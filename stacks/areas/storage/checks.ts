import { RWX_STORAGE_CLASSES, StorageClassName } from "../../../contract/storage";
import type { ConfigIssue } from "../../config/errors";
import { duplicates } from "../../config/issues";
import { StorageRole, type StorageConfig } from "./schema";

/** The component that would install each class the area does not install yet. */
const MISSING: Readonly<Partial<Record<StorageClassName, string>>> = {
    [StorageClassName.nfs]: "csi-driver-nfs",
    [StorageClassName.longhorn]: "Longhorn",
};

/** The classes the stack installs. */
function enabledClasses(storage: StorageConfig): StorageClassName[] {
    return storage.localPath.enabled ? [StorageClassName.localPath] : [];
}

/** Why `name` is not one of the stack's classes, or undefined when it is. */
function notEnabled(name: StorageClassName, storage: StorageConfig): string | undefined {
    const missing = MISSING[name];
    if (missing !== undefined) {
        return `${name} is not available yet: the storage area does not install ${missing}`;
    }
    return enabledClasses(storage).includes(name)
        ? undefined
        : `${name} is not enabled (platform:storage.localPath.enabled is false)`;
}

/** Node paths the provisioner would treat as two, though they name one directory (`/a` and `/a/`). */
function sameDirectory(path: string): string {
    return path.replace(/\/+/g, "/").replace(/\/$/, "");
}

export function checkStorage(storage: StorageConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    /** Whether the stack installs `name`; reports at `path` why not. */
    const installedAt = (name: StorageClassName, path: PropertyKey[]) => {
        const why = notEnabled(name, storage);
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
    issues.push(
        ...duplicates(
            storage.localPath.nodePaths,
            sameDirectory,
            (i) => ["storage", "localPath", "nodePaths", i],
            "node path",
        ),
    );
    return issues;
}
