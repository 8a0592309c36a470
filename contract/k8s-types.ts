import { KEDA_API_VERSION } from "./keda";

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
    /** KEDA's ScaledObject, as `apiextensions.CustomResource` registers it; KEDA creates its HPA at run time. */
    scaledObject: `kubernetes:${KEDA_API_VERSION}:ScaledObject`,
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

/** Where an autoscaler keeps its bounds, and what its API server (or KEDA) makes of fields left out. */
export interface ScalerFields {
    readonly minField: string;
    readonly minDefault: number;
    /** The lowest minimum the API accepts. */
    readonly minAllowed: number;
    readonly maxField: string;
    /** Undefined where the field is required. */
    readonly maxDefault?: number;
    /** The count a scaler drops to while idle, below its minimum (KEDA's scale to zero). */
    readonly idleField?: string;
    /** What an absent scaleTargetRef.apiVersion and kind mean; an HPA requires the kind. */
    readonly targetDefaults?: { readonly apiVersion: string; readonly kind: string };
}

const HPA_FIELDS: ScalerFields = { minField: "minReplicas", minDefault: 1, minAllowed: 1, maxField: "maxReplicas" };

/**
 * Every autoscaler that owns a Deployment's or StatefulSet's replica count: each HPA version the SDK can declare
 * (the controller acts on all of them) and KEDA's ScaledObject (KEDA defaults minReplicaCount 0, maxReplicaCount
 * 100, target apps/v1 Deployment; keda.sh_scaledobjects.yaml at v2.20.2).
 */
export const SCALER_FIELDS: Readonly<Record<string, ScalerFields>> = {
    [K8sType.hpa]: HPA_FIELDS,
    [K8sType.hpaV1]: HPA_FIELDS,
    [K8sType.hpaV2beta2]: HPA_FIELDS,
    [K8sType.hpaV2beta1]: HPA_FIELDS,
    [K8sType.scaledObject]: {
        minField: "minReplicaCount",
        minDefault: 0,
        minAllowed: 0,
        maxField: "maxReplicaCount",
        maxDefault: 100,
        idleField: "idleReplicaCount",
        targetDefaults: { apiVersion: "apps/v1", kind: "Deployment" },
    },
};

/** Every HPA version the SDK can declare. */
export const HPA_TYPES: readonly string[] = [K8sType.hpa, K8sType.hpaV1, K8sType.hpaV2beta2, K8sType.hpaV2beta1];

/** Every autoscaler type: the HPAs and the ScaledObject. */
export const SCALER_TYPES: readonly string[] = Object.keys(SCALER_FIELDS);

/** Prefix of the platform's own component type tokens: `platform:<area>:<Type>`. */
export const PLATFORM_TYPE_PREFIX = "platform:";
