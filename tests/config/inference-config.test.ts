import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections } from "./cases";

const AT = "platform:inference.services[0]";

describe("the inference area's settings", () => {
    it("parse stage: one Triton replica on the lab's one GPU, seed resources and defaults", () => {
        const inference = parsePlatformConfig(stackSections("stage")).inference!;
        expect(inference.namespace).toBe("ml");
        expect(inference.operator).toEqual({ driver: false, toolkit: false });
        expect(inference.services[0]).toMatchObject({
            name: "triton",
            runtime: "triton",
            replicas: 1,
            gpusPerReplica: 1,
            resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
            shmSize: "2Gi",
            modelStorageSize: "20Gi",
            startupSeconds: 600,
            protect: false,
        });
    });

    it("parse prod: two replicas, one per T4 node, the model claim protected", () => {
        expect(parsePlatformConfig(stackSections("prod")).inference!.services[0]).toMatchObject({
            replicas: 2,
            protect: true,
        });
    });

    it("refuses more GPU replicas than GPU nodes and GPUs than the tenant's quota", () => {
        expect(problemsAfter("prod", (c) => (c.inference.services[0].replicas = 3))).toEqual([
            `${AT}.replicas: 3 replicas, one per GPU node, but only 2 node(s) in cluster.nodes have 1 GPU(s)`,
            "platform:inference.services: ask for 3 GPUs (replicas × gpusPerReplica), but cluster.nodes declare 2",
            "platform:inference.services: ask for 3 GPUs, but the quota of tenant ml allows 2 (tenants[].quota.gpus)",
        ]);
        expect(problemsAfter("prod", (c) => (c.inference.services[0].gpusPerReplica = 2))).toEqual([
            `${AT}.gpusPerReplica: 2 GPUs per pod, but no node in cluster.nodes has more than 1`,
            `${AT}.replicas: 2 replicas, one per GPU node, but only 0 node(s) in cluster.nodes have 2 GPU(s)`,
            "platform:inference.services: ask for 4 GPUs (replicas × gpusPerReplica), but cluster.nodes declare 2",
            "platform:inference.services: ask for 4 GPUs, but the quota of tenant ml allows 2 (tenants[].quota.gpus)",
        ]);
    });

    it("refuses an unknown runtime and a model without source or checksum", () => {
        expect(problemsAfter("stage", (c) => (c.inference.services[0].runtime = "tgi"))).toEqual([
            `${AT}.runtime: "tgi" is not a serving runtime (triton, vllm)`,
        ]);
        expect(
            problemsAfter("stage", (c) => {
                delete c.inference.services[0].models[0].source;
                delete c.inference.services[0].models[0].sha256;
            }),
        ).toEqual([
            `${AT}.models[0].source: Invalid input: expected object, received undefined`,
            `${AT}.models[0].sha256: Invalid input: expected string, received undefined`,
        ]);
        expect(problemsAfter("stage", (c) => (c.inference.services[0].models[0].sha256 = "abc"))).toEqual([
            `${AT}.models[0].sha256: must be the archive's SHA-256, 64 lowercase hex digits`,
        ]);
    });

    it("refuses a model store outside the network when offline, and one the loader's NetworkPolicy cannot name", () => {
        const store = (endpoint: string) => (c: any) => {
            c.registry.offline = true;
            c.registry.mirror = "harbor.lab/mirror";
            c.inference.services[0].models[0].source.s3.endpoint = endpoint;
        };
        expect(problemsAfter("stage", store("http://203.0.113.7:9000"))).toEqual([
            `${AT}.models[0].source: http://203.0.113.7:9000 is outside the cluster's network (nodeSubnet, podCidr, serviceCidr or a .svc name), and registry.offline is set`,
        ]);
        expect(problemsAfter("stage", store("https://s3.amazonaws.com"))).toEqual([
            `${AT}.models[0].source.s3.endpoint: s3.amazonaws.com is neither an IPv4 address nor a Service name (<service>.<namespace>.svc): the loader's egress NetworkPolicy needs one`,
        ]);
        expect(problemsAfter("stage", store("http://minio.svc:9000"))).toEqual([
            `${AT}.models[0].source.s3.endpoint: minio.svc is neither an IPv4 address nor a Service name (<service>.<namespace>.svc): the loader's egress NetworkPolicy needs one`,
        ]);
        const inside = stackSections("stage");
        store("http://minio.storage.svc:9000")(inside);
        expect(parsePlatformConfig(inside).inference!.services[0].models[0].source.s3.endpoint).toBe(
            "http://minio.storage.svc:9000",
        );
    });

    it("refuses gRPC where the runtime has none, a shared hostname, and hostnames the Gateway does not serve", () => {
        expect(problemsAfter("stage", (c) => (c.inference.services[0].runtime = "vllm"))).toEqual([
            `${AT}.grpcHostname: vllm speaks no gRPC; only triton does`,
        ]);
        expect(
            problemsAfter("stage", (c) => (c.inference.services[0].grpcHostname = c.inference.services[0].hostname)),
        ).toEqual([
            `${AT}.grpcHostname: must differ from hostname: an HTTPRoute and a GRPCRoute cannot share a hostname on one listener`,
        ]);
        expect(problemsAfter("stage", (c) => (c.inference.services[0].hostname = "ai.example.com"))[0]).toMatch(
            /^platform:inference\.services\[0\]\.hostname: ai\.example\.com is not served by the shared Gateway/,
        );
    });

    it("refuses a namespace that is no tenant, and a /dev/shm that fills the memory limit", () => {
        expect(problemsAfter("stage", (c) => (c.inference.namespace = "gpu"))).toEqual([
            "platform:inference.namespace: gpu is not a tenant namespace (platform:tenants); its quota bounds the GPUs",
        ]);
        expect(problemsAfter("stage", (c) => (c.inference.services[0].shmSize = "8Gi"))).toEqual([
            `${AT}.shmSize: 8Gi of memory-backed /dev/shm leaves nothing of the memory limit 8Gi`,
        ]);
    });
});
