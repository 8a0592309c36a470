import type { PolicyConfigSchema, ResourceValidation } from "@pulumi/policy";
import { HostAccess, namespacesNeeding } from "../../contract/namespaces";
import { withDefaults } from "./config";
import { metadataNamespace, type Props } from "./resources";
import { podSpecOf } from "./workloads";

/** Default `exemptNamespaces` of the pod-security rules, per check (see NAMESPACE_HOST_ACCESS). */
export const SystemNamespaces = {
    privileged: namespacesNeeding(HostAccess.privileged),
    hostNamespaces: namespacesNeeding(HostAccess.hostNamespaces),
    hostPath: namespacesNeeding(HostAccess.hostPath),
    /** runAsNonRoot, privilege escalation, capabilities, seccomp, read-only root: the root/privileged DaemonSets. */
    restricted: namespacesNeeding(HostAccess.root),
} as const satisfies Record<string, readonly string[]>;

export interface ExemptConfig {
    readonly exemptNamespaces: readonly string[];
}

/** The `exemptNamespaces` property with a rule's own default. */
export function exemptNamespacesProperty(defaults: readonly string[]): PolicyConfigSchema["properties"] {
    return {
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            description:
                "Namespaces this rule does not check: system namespaces whose node agents need what it forbids.",
            default: [...defaults],
        },
    };
}

/**
 * A resource validation over every workload's pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Job, CronJob) outside the configured exempt namespaces, if the rule has any; `check` receives the merged config.
 * The namespace is read only when there is something to report, so a compliant workload whose namespace is
 * unknown at preview still passes cleanly.
 */
export function validatePodSpec<T extends object>(
    defaults: T,
    check: (podSpec: Props, config: T, report: (message: string) => void) => void,
): ResourceValidation {
    return (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const config = withDefaults(defaults, args.getConfig);
        const found: string[] = [];
        check(podSpec, config, (message) => found.push(message));
        const { exemptNamespaces } = config as Partial<ExemptConfig>;
        if (found.length === 0 || exemptNamespaces?.includes(metadataNamespace(args.props))) {
            return;
        }
        for (const message of found) {
            report(message);
        }
    };
}

/** A security context field as the kubelet applies it: the container's value, else the pod's. */
export function effective(podSpec: Props, container: Props, field: string): unknown {
    return container.securityContext?.[field] ?? podSpec.securityContext?.[field];
}
