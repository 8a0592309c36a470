import {
    containerSpec,
    nodeSpread,
    onePerNode,
    podSpec,
    serviceMonitorSpec,
    topologySpread,
} from "../../../components/workload/manifests";
import {
    dataClaimTemplate,
    deploymentSpec,
    flowPolicyArgs,
    podTemplate,
    serviceMonitorResource,
    statefulSetSpec,
    workloadEndpoint,
    workloadFlowPolicies,
    workloadMetadata,
} from "../../../components/workload/workload-manifests";
import { workloadPodTemplate, type WorkloadArgs } from "../../../components/workload/workload";
import { allFlowPolicies, type Endpoint, type Flow } from "../../../components/network/flows";

const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };

describe("workload objects", () => {
    const selector = { "app.kubernetes.io/name": "web" };
    const template = { metadata: { labels: selector }, spec: { containers: [{ name: "web" }] } };
    const storage = { mountPath: "/data", size: "10Gi", storageClassName: "longhorn" };

    it("name the component's objects after it, in its namespace, with the managed labels and its selector", () => {
        expect(workloadMetadata("web", "apps", selector)).toEqual({
            name: "web",
            namespace: "apps",
            labels: {
                "app.kubernetes.io/managed-by": "pulumi",
                "app.kubernetes.io/part-of": "platform",
                "app.kubernetes.io/name": "web",
            },
        });
        expect(workloadEndpoint("web", "apps")).toEqual({
            kind: "pods",
            name: "apps/web",
            namespaces: ["apps"],
            labels: selector,
        });
    });

    it("label the pod template and give it the secured pod spec", () => {
        const options = { selector, replicated: true, scratchPaths: [], priorityClassName: "tenant-workload" };
        expect(podTemplate({ labels: { team: "a" } }, { name: "web" }, options)).toEqual({
            metadata: { labels: { team: "a" } },
            spec: podSpec({ name: "web" }, options),
        });
    });

    it("annotate the pod template only when there is something to say", () => {
        const options = { selector, replicated: false, scratchPaths: [], priorityClassName: "tenant-workload" };
        const annotations = { "platform.io/model-sources": "[]" };
        expect(podTemplate({ labels: {}, annotations }, { name: "web" }, options).metadata).toEqual({
            labels: {},
            annotations,
        });
        expect(podTemplate({ labels: {}, annotations: {} }, { name: "web" }, options).metadata).toEqual({ labels: {} });
    });

    it("roll a Deployment one surge pod at a time with the static replica count", () => {
        expect(deploymentSpec({ selector, template, replicas: 2 })).toEqual({
            replicas: 2,
            selector: { matchLabels: selector },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
            template,
        });
        expect(deploymentSpec({ selector, template })).not.toHaveProperty("replicas");
    });

    it("replace a Deployment's pods one at a time, without a surge pod, when asked", () => {
        expect(deploymentSpec({ selector, template, replicas: 2, rollout: "replace" }).strategy).toEqual({
            type: "RollingUpdate",
            rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        });
        expect(deploymentSpec({ selector, template, rollout: "surge" })).toEqual(
            deploymentSpec({ selector, template }),
        );
    });

    it("govern a StatefulSet by its Service, claiming storage only when asked", () => {
        expect(statefulSetSpec({ serviceName: "web", selector, template, replicas: 3 })).toEqual({
            replicas: 3,
            serviceName: "web",
            selector: { matchLabels: selector },
            template,
        });
        expect(statefulSetSpec({ serviceName: "web", selector, template })).not.toHaveProperty("replicas");
        expect(statefulSetSpec({ serviceName: "web", selector, template, storage }).volumeClaimTemplates).toEqual([
            dataClaimTemplate(storage),
        ]);
    });

    it("claim ReadWriteOnce storage per replica unless another access mode is named", () => {
        expect(dataClaimTemplate(storage)).toEqual({
            metadata: { name: "data" },
            spec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: "longhorn",
                resources: { requests: { storage: "10Gi" } },
            },
        });
        expect(dataClaimTemplate({ ...storage, accessMode: "ReadWriteMany" }).spec).toMatchObject({
            accessModes: ["ReadWriteMany"],
        });
    });

    it("wrap the ServiceMonitor spec in a prometheus-operator object", () => {
        const metadata = { name: "web", namespace: "apps" };
        expect(serviceMonitorResource(metadata, selector, { port: "metrics", interval: "10s" })).toEqual({
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata,
            spec: serviceMonitorSpec(selector, { port: "metrics", interval: "10s" }),
        });
    });
});

