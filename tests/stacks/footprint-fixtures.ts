import { K8sType } from "../../contract/k8s-types";
import type { ChartPin } from "../../contract/versions";
import type { CapturedResource } from "../../tools/runtime/capture";

const GI = 2 ** 30;
const STACK_URN = "urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test";

/** A captured resource; the urn is derived from type and name, the parent defaults to the stack (null: none). */
export function res(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    parent: string | null = STACK_URN,
): CapturedResource {
    return {
        urn: `urn:pulumi:test::platform::${type}::${name}`,
        type,
        name,
        custom: !type.startsWith("platform:") && type !== K8sType.chartV4,
        parent: parent ?? undefined,
        dependencies: [],
        propertyDependencies: {},
        inputs,
        options: {
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ignoreChanges: [],
            additionalSecretOutputs: [],
        },
    };
}

export function container(name: string, requests?: object, limits?: object, extra: object = {}) {
    return { name, image: "registry.example.com/app:1.0.0", resources: { requests, limits }, ...extra };
}

export function workload(type: string, ns: string, name: string, spec: object, parent?: string) {
    return res(type, name, { metadata: { name, namespace: ns }, spec }, parent);
}

export function namespace(name: string, parent?: string) {
    return res(K8sType.namespace, name, { metadata: { name } }, parent);
}

export function quota(ns: string, name: string, hard: Record<string, string>, parent?: string) {
    return res(K8sType.resourceQuota, name, { metadata: { name, namespace: ns }, spec: { hard } }, parent);
}

export interface FixtureNode {
    name: string;
    role: string;
    schedulable: boolean;
    cpu: string;
    memory: string;
    gpus: number;
}

/** A control plane, two 2-core 2Gi workers and a 4-core 16Gi GPU node: 8 cores and 20Gi schedulable. */
export const NODES: FixtureNode[] = [
    { name: "cp1", role: "control-plane", schedulable: false, cpu: "2", memory: "4Gi", gpus: 0 },
    { name: "w1", role: "worker", schedulable: true, cpu: "2", memory: "2Gi", gpus: 0 },
    { name: "w2", role: "worker", schedulable: true, cpu: "2", memory: "2Gi", gpus: 0 },
    { name: "gpu1", role: "worker", schedulable: true, cpu: "4", memory: "16Gi", gpus: 1 },
];

export function inventory(nodes: FixtureNode[] = NODES, parent?: string) {
    return res(
        K8sType.configMap,
        "platform-capacity",
        {
            metadata: {
                name: "platform-capacity",
                namespace: "kube-public",
                labels: { "platform.io/inventory": "capacity" },
            },
            data: { cpu: "8", memoryBytes: String(20 * GI), gpus: "1", nodes: JSON.stringify(nodes) },
        },
        parent,
    );
}

/** A chart that declares a scaled controller, a speaker per node, an FRR sidecar behind a flag and a webhook. */
export const DEMO_PIN: ChartPin = {
    chart: "demo",
    version: "1.0.0",
    repository: "https://charts.example.com",
    containers: [
        {
            name: "controller",
            resources: "controller.resources",
            replicas: { valuesPath: "controller.replicas", default: 1 },
        },
        { name: "speaker", resources: "speaker.resources", replicas: { perNode: true } },
        {
            name: "speaker/frr",
            resources: "speaker.frr.resources",
            replicas: { perNode: true },
            enabledBy: "speaker.frr.enabled",
        },
        { name: "webhook", resources: "webhook.resources", replicas: { fixed: 1 } },
    ],
    images: [],
    priorityClasses: [],
    freeformValues: [],
};

export const DEMO_VALUES = {
    controller: { replicas: 2, resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
    speaker: {
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        frr: { enabled: false, resources: { requests: { cpu: "1", memory: "1Gi" } } },
    },
};

export function chart(name: string, ns: string, chartRef: string, values: object, parent?: string) {
    return res(K8sType.chartV4, name, { chart: chartRef, version: "1.0.0", namespace: ns, values }, parent);
}

const demo = res("platform:network:Demo", "demo", {});
const demoNs = res("platform:tenancy:GovernedNamespace", "demo-system", {}, demo.urn);
const monitor = res("platform:observability:Monitor", "monitor", {});
const web = res("platform:tenancy:GovernedNamespace", "web", {});
const clusterInventory = res("platform:cluster:ClusterInventory", "platform", {});

/**
 * A small stack: a network component (its system namespace with a budget, the demo chart through a mirror, a
 * DaemonSet), an observability component (an HPA-scaled Deployment with an init container), a tenant with a quota
 * and a Deployment, and an unquota'd tenant namespace running a Job.
 */
export const LAB: CapturedResource[] = [
    res("pulumi:pulumi:Stack", "platform-test", {}, null),
    clusterInventory,
    inventory(NODES, clusterInventory.urn),
    demo,
    demoNs,
    namespace("demo-system", demoNs.urn),
    quota("demo-system", "demo-system-quota", { "requests.cpu": "1", "requests.memory": "1Gi" }, demoNs.urn),
    chart("demo-chart", "demo-system", "oci://mirror.example.com/charts/demo", DEMO_VALUES, demo.urn),
    workload(
        K8sType.daemonSet,
        "demo-system",
        "agent",
        {
            template: {
                spec: {
                    containers: [container("agent", { cpu: "10m", memory: "16Mi" }, { cpu: "20m", memory: "32Mi" })],
                },
            },
        },
        demo.urn,
    ),
    monitor,
    namespace("monitoring", monitor.urn),
    workload(
        K8sType.deployment,
        "monitoring",
        "collector",
        {
            template: {
                spec: {
                    initContainers: [
                        container("migrate", { cpu: "500m", memory: "64Mi" }, { cpu: "500m", memory: "64Mi" }),
                    ],
                    containers: [
                        container("collector", { cpu: "200m", memory: "256Mi" }, { cpu: "400m", memory: "512Mi" }),
                    ],
                },
            },
        },
        monitor.urn,
    ),
    res(
        K8sType.hpa,
        "collector",
        {
            metadata: { name: "collector", namespace: "monitoring" },
            spec: { scaleTargetRef: { kind: "Deployment", name: "collector" }, minReplicas: 2, maxReplicas: 6 },
        },
        monitor.urn,
    ),
    web,
    namespace("web", web.urn),
    quota("web", "web-quota", { "requests.cpu": "2", "requests.memory": "4Gi", "limits.cpu": "4" }, web.urn),
    workload(K8sType.deployment, "web", "site", {
        replicas: 3,
        template: { spec: { containers: [container("site", { cpu: "100m", memory: "128Mi" })] } },
    }),
    namespace("batch"),
    workload(K8sType.job, "batch", "etl", {
        parallelism: 2,
        completions: 1,
        template: { spec: { containers: [container("etl", { cpu: "250m", memory: "512Mi" })] } },
    }),
];

export const LAB_PINS: readonly ChartPin[] = [DEMO_PIN];
