import { deployment } from "../../../helpers/k8s-fixtures";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

/** Types the quota fixtures use beyond K8sType. */
export const T = {
    configMap: "kubernetes:core/v1:ConfigMap",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
} as const;

export interface NodeSpec {
    name: string;
    schedulable: boolean;
    gpus: number;
}

/**
 * The cluster inventory ConfigMap as components/cluster publishes it. Defaults: a control plane and three
 * schedulable workers, two of them with one GPU each (the seed's 2-GPU cluster): 24 cores, 48Gi, 2 GPUs.
 */
export function inventory(
    data: { cpu?: string; memoryBytes?: string; gpus?: string; nodes?: NodeSpec[] } = {},
    name = "platform-capacity",
) {
    const nodes = data.nodes ?? [
        { name: "cp1", schedulable: false, gpus: 0 },
        { name: "node1", schedulable: true, gpus: 0 },
        { name: "gpu1", schedulable: true, gpus: 1 },
        { name: "gpu2", schedulable: true, gpus: 1 },
    ];
    return fixture(T.configMap, name, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: "kube-public", labels: { "platform.io/inventory": "capacity" } },
        data: {
            cpu: data.cpu ?? "24",
            memoryBytes: data.memoryBytes ?? String(48 * 2 ** 30),
            gpus: data.gpus ?? "2",
            nodes: JSON.stringify(nodes),
        },
    });
}

/** A KEDA ScaledObject targeting a Deployment (KEDA's defaults for the kind and minReplicaCount). */
export function scaledObject(ns: string, name: string, target: string, maxReplicaCount?: number) {
    return fixture(K8sType.scaledObject, name, {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name, namespace: ns },
        spec: {
            scaleTargetRef: { name: target },
            minReplicaCount: 1,
            ...(maxReplicaCount === undefined ? {} : { maxReplicaCount }),
            triggers: [
                { type: "prometheus", metadata: { query: "sum(nv_inference_queue_duration_us)", threshold: "50" } },
            ],
        },
    });
}

/** An autoscaling/v2 HPA targeting a Deployment. */
export function hpa(ns: string, name: string, target: string, maxReplicas: number, kind = "Deployment") {
    return fixture(T.hpa, name, {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name, namespace: ns },
        spec: { scaleTargetRef: { apiVersion: "apps/v1", kind, name: target }, minReplicas: 1, maxReplicas },
    });
}

export function pvc(ns: string, name: string, storage: string, storageClassName?: string) {
    return fixture(T.pvc, name, {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name, namespace: ns },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage } } },
    });
}

/** A StatefulSet with one compliant container and one volumeClaimTemplate. */
export function statefulSet(ns: string, name: string, replicas: number, storage: string) {
    return fixture(K8sType.statefulSet, name, {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name, namespace: ns },
        spec: {
            replicas,
            serviceName: name,
            selector: { matchLabels: { app: name } },
            template: {
                metadata: { labels: { app: name } },
                spec: { containers: [container("db", "100m", "128Mi")] },
            },
            volumeClaimTemplates: [
                {
                    metadata: { name: "data" },
                    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } },
                },
            ],
        },
    });
}

/** A container with cpu and memory requests and a memory limit equal to the memory request. */
export function container(name: string, cpu: string, memory: string, extra: Props = {}): Props {
    return {
        name,
        image: "registry.example.com/app:1.2.3",
        resources: { requests: { cpu, memory }, limits: { memory } },
        ...extra,
    };
}

/** A Deployment with the given replicas and one container whose requests equal its limits. */
export function sized(ns: string, name: string, replicas: number, cpu: string, memory = "128Mi") {
    const d = deployment(ns, name);
    const spec = d.props.spec as Props;
    spec.replicas = replicas;
    spec.template.spec.containers = [guaranteed("app", cpu, memory)];
    return d;
}

/** A container whose requests equal its limits (QoS Guaranteed). */
export function guaranteed(name: string, cpu: string, memory: string): Props {
    return {
        name,
        image: "registry.example.com/app:1.2.3",
        resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    };
}

/** A workload of another kind with one guaranteed container: DaemonSet, Job, Pod. */
export function workloadOf(type: string, ns: string, name: string, cpu: string, spec: Props = {}) {
    const podSpec = { containers: [guaranteed("app", cpu, "128Mi")] };
    const body =
        type === K8sType.pod
            ? podSpec
            : {
                  selector: { matchLabels: { app: name } },
                  template: { metadata: { labels: { app: name } }, spec: podSpec },
                  ...spec,
              };
    return fixture(type, name, { metadata: { name, namespace: ns }, spec: body });
}

/** A compliant GPU Deployment: 1 GPU per pod, tolerating the GPU taint, selecting GPU nodes, RuntimeClass nvidia. */
export function gpuDeployment(ns: string, name: string, replicas = 1) {
    const d = deployment(ns, name);
    const spec = d.props.spec as Props;
    spec.replicas = replicas;
    spec.template.spec = {
        runtimeClassName: "nvidia",
        nodeSelector: { accelerator: "nvidia" },
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        containers: [
            {
                name: "triton",
                image: "nvcr.io/nvidia/tritonserver:23.05-py3",
                resources: {
                    requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
                    limits: { cpu: "4", memory: "8Gi", "nvidia.com/gpu": "1" },
                },
            },
        ],
    };
    return d;
}

/** The pod spec of a workload fixture, for mutate(). */
export function podSpec(resource: { type: string; props: Record<string, unknown> }): Props {
    const props = resource.props as Props;
    if (resource.type === K8sType.pod) {
        return props.spec;
    }
    return resource.type === K8sType.cronJob ? props.spec.jobTemplate.spec.template.spec : props.spec.template.spec;
}

/** Props of a fixture, typed loosely for mutate(). */
export function propsOf(resource: { props: Record<string, unknown> }): Props {
    return resource.props as Props;
}

/**
 * Like mutate(), for PREVIEW_UNKNOWN cases: structuredClone (which mutate uses) builds objects of Node's outer
 * realm under jest, and @pulumi/policy's proxy (`instanceof Object`) leaves those unproxied, so an unknown
 * would read as a plain string. A JSON copy stays in jest's realm.
 */
export function withUnknown<T>(value: T, change: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(value)) as T;
    change(copy);
    return copy;
}
