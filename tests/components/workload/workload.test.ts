import * as path from "node:path";
import { evaluatePolicies } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { policies } from "../../../policy/pack";
import type { GatewayRef } from "../../../components/network/gateway-manifests";
import type { WorkloadArgs } from "../../../components/workload";
import { DAY5_LIMITS, DAY5_QUOTA } from "../../../stacks/areas/tenancy/schema";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType } from "../../helpers/capture";

const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "www.example.com": "https-www-example-com" },
    proxy: {
        kind: "pods",
        name: "gateway",
        namespaces: ["envoy-gateway-system"],
        labels: { "app.kubernetes.io/component": "proxy" },
    },
};

const BASE: WorkloadArgs = {
    namespace: "web",
    image: { registry: "docker.io", repository: "bitnami/wordpress", tag: "6.8.2" },
    resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9117 },
    ],
    health: { http: { path: "/healthz", port: "http" } },
};

async function render(args: WorkloadArgs, withNamespace = false): Promise<readonly CapturedResource[]> {
    const { Workload } = await import("../../../components/workload");
    const { GovernedNamespace } = await import("../../../components/tenancy");
    const { ClusterInventory, PriorityClasses } = await import("../../../components/cluster");
    return (
        await capture(() => {
            if (withNamespace) {
                // The stack publishes its capacity and registry mirror; the pack reads both from here.
                const node = { role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 0 };
                new PriorityClasses("platform");
                new ClusterInventory("platform", {
                    nodes: [1, 2, 3].map((i) => ({ ...node, name: `node${i}`, ip: `10.0.0.${20 + i}` })),
                    capacity: { cpu: 48, memory: 3 * 64 * 2 ** 30, gpus: 0 },
                    registryMirror: args.registryMirror,
                    namespaces: ["envoy-gateway-system", "web"],
                    offline: false,
                    networks: ["10.0.0.0/24"],
                });
                new GovernedNamespace("web", { quota: { ...DAY5_QUOTA, pods: 20 }, limits: DAY5_LIMITS });
                // The route's flow puts an egress policy on the gateway proxies' namespace; declare it governed.
                new GovernedNamespace("envoy-gateway-system", { quota: DAY5_QUOTA, limits: DAY5_LIMITS });
            }
            new Workload("wordpress", args);
        })
    ).resources;
}

describe("a routed, autoscaled Workload", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        resources = await render({
            ...BASE,
            registryMirror: "harbor.example.com/mirror",
            autoscaling: { minReplicas: 2, maxReplicas: 5 },
            route: { gateway: GATEWAY, hostname: "www.example.com", port: "http" },
            serviceMonitor: {
                port: "metrics",
                scrapedBy: {
                    kind: "pods",
                    name: "monitoring/prometheus",
                    namespaces: ["monitoring"],
                    labels: { "app.kubernetes.io/name": "prometheus" },
                },
            },
        });
    });

    it("declares no static replicas and ignores the HPA's changes to them", () => {
        const deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment");
        expect((deployment.inputs.spec as any).replicas).toBeUndefined();
        expect(deployment.options.ignoreChanges).toEqual(["spec.replicas"]);
        const hpa = findResource(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "wordpress-hpa");
        expect(hpa.inputs.spec).toMatchObject({
            minReplicas: 2,
            maxReplicas: 5,
            scaleTargetRef: { kind: "Deployment", name: "wordpress" },
        });
    });

    it("runs the pinned image through the mirror as a labelled, secured, spread pod", () => {
        const pod = (
            findResource(resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment").inputs.spec as any
        ).template;
        expect(pod.metadata.labels).toEqual({
            "app.kubernetes.io/name": "wordpress",
            "platform.io/workload-class": "ha",
        });
        const container = pod.spec.containers[0];
        expect(container.image).toBe("harbor.example.com/mirror/docker.io/bitnami/wordpress:6.8.2");
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
        expect(pod.spec.topologySpreadConstraints).toHaveLength(1);
    });

    it("adds a PDB because the HPA minimum is 2", () => {
        expect(
            findResource(resources, "kubernetes:policy/v1:PodDisruptionBudget", "wordpress-pdb").inputs.spec,
        ).toEqual({
            maxUnavailable: 1,
            selector: { matchLabels: { "app.kubernetes.io/name": "wordpress" } },
        });
    });

    it("routes the hostname to the Service's http port through the shared Gateway", () => {
        const route = findResource(resources, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "wordpress-route");
        expect(route.inputs.metadata).toMatchObject({ name: "wordpress", namespace: "web" });
        expect((route.inputs.spec as any).parentRefs).toEqual([
            { name: "platform", namespace: "gateway-system", sectionName: "https-www-example-com" },
        ]);
    });

    it("opens the Gateway → pods flow on both sides and lets the scraper in on the metrics port", () => {
        const byNamespace = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
            (p) => `${(p.inputs.metadata as any).namespace}/${(p.inputs.metadata as any).name}`,
        );
        expect(byNamespace.sort()).toEqual([
            "envoy-gateway-system/flow-web-wordpress-from-gateway-out",
            "monitoring/flow-web-wordpress-from-monitoring-prometheus-out",
            "web/flow-web-wordpress-from-gateway-in",
            "web/flow-web-wordpress-from-monitoring-prometheus-in",
        ]);
        const ingress = findResource(
            resources,
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "wordpress-web-flow-web-wordpress-from-gateway-in",
        );
        expect((ingress.inputs.spec as any).ingress[0].ports).toEqual([{ protocol: "TCP", port: 8080 }]);
    });

    it("creates a ServiceMonitor for the metrics port", () => {
        const monitor = findResource(
            resources,
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "wordpress-servicemonitor",
        );
        expect((monitor.inputs.spec as any).endpoints).toEqual([
            { port: "metrics", path: "/metrics", interval: "30s" },
        ]);
    });
});

