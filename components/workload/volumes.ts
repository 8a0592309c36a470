import type * as k8s from "@pulumi/kubernetes";
import { formatBytes, parseQuantity } from "../../contract/quantity";

type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/**
 * An existing PersistentVolumeClaim mounted into every pod of the workload. Replicas share it, so it must be
 * ReadWriteMany (or ReadOnlyMany when `readOnly` and no init container writes it) unless the workload runs a single
 * pod.
 */
export interface SharedVolume {
    readonly claimName: string;
    /** Absolute path in the container. */
    readonly mountPath: string;
    /**
     * Mount it read-only in the main container (a model repository the server only reads). Init containers that
     * name the claim still mount it writable; the claim itself is then not marked read-only. @default false
     */
    readonly readOnly?: boolean;
    /**
     * Mounted only by the init containers that name it, never by the main container (a model source the loader
     * copies from); `mountPath` is then unused. @default false
     */
    readonly initOnly?: boolean;
}

/**
 * A memory-backed emptyDir (tmpfs), such as the 2Gi /dev/shm inference servers use to pass tensors between
 * processes. What is written there is charged to the container's memory, so it counts against its memory limit.
 */
export interface MemoryVolume {
    /** Absolute path in the container, e.g. /dev/shm. */
    readonly path: string;
    /** The most the volume may hold (a quantity, e.g. 2Gi); the kubelet evicts the pod past it. */
    readonly sizeLimit: string;
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
    readonly memoryVolumes?: readonly MemoryVolume[];
}

export function sharedVolumeName(index: number): string {
    return `shared-${index}`;
}

export function configVolumeName(index: number): string {
    return `config-${index}`;
}

export function memoryVolumeName(index: number): string {
    return `memory-${index}`;
}

export function extraVolumeMounts(o: ExtraVolumes): VolumeMount[] {
    return [
        ...(o.sharedVolumes ?? []).flatMap((v, i) =>
            v.initOnly
                ? []
                : [{ name: sharedVolumeName(i), mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) }],
        ),
        ...(o.configMounts ?? []).map((c, i) => ({
            name: configVolumeName(i),
            mountPath: c.mountPath,
            readOnly: true,
            ...(c.key === undefined ? {} : { subPath: c.key }),
        })),
        ...(o.memoryVolumes ?? []).map((m, i) => ({ name: memoryVolumeName(i), mountPath: m.path })),
    ];
}

/**
 * The pod's volumes for the mounts. A read-only shared claim is marked read-only on the volume too, unless it is
 * one of `writtenClaims` (claims an init container fills), which the volume-level flag would make read-only for
 * every container.
 */
export function extraVolumes(o: ExtraVolumes, writtenClaims: readonly string[] = []): Volume[] {
    return [
        ...(o.sharedVolumes ?? []).map((v, i) => ({
            name: sharedVolumeName(i),
            persistentVolumeClaim: {
                claimName: v.claimName,
                ...(v.readOnly && !writtenClaims.includes(v.claimName) ? { readOnly: true } : {}),
            },
        })),
        ...(o.configMounts ?? []).map((c, i) => ({
            name: configVolumeName(i),
            configMap: {
                name: c.configMap,
                ...(c.key === undefined ? {} : { items: [{ key: c.key, path: c.key }] }),
            },
        })),
        ...(o.memoryVolumes ?? []).map((m, i) => ({
            name: memoryVolumeName(i),
            emptyDir: { medium: "Memory", sizeLimit: m.sizeLimit },
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
            inMain: !v.initOnly,
        })),
        ...(o.configMounts ?? []).map((c, i) => ({
            field: `args.configMounts[${i}]`,
            names: "ConfigMap",
            name: c.configMap,
            mountPath: c.mountPath,
            inMain: true,
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
    (o.memoryVolumes ?? []).forEach((m, i) => {
        if (!m.path.startsWith("/")) {
            problems.push(`args.memoryVolumes[${i}].path ${JSON.stringify(m.path)} is not absolute`);
        }
    });
    // The main container's paths: an init-only claim is mounted where each init container says.
    const inMain = mounts.filter((m) => m.inMain).map((m) => m.mountPath);
    const paths = [...o.otherPaths, ...inMain, ...(o.memoryVolumes ?? []).map((m) => m.path)];
    const twice = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
    if (twice.length > 0) {
        problems.push(`mount paths must be unique, got ${twice.map((p) => JSON.stringify(p)).join(", ")} twice`);
    }
    return problems;
}

/**
 * What is wrong with the memory-backed volumes: a size that is not a quantity, or sizes that together reach the
 * container's memory limit, which would leave the process no memory once the volumes fill.
 */
export function memoryVolumeProblems(volumes: readonly MemoryVolume[], memoryLimit: string): string[] {
    const problems: string[] = [];
    let total = 0;
    volumes.forEach((v, i) => {
        const size = parseQuantity(v.sizeLimit);
        if (size === undefined || size === 0) {
            problems.push(
                `args.memoryVolumes[${i}].sizeLimit ${JSON.stringify(v.sizeLimit)} is not a positive quantity`,
            );
        } else {
            total += size;
        }
    });
    const limit = parseQuantity(memoryLimit);
    if (limit !== undefined && volumes.length > 0 && total >= limit) {
        problems.push(
            `args.memoryVolumes sizeLimits add up to ${formatBytes(total)}, which reaches args.resources.limits.memory ` +
                `${memoryLimit}: memory-backed volumes count against the container's memory limit`,
        );
    }
    return problems;
}

/**
 * The spec of a claim a workload's pods mount (`sharedVolumes`): ReadWriteMany when several pods share it, else
 * ReadWriteOnce, of `size` in `storageClass`.
 */
export function sharedClaimSpec(
    claim: { readonly storageClass: string; readonly size: string },
    shared: boolean,
): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
    return {
        accessModes: [shared ? "ReadWriteMany" : "ReadWriteOnce"],
        storageClassName: claim.storageClass,
        resources: { requests: { storage: claim.size } },
    };
}
