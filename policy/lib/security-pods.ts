import type { ResourceValidation } from "@pulumi/policy";
import { withDefaults } from "./config";
import type { Props } from "./resources";
import { podSpecOf } from "./workloads";

type Report = (message: string) => void;

/**
 * A resource validation over every workload's pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Job, CronJob): reports every finding of `check`. The namespace is not read, so a workload in a system namespace
 * is judged like any other; the only way out is a per-object entry in policy/exemptions.yaml (applyExemptions).
 * A rule with config passes its `defaults` first; `check` then receives the profile's config merged over them.
 */
export function validatePodSpec(check: (podSpec: Props, report: Report) => void): ResourceValidation;
export function validatePodSpec<T extends object>(
    defaults: T,
    check: (podSpec: Props, config: T, report: Report) => void,
): ResourceValidation;
export function validatePodSpec<T extends object>(
    first: T | ((podSpec: Props, report: Report) => void),
    second?: (podSpec: Props, config: T, report: Report) => void,
): ResourceValidation {
    return (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        if (typeof first === "function") {
            first(podSpec, report);
        } else {
            second?.(podSpec, withDefaults(first, args.getConfig), report);
        }
    };
}

/** A security context field as the kubelet applies it: the container's value, else the pod's. */
export function effective(podSpec: Props, container: Props, field: string): unknown {
    return container.securityContext?.[field] ?? podSpec.securityContext?.[field];
}
