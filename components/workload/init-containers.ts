import type * as k8s from "@pulumi/kubernetes";
import type { ImagePin } from "../../contract/versions";
import { containerSecurityContext, type SecurityLoosening } from "../lib/security";
import { containerEnv, containerResources, scratchVolumeName, type ResourceSpec, type SecretEnv } from "./manifests";
import { sharedVolumeName, type SharedVolume } from "./volumes";

type Container = k8s.types.input.core.v1.Container;

/**
 * A container that runs to completion before the main one starts, such as a model loader that fills the model
 * claim the server then mounts read-only. It runs in every pod, so on a claim replicas share it must be idempotent
 * (skip what is already there) and tolerate a sibling pod loading at the same time.
 */
export interface InitContainerSpec {
    /** Container name, unique in the pod and not the workload's own name (the main container has that). */
    readonly name: string;
    /** Pinned image, pulled through the workload's registry mirror like the main image. */
    readonly image: ImagePin;
    /** @default image entrypoint */
    readonly command?: readonly string[];
    /** @default image cmd */
    readonly args?: readonly string[];
    /** Plain environment variables. @default {} */
    readonly env?: Readonly<Record<string, string>>;
    /** Environment variables from Secret keys (a model registry token). @default [] */
    readonly secretEnv?: readonly SecretEnv[];
    /** Requests (cpu, memory) and the memory limit are required, as for the main container. */
    readonly resources: ResourceSpec;
    /**
     * The workload's shared volumes this container mounts, by claim name; writable, even when the main container
     * mounts the claim read-only, unless `readOnly` (a source it only copies from). @default []
     */
    readonly volumeMounts?: readonly {
        readonly claimName: string;
        readonly mountPath: string;
        /** @default false */
        readonly readOnly?: boolean;
    }[];
}

/** What an init container shares with the main one: the pod's scratch and shared volumes and its security. */
export interface InitContainerContext {
    /** The image reference, already resolved through the registry mirror. */
    readonly image: string;
    readonly sharedVolumes: readonly SharedVolume[];
    /** The workload's scratch paths, mounted here too so the read-only root filesystem leaves /tmp writable. */
    readonly scratchPaths: readonly string[];
    readonly security?: SecurityLoosening;
}

/**
 * The init container: the main container's restricted security context (same user, so the files it writes are the
 * server's), the workload's scratch mounts, the named claims writable, and no probes (the API server rejects them
 * on init containers; the pod waits for it to exit).
 */
export function initContainerSpec(spec: InitContainerSpec, context: InitContainerContext): Container {
    const env = containerEnv(spec.env, spec.secretEnv);
    const claims = context.sharedVolumes.map((v) => v.claimName);
    const mounts = [
        ...context.scratchPaths.map((mountPath, i) => ({ name: scratchVolumeName(i), mountPath })),
        ...(spec.volumeMounts ?? []).map((m) => ({
            name: sharedVolumeName(claims.indexOf(m.claimName)),
            mountPath: m.mountPath,
            ...(m.readOnly ? { readOnly: true } : {}),
        })),
    ];
    return {
        name: spec.name,
        image: context.image,
        imagePullPolicy: "IfNotPresent",
        ...(spec.command ? { command: [...spec.command] } : {}),
        ...(spec.args ? { args: [...spec.args] } : {}),
        ...(env.length > 0 ? { env } : {}),
        resources: containerResources(spec.resources),
        securityContext: containerSecurityContext(context.security),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    };
}

/** The shared claims the init containers write: those one of them mounts writable. */
export function writtenClaims(specs: readonly InitContainerSpec[]): string[] {
    return [
        ...new Set(specs.flatMap((s) => (s.volumeMounts ?? []).filter((m) => !m.readOnly).map((m) => m.claimName))),
    ];
}

/**
 * What is wrong with the init containers: a missing or repeated name (the main container is named `mainName`, when
 * known), a
 * claim that is not one of the shared volumes, a relative path, or a path mounted twice in one container.
 */
export function initContainerProblems(
    specs: readonly InitContainerSpec[],
    mainName: string | undefined,
    sharedVolumes: readonly SharedVolume[],
    scratchPaths: readonly string[],
): string[] {
    const problems: string[] = [];
    const names = specs.map((s) => s.name);
    const claims = sharedVolumes.map((v) => v.claimName);
    specs.forEach((spec, i) => {
        const field = `args.initContainers[${i}]`;
        if (spec.name.trim() === "") {
            problems.push(`${field} has no name`);
        } else if (spec.name === mainName || names.indexOf(spec.name) !== i) {
            problems.push(`${field}.name ${JSON.stringify(spec.name)} is already a container of the pod`);
        }
        const mounts = spec.volumeMounts ?? [];
        mounts.forEach((m, j) => {
            if (!claims.includes(m.claimName)) {
                problems.push(
                    `${field}.volumeMounts[${j}].claimName ${JSON.stringify(m.claimName)} is not one of args.sharedVolumes`,
                );
            }
            if (!m.mountPath.startsWith("/")) {
                problems.push(`${field}.volumeMounts[${j}].mountPath ${JSON.stringify(m.mountPath)} is not absolute`);
            }
        });
        const paths = [...scratchPaths, ...mounts.map((m) => m.mountPath)];
        const twice = [...new Set(paths.filter((p, k) => paths.indexOf(p) !== k))];
        if (twice.length > 0) {
            problems.push(
                `${field} mount paths must be unique, got ${twice.map((p) => JSON.stringify(p)).join(", ")} twice`,
            );
        }
    });
    return problems;
}
