/** Pod Security Admission levels, least to most restrictive. */
export const PodSecurityLevel = { privileged: "privileged", baseline: "baseline", restricted: "restricted" } as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/** The PSA labels that enforce a level and also audit and warn at it. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
    };
}
