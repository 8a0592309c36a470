// Ephemeral storage (writable layer, logs, disk-backed emptyDirs) every container requests and is limited to: the
// workers' local disks are small (stage runs Vagrant VMs), and a container without a limit can fill the node's
// disk until the kubelet evicts every pod there. Data lives on claims, so the defaults stay modest.

/** The Kubernetes resource name. */
export const EPHEMERAL_STORAGE = "ephemeral-storage";

/**
 * Default request and limit: 128Mi is what a container's logs and scratch files take in steady state (the kubelet
 * rotates logs at 10Mi × 5); 1Gi bounds a runaway writer well below a small worker's free disk. Loki and Prometheus
 * keep their data on claims, so they need no more.
 */
export const DEFAULT_EPHEMERAL_STORAGE = { request: "128Mi", limit: "1Gi" } as const;

/** Requests and limits that may already name ephemeral-storage; the other resources are kept as they are. */
interface Requirements {
    readonly requests: object;
    readonly limits: object;
}

function named(pair: object): string | undefined {
    const value: unknown = (pair as Record<string, unknown>)[EPHEMERAL_STORAGE];
    return typeof value === "string" ? value : undefined;
}

/** The resources with the default ephemeral-storage request and limit where they name none. */
export function withEphemeralStorage<T extends Requirements>(resources: T): T {
    return {
        ...resources,
        requests: {
            ...resources.requests,
            [EPHEMERAL_STORAGE]: named(resources.requests) ?? DEFAULT_EPHEMERAL_STORAGE.request,
        },
        limits: {
            ...resources.limits,
            [EPHEMERAL_STORAGE]: named(resources.limits) ?? DEFAULT_EPHEMERAL_STORAGE.limit,
        },
    };
}
