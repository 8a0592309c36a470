import type { PolicyResource } from "@pulumi/policy";

/** Type tokens the rules match on, where no typed helper applies: the one list every area uses. */
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
    configMap: "kubernetes:core/v1:ConfigMap",
    service: "kubernetes:core/v1:Service",
    persistentVolumeClaim: "kubernetes:core/v1:PersistentVolumeClaim",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    hpaV1: "kubernetes:autoscaling/v1:HorizontalPodAutoscaler",
    hpaV2beta2: "kubernetes:autoscaling/v2beta2:HorizontalPodAutoscaler",
    hpaV2beta1: "kubernetes:autoscaling/v2beta1:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    pdbV1beta1: "kubernetes:policy/v1beta1:PodDisruptionBudget",
    chartV4: "kubernetes:helm.sh/v4:Chart",
    releaseV3: "kubernetes:helm.sh/v3:Release",
    /** mariadb-operator's MariaDB; its spec.storage becomes the members' volume claims. */
    mariaDb: "kubernetes:k8s.mariadb.com/v1alpha1:MariaDB",
    maxScale: "kubernetes:k8s.mariadb.com/v1alpha1:MaxScale",
    redisSentinel: "kubernetes:redis.redis.opstreelabs.in/v1beta2:RedisSentinel",
    /** Longhorn volumes, for the served API versions. */
    longhornVolume: "kubernetes:longhorn.io/v1beta2:Volume",
    longhornVolumeV1beta1: "kubernetes:longhorn.io/v1beta1:Volume",
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
