import type * as k8s from "@pulumi/kubernetes";

type ContainerSecurityContext = k8s.types.input.core.v1.SecurityContext;
type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;

/** The user and group platform containers run as when the image does not say; 65532 is distroless `nonroot`. */
export const NON_ROOT_ID = 65532;

/** Explicit, named loosenings of the secure container defaults; each one is visible in review. */
export interface SecurityLoosening {
    /** Let the container write to its root filesystem (e.g. an image that writes into its own tree). @default false */
    readonly writableRootFilesystem?: boolean;
    /** Capabilities added back after dropping ALL (e.g. NET_BIND_SERVICE). @default [] */
    readonly addCapabilities?: readonly string[];
    /** Run as this UID instead of 65532; must not be 0. @default 65532 */
    readonly runAsUser?: number;
}

/**
 * Restricted-profile container defaults (after cdk8s-plus): non-root, read-only root filesystem, no privilege
 * escalation, every capability dropped, the runtime's default seccomp profile.
 */
export function containerSecurityContext(loosen: SecurityLoosening = {}): ContainerSecurityContext {
    const add = loosen.addCapabilities ?? [];
    return {
        runAsNonRoot: true,
        runAsUser: loosen.runAsUser ?? NON_ROOT_ID,
        runAsGroup: NON_ROOT_ID,
        readOnlyRootFilesystem: !(loosen.writableRootFilesystem ?? false),
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: add.length > 0 ? { drop: ["ALL"], add: [...add] } : { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Pod-level defaults that match the container defaults; fsGroup lets non-root containers write mounted volumes. */
export function podSecurityContext(runAsUser: number = NON_ROOT_ID): PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser,
        runAsGroup: NON_ROOT_ID,
        fsGroup: NON_ROOT_ID,
        seccompProfile: { type: "RuntimeDefault" },
    };
}