describe("workload flow policies", () => {
    const self: Endpoint = { kind: "pods", name: "apps/web", namespaces: ["apps"], labels: { app: "web" } };
    const prometheus: Endpoint = { kind: "pods", name: "prom", namespaces: ["monitoring"], labels: {} };
    const database: Endpoint = { kind: "cidrs", name: "db", cidrs: ["10.0.0.0/24"] };
    const scrape: Flow = { name: "scrape", from: prometheus, to: self, ports: [{ port: 9090, protocol: "TCP" }] };

    it("open each flow on both sides when both ends are pods in named namespaces", () => {
        expect(workloadFlowPolicies([scrape])).toEqual(allFlowPolicies([scrape], new Set(["apps", "monitoring"])));
        expect(workloadFlowPolicies([scrape]).map((p) => `${p.namespace}/${p.name}`)).toEqual([
            "apps/flow-scrape-in",
            "monitoring/flow-scrape-out",
        ]);
    });

    it("open a flow to addresses outside the pod network on the pods' side only", () => {
        const egress: Flow = { name: "db", from: self, to: database, ports: [{ port: 5432, protocol: "TCP" }] };
        expect(workloadFlowPolicies([egress]).map((p) => `${p.namespace}/${p.name}`)).toEqual(["apps/flow-db-out"]);
        expect(workloadFlowPolicies([])).toEqual([]);
    });

    it("label each policy as managed and keep its spec", () => {
        const [policy] = workloadFlowPolicies([scrape]);
        expect(flowPolicyArgs(policy)).toEqual({
            metadata: {
                name: "flow-scrape-in",
                namespace: "apps",
                labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "platform" },
            },
            spec: policy.spec,
        });
    });
});

describe("the Workload's pod template", () => {
    const args: WorkloadArgs = {
        namespace: "apps",
        image: { registry: "docker.io", repository: "library/web", tag: "1.2.3" },
        resources: RESOURCES,
        ports: [{ name: "http", port: 8080 }],
        health: { http: { path: "/healthz", port: "http" } },
    };

    it("runs one secured container with a /tmp scratch volume, unspread and stateless, without a token", () => {
        const template = workloadPodTemplate("web", args);
        const container = containerSpec({
            ...args,
            name: "web",
            image: "docker.io/library/web:1.2.3",
            scratchPaths: ["/tmp"],
        });
        expect(template).toEqual({
            metadata: { labels: { "app.kubernetes.io/name": "web", "platform.io/workload-class": "stateless" } },
            spec: podSpec(container, {
                selector: { "app.kubernetes.io/name": "web" },
                replicated: false,
                scratchPaths: ["/tmp"],
                priorityClassName: "tenant-workload",
            }),
        });
    });

    it("names the tenant PriorityClass unless the caller names another", () => {
        expect((workloadPodTemplate("web", args).spec as any).priorityClassName).toBe("tenant-workload");
        expect(
            (workloadPodTemplate("web", { ...args, priorityClassName: "platform-critical" }).spec as any)
                .priorityClassName,
        ).toBe("platform-critical");
    });

    it("spreads and classes pods as ha from two replicas, static or autoscaled", () => {
        for (const variant of [{ replicas: 2 }, { autoscaling: { minReplicas: 2, maxReplicas: 4 } }]) {
            expect(workloadPodTemplate("web", { ...args, ...variant })).toMatchObject({
                metadata: { labels: { "platform.io/workload-class": "ha" } },
                spec: { topologySpreadConstraints: topologySpread({ "app.kubernetes.io/name": "web" }) },
            });
        }
    });

    it("takes the class, token, pod user and data mount from the args", () => {
        expect(workloadPodTemplate("web", { ...args, workloadClass: "ha" }).metadata).toEqual({
            labels: { "app.kubernetes.io/name": "web", "platform.io/workload-class": "ha" },
        });
        expect(workloadPodTemplate("web", { ...args, serviceAccountToken: true }).spec).toMatchObject({
            automountServiceAccountToken: true,
        });
        expect(workloadPodTemplate("web", { ...args, security: { runAsUser: 33 } }).spec).toMatchObject({
            securityContext: { runAsUser: 33 },
        });
        const stateful = workloadPodTemplate("web", {
            ...args,
            kind: "StatefulSet",
            storage: { mountPath: "/data", size: "1Gi", storageClassName: "x" },
        });
        expect(stateful.spec).toMatchObject({
            containers: [
                {
                    volumeMounts: [
                        { name: "scratch-0", mountPath: "/tmp" },
                        { name: "data", mountPath: "/data" },
                    ],
                },
            ],
        });
    });
});

describe("node spreading", () => {
    const labels = { "app.kubernetes.io/name": "triton" };

    it("never puts two pods on one node with a required anti-affinity on the hostname", () => {
        expect(onePerNode(labels)).toEqual({
            podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                    { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } },
                ],
            },
        });
    });

    it("spreads evenly only when replicated, and one per node whatever the count", () => {
        expect(nodeSpread("even", true, labels)).toEqual({ topologySpreadConstraints: topologySpread(labels) });
        expect(nodeSpread("even", false, labels)).toEqual({});
        expect(nodeSpread("one-per-node", true, labels)).toEqual({ affinity: onePerNode(labels) });
        expect(nodeSpread("one-per-node", false, labels)).toEqual({ affinity: onePerNode(labels) });
    });

    it("reaches the Workload's pod template from args.spread, even spreading staying the default", () => {
        const args: WorkloadArgs = {
            namespace: "inference",
            image: { registry: "nvcr.io", repository: "nvidia/tritonserver", tag: "25.01-py3" },
            resources: RESOURCES,
            ports: [{ name: "http", port: 8000 }],
            health: { http: { path: "/v2/health/ready", port: "http" } },
            replicas: 2,
        };
        const spec = workloadPodTemplate("triton", { ...args, spread: "one-per-node" }).spec as any;
        expect(spec.affinity).toEqual(onePerNode(labels));
        expect(spec.topologySpreadConstraints).toBeUndefined();
        expect((workloadPodTemplate("triton", args).spec as any).topologySpreadConstraints).toEqual(
            topologySpread(labels),
        );
    });
});
