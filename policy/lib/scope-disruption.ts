import type { Props } from "./resources";

/**
 * Whether a PodDisruptionBudget sets a bound, minAvailable or maxUnavailable. policy/v1 defaults neither, and
 * with neither the disruption controller wants 0 pods healthy, so every selected pod may be evicted at once: the
 * budget exists but protects nothing. A null bound is unset, as the API server decodes it.
 */
export function hasDisruptionBound(pdbProps: Props): boolean {
    const spec: Props | undefined = pdbProps.spec;
    // `??` reads maxUnavailable only when minAvailable is unset, so a known bound never waits on an unknown one.
    const bound: unknown = spec?.minAvailable ?? spec?.maxUnavailable;
    return bound !== undefined && bound !== null;
}
