import type { PolicyResource } from "@pulumi/policy";

/** Type tokens the rules match on, where no typed helper applies. */
export const K8sType = {
    namespace: "kubernetes:core/v1:Namespace",
    resourceQuota: "kubernetes:core/v1:ResourceQuota",
    limitRange: "kubernetes:core/v1:LimitRange",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    pod: "kubernetes:core/v1:Pod",
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
} as const;

type Props = Record<string, any>;

export function metadataName(props: Props): string | undefined {
    return props.metadata?.name;
}

export function metadataNamespace(props: Props): string {
    return props.metadata?.namespace ?? "default";
}

export function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/** Namespaces (by name) in which at least one resource of `type` satisfying `accept` is declared. */
export function namespacesWith(
    resources: readonly PolicyResource[],
    type: string,
    accept: (props: Props) => boolean = () => true,
): Set<string> {
    return new Set(
        ofType(resources, type)
            .filter((r) => accept(r.props))
            .map((r) => metadataNamespace(r.props)),
    );
}
