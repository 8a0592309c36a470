import type * as k8s from "@pulumi/kubernetes";

type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/**
 * An existing PersistentVolumeClaim mounted into every pod of the workload. Replicas share it, so it must be
 * ReadWriteMany (or ReadOnlyMany when `readOnly`) unless the workload runs a single pod.
 */
export interface SharedVolume {
    readonly claimName: string;
    /** Absolute path in the container. */
    readonly mountPath: string;
    /** @default false */
    readonly readOnly?: boolean;
}

/** A ConfigMap mounted read-only: one key as a file (`key`, through subPath), or every key as a directory. */
export interface ConfigMount {
    readonly configMap: string;
    /** Absolute path in the container: the file for `key`, else the directory replacing what the image has there. */
    readonly mountPath: string;
    /** @default undefined (the whole ConfigMap as a directory) */
    readonly key?: string;
}

/** The volumes a pod mounts besides its scratch and data volumes. */
export interface ExtraVolumes {
    readonly sharedVolumes?: readonly SharedVolume[];
    readonly configMounts?: readonly ConfigMount[];
}

export function sharedVolumeName(index: number): string {
    return `shared-${index}`;
}

export function configVolumeName(index: number): string {
    return `config-${index}`;
}

export function extraVolumeMounts(o: ExtraVolumes): VolumeMount[] {
    return [
        ...(o.sharedVolumes ?? []).map((v, i) => ({
            name: sharedVolumeName(i),
            mountPath: v.mountPath,
            ...(v.readOnly ? { readOnly: true } : {}),
        })),
        ...(o.configMounts ?? []).map((c, i) => ({
            name: configVolumeName(i),
            mountPath: c.mountPath,
            readOnly: true,
            ...(c.key === undefined ? {} : { subPath: c.key }),
        })),
    ];
}

export function extraVolumes(o: ExtraVolumes): Volume[] {
    return [
        ...(o.sharedVolumes ?? []).map((v, i) => ({
            name: sharedVolumeName(i),
            persistentVolumeClaim: { claimName: v.claimName, ...(v.readOnly ? { readOnly: true } : {}) },
        })),
        ...(o.configMounts ?? []).map((c, i) => ({
            name: configVolumeName(i),
            configMap: {
                name: c.configMap,
                ...(c.key === undefined ? {} : { items: [{ key: c.key, path: c.key }] }),
            },
        })),
    ];
}

/**
 * What is wrong with the mounts: each claim and ConfigMap named, each path absolute, and no path mounted twice
 * (counting `otherPaths`, the scratch and data paths).
 */
export function mountProblems(o: ExtraVolumes & { readonly otherPaths: readonly string[] }): string[] {
    const problems: string[] = [];
    const mounts = [
        ...(o.sharedVolumes ?? []).map((v, i) => ({
            field: `args.sharedVolumes[${i}]`,
            names: "claim",
            name: v.claimName,
            mountPath: v.mountPath,
        })),
        ...(o.configMounts ?? []).map((c, i) => ({
            field: `args.configMounts[${i}]`,
            names: "ConfigMap",
            name: c.configMap,
            mountPath: c.mountPath,
        })),
    ];
    for (const m of mounts) {
        if (m.name.trim() === "") {
            problems.push(`${m.field} names no ${m.names}`);
        }
        if (!m.mountPath.startsWith("/")) {
            problems.push(`${m.field}.mountPath ${JSON.stringify(m.mountPath)} is not absolute`);
        }
    }
    const paths = [...o.otherPaths, ...mounts.map((m) => m.mountPath)];
    const twice = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
    if (twice.length > 0) {
        problems.push(`mount paths must be unique, got ${twice.map((p) => JSON.stringify(p)).join(", ")} twice`);
    }
    return problems;
}
