import {
    containerSpec,
    defaultWorkloadClass,
    hpaSpec,
    minimumReplicas,
    pdbSpec,
    podLabels,
    podSpec,
    probes,
    serviceMonitorSpec,
    serviceSpec,
    topologySpread,
} from "../../../components/workload/manifests";
import { listenerFor, routeResource, routeSpec, routeTargetPort } from "../../../components/workload/route";
import { containerSecurityContext } from "../../../components/lib/security";
import type { GatewayRef } from "../../../components/network/gateway-manifests";

const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };
const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "www.example.com": "https-www-example-com" },
    proxy: { kind: "pods", name: "gateway", namespaces: ["envoy-gateway-system"], labels: { proxy: "yes" } },
};

describe("secure container defaults", () => {
    it("run as non-root with a read-only root filesystem, no escalation, no capabilities and RuntimeDefault seccomp", () => {
        expect(containerSecurityContext()).toEqual({
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("loosen only what a named arg asks for", () => {
        expect(
            containerSecurityContext({
                writableRootFilesystem: true,
                addCapabilities: ["NET_BIND_SERVICE"],
                runAsUser: 33,
            }),
        ).toMatchObject({
            runAsUser: 33,
            readOnlyRootFilesystem: false,
            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
            allowPrivilegeEscalation: false,
        });
    });
});

describe("container", () => {
    const container = containerSpec({
        name: "web",
        image: "docker.io/library/web:1.2.3",
        ports: [{ name: "http", port: 8080 }],
        resources: RESOURCES,
        health: { http: { path: "/healthz", port: "http" } },
        env: { B: "2", A: "1" },
        secretEnv: [{ name: "DB_PASSWORD", secretName: "db", key: "password" }],
        scratchPaths: ["/tmp"],
    });

    it("sets requests, a memory limit, sorted plain env and secret env by reference", () => {
        expect(container.resources).toEqual({
            requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "128Mi" },
            limits: { memory: "256Mi", "ephemeral-storage": "1Gi" },
        });
        expect(container.env).toEqual([
            { name: "A", value: "1" },
            { name: "B", value: "2" },
            { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        ]);
        expect(container.volumeMounts).toEqual([{ name: "scratch-0", mountPath: "/tmp" }]);
    });

    it("probes startup, readiness and liveness through the same check with their own timings", () => {
        expect(probes({ grpc: { port: 8001 } })).toEqual({
            startupProbe: { grpc: { port: 8001 }, periodSeconds: 5, failureThreshold: 60, timeoutSeconds: 2 },
            readinessProbe: { grpc: { port: 8001 }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
            livenessProbe: { grpc: { port: 8001 }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 },
        });
        expect(container.readinessProbe).toMatchObject({ httpGet: { path: "/healthz", port: "http" } });
        expect(probes({ tcp: { port: 3306 } }).livenessProbe).toMatchObject({ tcpSocket: { port: 3306 } });
    });
});

describe("pod", () => {
    it("spreads replicated pods across nodes, ignoring nodes whose taints they do not tolerate", () => {
        const spec = podSpec(
            { name: "c" },
            { selector: { app: "x" }, replicated: true, scratchPaths: [], priorityClassName: "tenant-workload" },
        );
        expect(spec.topologySpreadConstraints).toEqual(topologySpread({ app: "x" }));
        expect(topologySpread({ app: "x" })[0]).toEqual({
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "DoNotSchedule",
            nodeTaintsPolicy: "Honor",
            labelSelector: { matchLabels: { app: "x" } },
        });
        expect(spec.automountServiceAccountToken).toBe(false);
        expect(spec.priorityClassName).toBe("tenant-workload");
        expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    });

    it("mounts the ServiceAccount token only when asked", () => {
        const options = { selector: {}, replicated: false, scratchPaths: [], priorityClassName: "tenant-workload" };
        expect(podSpec({ name: "c" }, options).automountServiceAccountToken).toBe(false);
        expect(podSpec({ name: "c" }, { ...options, serviceAccountToken: true }).automountServiceAccountToken).toBe(
            true,
        );
    });

    it("does not spread a single replica and gives each scratch path an emptyDir", () => {
        const spec = podSpec(
            { name: "c" },
            {
                selector: {},
                replicated: false,
                scratchPaths: ["/tmp", "/var/cache"],
                priorityClassName: "tenant-workload",
            },
        );
        expect(spec.topologySpreadConstraints).toBeUndefined();
        expect(spec.volumes).toEqual([
            { name: "scratch-0", emptyDir: { sizeLimit: "256Mi" } },
            { name: "scratch-1", emptyDir: { sizeLimit: "256Mi" } },
        ]);
    });

    it("labels pods with their name and availability class", () => {
        expect(podLabels("web", "ha", { team: "a" })).toEqual({
            team: "a",
            "app.kubernetes.io/name": "web",
            "platform.io/workload-class": "ha",
        });
        expect([1, 2].map((n) => defaultWorkloadClass(n))).toEqual(["stateless", "ha"]);
        expect(minimumReplicas(1, { minReplicas: 3, maxReplicas: 10 })).toBe(3);
    });
});

describe("service, HPA, PDB, ServiceMonitor", () => {
    it("exposes every container port by name", () => {
        expect(
            serviceSpec({ app: "x" }, [
                { name: "http", port: 8080 },
                { name: "grpc", port: 8001 },
            ]),
        ).toEqual({
            type: "ClusterIP",
            selector: { app: "x" },
            ports: [
                { name: "http", port: 8080, targetPort: "http", protocol: "TCP" },
                { name: "grpc", port: 8001, targetPort: "grpc", protocol: "TCP" },
            ],
        });
    });

    it("scales on CPU utilisation with autoscaling/v2 and defaults the target to 70 %", () => {
        expect(hpaSpec("Deployment", "web", { minReplicas: 2, maxReplicas: 5 })).toEqual({
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
            minReplicas: 2,
            maxReplicas: 5,
            metrics: [
                {
                    type: "Resource",
                    resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
                },
            ],
        });
    });

    it("allows one voluntary disruption at a time", () => {
        expect(pdbSpec({ app: "x" })).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: "x" } } });
    });

    it("scrapes the metrics port every 30s at /metrics by default", () => {
        expect(serviceMonitorSpec({ app: "x" }, { port: "metrics" })).toEqual({
            selector: { matchLabels: { app: "x" } },
            endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
        });
    });
});

describe("routes", () => {
    it("attaches an HTTPRoute to the hostname's HTTPS listener with a path prefix", () => {
        expect(routeSpec({ gateway: GATEWAY, hostname: "www.example.com", port: "http" }, "web", 8080)).toEqual({
            parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https-www-example-com" }],
            hostnames: ["www.example.com"],
            rules: [
                { matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "web", port: 8080 }] },
            ],
        });
    });

    it("attaches a GRPCRoute without path matches", () => {
        expect(
            routeSpec(
                { gateway: GATEWAY, hostname: "www.example.com", port: "grpc", kind: "GRPCRoute" },
                "triton",
                8001,
            ),
        ).toEqual({
            parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https-www-example-com" }],
            hostnames: ["www.example.com"],
            rules: [{ backendRefs: [{ name: "triton", port: 8001 }] }],
        });
    });

    it("wraps the spec in a Gateway API object of the route's kind, HTTPRoute by default", () => {
        const route = { gateway: GATEWAY, hostname: "www.example.com", port: "http" };
        const metadata = { name: "web", namespace: "apps" };
        expect(routeResource(route, metadata, "web", 8080)).toEqual({
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "HTTPRoute",
            metadata,
            spec: routeSpec(route, "web", 8080),
        });
        expect(routeResource({ ...route, kind: "GRPCRoute" }, metadata, "web", 8080).kind).toBe("GRPCRoute");
    });

    it("sends traffic to the named container port, and refuses a port that is not declared", () => {
        const ports = [
            { name: "http", port: 8080 },
            { name: "grpc", port: 8001 },
        ];
        expect(routeTargetPort({ gateway: GATEWAY, hostname: "www.example.com", port: "grpc" }, ports)).toEqual({
            name: "grpc",
            port: 8001,
        });
        expect(() => routeTargetPort({ gateway: GATEWAY, hostname: "www.example.com", port: "web" }, ports)).toThrow(
            "route port web is not one of the ports (http, grpc)",
        );
    });

    it("finds no listener for a hostname the Gateway does not serve", () => {
        expect(listenerFor({ gateway: GATEWAY, hostname: "other.example.com", port: "http" })).toBeUndefined();
    });
});
