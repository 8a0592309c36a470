import type { ResourceValidation } from "@pulumi/policy";
import { withDefaults } from "./config";
import type { Props } from "./resources";
import { podSpecOf } from "./workloads";

type Report = (message: string) => void;

/**
 * A resource validation over every workload's pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob): reports every finding of `check`, which receives the profile's config merged
 * over `defaults` (`{}` for a rule without config). The namespace is not read, so a workload in a system namespace
 * is judged like any other; the only way out is a per-object entry in policy/exemptions.yaml (applyExemptions).
 */
export function validatePodSpec<T extends object>(
    defaults: T,
    check: (podSpec: Props, config: T, report: Report) => void,
): ResourceValidation {
    return (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec !== undefined) {
            check(podSpec, withDefaults(defaults, args.getConfig), report);
        }
    };
}

/** A security context field as the kubelet applies it: the container's value, else the pod's. */
export function effective(podSpec: Props, container: Props, field: string): unknown {
    return container.securityContext?.[field] ?? podSpec.securityContext?.[field];
}
