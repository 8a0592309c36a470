/** Pulumi type tokens of the Kubernetes provider the platform and the pack match on: the one list every area uses. */
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
    replicationController: "kubernetes:core/v1:ReplicationController",
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
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    secret: "kubernetes:core/v1:Secret",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    priorityClass: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
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

/** Helm chart resources: their children are not rendered under mocks, so rules and the render read their values. */
export const CHART_TYPES: readonly string[] = [K8sType.chartV4, K8sType.releaseV3];

/** Prefix of the platform's own component type tokens: `platform:<area>:<Type>`. */
export const PLATFORM_TYPE_PREFIX = "platform:";
