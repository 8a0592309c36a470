import type * as k8s from "@pulumi/kubernetes";

type Container = k8s.types.input.core.v1.Container;
type Probe = k8s.types.input.core.v1.Probe;

/** How the kubelet checks the container; startup, readiness and liveness probes all use it with their own timings. */
export type HealthCheck =
    | { readonly http: { readonly path: string; readonly port: string | number } }
    | { readonly grpc: { readonly port: number; readonly service?: string } }
    | { readonly tcp: { readonly port: string | number } };

/**
 * Distinct checks for serving and for being alive, for servers that tell them apart (Triton's /v2/health/ready and
 * /v2/health/live, vLLM's /health): a server that is loading or swapping a model is alive but not ready, and
 * restarting it would throw away a load that takes minutes.
 */
export interface HealthChecks {
    /** Gates traffic (readiness) and ends the startup grace (startup probe). */
    readonly ready: HealthCheck;
    /** Restarts a wedged container (liveness), once it has started. */
    readonly live: HealthCheck;
    /**
     * How long the container may take to become ready (model download and load) before liveness takes over; the
     * startup probe's failureThreshold × periodSeconds covers it. @default 300
     */
    readonly startupSeconds?: number;
}

/** One check behind every probe, or distinct readiness and liveness checks. */
export type Health = HealthCheck | HealthChecks;

export const DEFAULT_STARTUP_SECONDS = 300;
const STARTUP_PERIOD_SECONDS = 5;

export function isHealthChecks(health: Health): health is HealthChecks {
    return "ready" in health;
}

function handler(check: HealthCheck): Probe {
    if ("http" in check) {
        return { httpGet: { path: check.http.path, port: check.http.port } };
    }
    if ("grpc" in check) {
        return { grpc: { port: check.grpc.port, ...(check.grpc.service ? { service: check.grpc.service } : {}) } };
    }
    return { tcpSocket: { port: check.tcp.port } };
}

/**
 * Startup gives slow starters their grace (5 minutes unless `startupSeconds` says more) on the readiness check;
 * readiness gates traffic; liveness restarts a wedged container.
 */
export function probes(health: Health): Pick<Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
    const checks = isHealthChecks(health) ? health : { ready: health, live: health };
    const startupSeconds = (isHealthChecks(health) ? health.startupSeconds : undefined) ?? DEFAULT_STARTUP_SECONDS;
    const ready = handler(checks.ready);
    return {
        startupProbe: {
            ...ready,
            periodSeconds: STARTUP_PERIOD_SECONDS,
            failureThreshold: Math.ceil(startupSeconds / STARTUP_PERIOD_SECONDS),
            timeoutSeconds: 2,
        },
        readinessProbe: { ...ready, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
        livenessProbe: { ...handler(checks.live), periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 },
    };
}

/** What is wrong with the health args: a startup grace that is not a positive number of seconds. */
export function healthProblems(health: Health): string[] {
    const seconds = isHealthChecks(health) ? health.startupSeconds : undefined;
    if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
        return [`args.health.startupSeconds must be a positive number of seconds, got ${seconds}`];
    }
    return [];
}
