import { scaledObjectResource, signalProblems, SignalKind, workloadArgsProblems } from "../../../components/workload";
import type { WorkloadArgs } from "../../../components/workload";

const SIGNAL = {
    prometheus: "http://prometheus.monitoring.svc:9090",
    query: "sum(vllm:num_requests_waiting)",
    threshold: 4,
    kind: SignalKind.total,
};

describe("scaling on a serving signal", () => {
    it("builds a KEDA ScaledObject that never scales to zero and scales down slowly", () => {
        const resource = scaledObjectResource(
            { name: "chat", namespace: "ml" },
            "Deployment",
            "chat",
            {
                minReplicas: 1,
                maxReplicas: 3,
            },
            SIGNAL,
        );
        expect(resource.apiVersion).toBe("keda.sh/v1alpha1");
        expect(resource.kind).toBe("ScaledObject");
        expect(resource.spec).toEqual({
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "chat" },
            minReplicaCount: 1,
            maxReplicaCount: 3,
            pollingInterval: 15,
            advanced: {
                horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } },
            },
            triggers: [
                {
                    type: "prometheus",
                    metricType: "AverageValue",
                    metadata: { serverAddress: SIGNAL.prometheus, query: SIGNAL.query, threshold: "4" },
                },
            ],
        });
        const quick = scaledObjectResource(
            {},
            "StatefulSet",
            "x",
            { minReplicas: 1, maxReplicas: 2 },
            {
                ...SIGNAL,
                scaleDownSeconds: 60,
            },
        );
        expect((quick.spec as any).advanced.horizontalPodAutoscalerConfig.behavior.scaleDown).toEqual({
            stabilizationWindowSeconds: 60,
        });
        expect((quick.spec as any).scaleTargetRef.kind).toBe("StatefulSet");
    });

    it.each([
        [{ threshold: 0 }, "args.autoscaling.signal.threshold must be above 0, got 0"],
        [{ threshold: Number.NaN }, "args.autoscaling.signal.threshold must be above 0, got NaN"],
        [{ query: "  " }, "args.autoscaling.signal.query must not be empty"],
        [
            { prometheus: "prometheus:9090" },
            "args.autoscaling.signal.prometheus must be an http(s) URL, got prometheus:9090",
        ],
    ])("refuses a signal that cannot work: %#", (change, message) => {
        expect(signalProblems({ ...SIGNAL, ...change })).toEqual([message]);
    });

    it("accepts a sound signal, and refuses CPU and a signal at once", () => {
        expect(signalProblems(SIGNAL)).toEqual([]);
        const args: WorkloadArgs = {
            namespace: "ml",
            image: { registry: "docker.io", repository: "library/nginx", tag: "1.29.0" },
            resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "64Mi" } },
            ports: [{ name: "http", port: 8080 }],
            health: { http: { path: "/", port: "http" } },
            autoscaling: { minReplicas: 1, maxReplicas: 2, signal: SIGNAL, targetCpuUtilization: 70 },
        };
        expect(workloadArgsProblems(args)).toEqual([
            "args.autoscaling scales on signal or on targetCpuUtilization, not both",
        ]);
    });
});
