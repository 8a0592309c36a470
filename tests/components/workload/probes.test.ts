import { healthProblems, probes } from "../../../components/workload/probes";
import { containerSpec } from "../../../components/workload/manifests";

const TRITON = {
    ready: { http: { path: "/v2/health/ready", port: "http" } },
    live: { http: { path: "/v2/health/live", port: "http" } },
};

describe("distinct readiness and liveness checks", () => {
    it("start and gate traffic on the ready check, restart on the live check, 5 minutes of startup grace", () => {
        expect(probes(TRITON)).toEqual({
            startupProbe: {
                httpGet: { path: "/v2/health/ready", port: "http" },
                periodSeconds: 5,
                failureThreshold: 60,
                timeoutSeconds: 2,
            },
            readinessProbe: {
                httpGet: { path: "/v2/health/ready", port: "http" },
                periodSeconds: 10,
                failureThreshold: 3,
                timeoutSeconds: 2,
            },
            livenessProbe: {
                httpGet: { path: "/v2/health/live", port: "http" },
                periodSeconds: 20,
                failureThreshold: 3,
                timeoutSeconds: 3,
            },
        });
    });

    it("allow startupSeconds of startup, rounding the failure threshold up to whole periods", () => {
        expect(probes({ ...TRITON, startupSeconds: 900 }).startupProbe).toMatchObject({
            periodSeconds: 5,
            failureThreshold: 180,
        });
        expect(probes({ ...TRITON, startupSeconds: 601 }).startupProbe).toMatchObject({ failureThreshold: 121 });
    });

    it("mix handler kinds, and reach the container through containerSpec", () => {
        const health = { ready: { grpc: { port: 8001 } }, live: { tcp: { port: 8001 } } };
        const container = containerSpec({
            name: "triton",
            image: "nvcr.io/nvidia/tritonserver:25.01-py3",
            ports: [{ name: "grpc", port: 8001 }],
            resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { memory: "8Gi" } },
            health,
            scratchPaths: [],
        });
        expect(container.startupProbe).toMatchObject({ grpc: { port: 8001 } });
        expect(container.readinessProbe).toMatchObject({ grpc: { port: 8001 } });
        expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 8001 } });
    });
});

describe("healthProblems", () => {
    it("accepts a single check, and split checks with or without a positive startup grace", () => {
        expect(healthProblems({ tcp: { port: 80 } })).toEqual([]);
        expect(healthProblems(TRITON)).toEqual([]);
        expect(healthProblems({ ...TRITON, startupSeconds: 1200 })).toEqual([]);
    });

    it("rejects a startup grace that is not a positive number of seconds", () => {
        for (const seconds of [0, -5, Number.NaN]) {
            expect(healthProblems({ ...TRITON, startupSeconds: seconds })).toEqual([
                `args.health.startupSeconds must be a positive number of seconds, got ${seconds}`,
            ]);
        }
    });
});