describe("a single-replica Workload", () => {
    it("sets replicas, and has no HPA, PDB, spread, route or policies", async () => {
        const resources = await render(BASE);
        const deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment");
        expect((deployment.inputs.spec as any).replicas).toBe(1);
        expect(deployment.options.ignoreChanges).toEqual([]);
        expect((deployment.inputs.spec as any).template.metadata.labels["platform.io/workload-class"]).toBe(
            "stateless",
        );
        expect((deployment.inputs.spec as any).template.spec.topologySpreadConstraints).toBeUndefined();
        for (const type of [
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        ]) {
            expect(ofType(resources, type)).toEqual([]);
        }
    });
});

describe("a Workload created after its namespace", () => {
    it("passes its dependsOn to every child, which does not inherit it", async () => {
        const { Workload } = await import("../../../components/workload");
        const { GovernedNamespace } = await import("../../../components/tenancy");
        const { resources } = await capture(() => {
            const ns = new GovernedNamespace("web", { quota: DAY5_QUOTA, limits: DAY5_LIMITS });
            new Workload(
                "wordpress",
                { ...BASE, route: { gateway: GATEWAY, hostname: "www.example.com", port: "http" } },
                { dependsOn: [ns] },
            );
        });
        const namespace = findResource(resources, "kubernetes:core/v1:Namespace", "web");
        const children = resources.filter((r) => r.parent?.endsWith("platform:workload:Workload::wordpress"));
        expect(children.length).toBeGreaterThanOrEqual(4);
        for (const child of children) {
            expect(child.dependencies).toContain(namespace.urn);
        }
    });
});

describe("a StatefulSet Workload", () => {
    it("claims storage per replica and mounts it", async () => {
        const resources = await render({
            ...BASE,
            kind: "StatefulSet",
            replicas: 3,
            storage: { mountPath: "/data", size: "10Gi", storageClassName: "longhorn" },
        });
        const sts = findResource(resources, "kubernetes:apps/v1:StatefulSet", "wordpress-statefulset");
        const spec = sts.inputs.spec as any;
        expect(spec.replicas).toBe(3);
        expect(spec.serviceName).toBe("wordpress");
        expect(spec.volumeClaimTemplates[0].spec).toEqual({
            accessModes: ["ReadWriteOnce"],
            storageClassName: "longhorn",
            resources: { requests: { storage: "10Gi" } },
        });
        expect(spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    });
});

describe("workloadArgsProblems", () => {
    it("names each field that cannot work", async () => {
        const { workloadArgsProblems } = await import("../../../components/workload");
        expect(
            workloadArgsProblems({
                ...BASE,
                ports: [
                    { name: "http", port: 80 },
                    { name: "http", port: 81 },
                ],
                replicas: 0,
                autoscaling: { minReplicas: 3, maxReplicas: 2 },
                storage: { mountPath: "/data", size: "1Gi", storageClassName: "x" },
                route: { gateway: GATEWAY, hostname: "other.example.com", port: "web" },
                serviceMonitor: { port: "metrics" },
            }),
        ).toEqual([
            "args.ports names must be unique, got http, http",
            "args.replicas must be a positive integer, got 0",
            "args.autoscaling needs 1 ≤ minReplicas ≤ maxReplicas, got 3..2",
            'args.storage needs args.kind "StatefulSet"',
            "args.route.hostname other.example.com is not served by Gateway platform (www.example.com)",
            "args.route.port web is not one of args.ports (http, http)",
            "args.serviceMonitor.port metrics is not one of args.ports (http, http)",
        ]);
        expect(workloadArgsProblems(BASE)).toEqual([]);
    });
});

describe("the policy pack on a Workload", () => {
    it("finds no violation under the prod profile for a routed, autoscaled workload in a governed namespace", async () => {
        const resources = await render(
            {
                ...BASE,
                registryMirror: "harbor.platform.example.com/mirror",
                autoscaling: { minReplicas: 3, maxReplicas: 10 },
                route: { gateway: GATEWAY, hostname: "www.example.com", port: "http" },
            },
            true,
        );
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    });
});
