import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections } from "./cases";

const AT = "platform:inference.services[0]";
const NFS = { server: "192.168.56.11", path: "/srv/models" };

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
        // Three pods on two GPU nodes would share them: no one-per-node message, the GPU count says it.
        expect(problemsAfter("prod", (c) => (c.inference.services[0].replicas = 3))).toEqual([
            "platform:inference.services: ask for 3 GPUs (replicas × gpusPerReplica), but cluster.nodes declare 2",
            "platform:inference.services: ask for 3 GPUs, but the quota of tenant ml allows 2 (tenants[].quota.gpus)",
        ]);
        expect(problemsAfter("prod", (c) => (c.inference.services[0].gpusPerReplica = 2))).toEqual([
            `${AT}.gpusPerReplica: 2 GPUs per pod, but no node in cluster.nodes has more than 1`,
            `${AT}.replicas: 2 pods, one per GPU node, but only 0 node(s) in cluster.nodes have 2 GPU(s)`,
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
        expect(parsePlatformConfig(inside).inference!.services[0].models[0].source.s3!.endpoint).toBe(
            "http://minio.storage.svc:9000",
        );
    });

    it("refuses a model with no source kind, with two, and an unknown kind, naming the keys", () => {
        const source = (value: unknown) => (c: any) => (c.inference.services[0].models[0].source = value);
        expect(problemsAfter("stage", source({}))).toEqual([
            `${AT}.models[0].source: names no source kind; set exactly one of s3, nfs and oci`,
        ]);
        expect(
            problemsAfter("stage", (c) => (c.inference.services[0].models[0].source.nfs = { ...NFS, file: "d.tar" })),
        ).toEqual([`${AT}.models[0].source: names s3 and nfs; set exactly one of s3, nfs and oci`]);
        expect(problemsAfter("stage", source({ gcs: { bucket: "models" } }))).toEqual([
            `${AT}.models[0].source: unknown source "gcs"; known: s3, nfs, oci`,
        ]);
    });

    it("parses an NFS source and refuses a server that is no address, a path that leaves the export", () => {
        const nfs = (value: Record<string, unknown>) => (c: any) =>
            (c.inference.services[0].models[0].source = { nfs: { ...NFS, file: "densenet_onnx/1.tar", ...value } });
        const raw = stackSections("stage");
        nfs({})(raw);
        expect(parsePlatformConfig(raw).inference!.services[0].models[0].source).toEqual({
            nfs: { server: "192.168.56.11", path: "/srv/models", file: "densenet_onnx/1.tar" },
        });
        expect(problemsAfter("stage", nfs({ server: "nas.lab", path: "srv/models", file: "../1.tar" }))).toEqual([
            `${AT}.models[0].source.nfs.server: "nas.lab" is not an IPv4 address`,
            `${AT}.models[0].source.nfs.path: "srv/models" is not an absolute directory below / (e.g. /srv/nfs), without . or .. segments`,
            `${AT}.models[0].source.nfs.file: "../1.tar" is not a file path relative to path (e.g. densenet_onnx/1.tar), without empty, . or .. segments`,
        ]);
        expect(problemsAfter("stage", nfs({ file: "/densenet_onnx/1.tar" }))).toEqual([
            `${AT}.models[0].source.nfs.file: "/densenet_onnx/1.tar" is not a file path relative to path (e.g. densenet_onnx/1.tar), without empty, . or .. segments`,
        ]);
    });

    it("refuses an NFS server outside the network when offline", () => {
        const offline = (server: string) => (c: any) => {
            c.registry.offline = true;
            c.registry.mirror = "harbor.lab/mirror";
            c.inference.services[0].models[0].source = { nfs: { ...NFS, server, file: "d.tar" } };
        };
        expect(problemsAfter("stage", offline("203.0.113.7"))).toEqual([
            `${AT}.models[0].source.nfs.server: 203.0.113.7 is outside the cluster's network (nodeSubnet, podCidr, serviceCidr or a .svc name), and registry.offline is set`,
        ]);
        const inside = stackSections("stage");
        offline("192.168.56.11")(inside);
        expect(parsePlatformConfig(inside).inference!.services[0].models[0].source.nfs!.server).toBe("192.168.56.11");
    });

    it("parses an OCI source in the mirror and refuses one without a mirror, an address, or one of tag and digest", () => {
        const oci = (value: Record<string, unknown>, mirror?: string) => (c: any) => {
            c.registry.mirror = mirror;
            c.inference.services[0].models[0].source = { oci: { repository: "models/densenet_onnx", ...value } };
        };
        const raw = stackSections("stage");
        oci({ tag: "1" }, "192.168.56.30:5000/mirror")(raw);
        expect(parsePlatformConfig(raw).inference!.services[0].models[0].source).toEqual({
            oci: { repository: "models/densenet_onnx", tag: "1" },
        });
        expect(problemsAfter("stage", oci({ tag: "1" }))).toEqual([
            `${AT}.models[0].source.oci: needs registry.mirror: an OCI source is an artifact in the mirror`,
        ]);
        expect(problemsAfter("stage", oci({ tag: "1" }, "harbor.lab/mirror"))).toEqual([
            `${AT}.models[0].source.oci.mirrorAddress: is required: registry.mirror's host harbor.lab is not an IPv4 address, and the loader's egress NetworkPolicy needs one`,
        ]);
        expect(problemsAfter("stage", oci({ tag: "1", digest: `sha256:${"b".repeat(64)}` }, "10.0.0.30"))).toEqual([
            `${AT}.models[0].source.oci: must set exactly one of tag and digest`,
        ]);
        expect(problemsAfter("stage", oci({}, "10.0.0.30"))).toEqual([
            `${AT}.models[0].source.oci: must set exactly one of tag and digest`,
        ]);
        expect(
            problemsAfter(
                "stage",
                oci({ repository: "Models/X", digest: "md5:1", mirrorAddress: "harbor.lab:443" }, "harbor.lab"),
            ),
        ).toEqual([
            `${AT}.models[0].source.oci.repository: must be a repository path such as models/densenet_onnx (lowercase, without the registry)`,
            `${AT}.models[0].source.oci.digest: must be sha256: and 64 lowercase hex digits`,
            `${AT}.models[0].source.oci.mirrorAddress: "harbor.lab:443" is not an IPv4 address with an optional :port`,
        ]);
    });

    it("accepts an OCI source when offline: the mirror is the one place an offline cluster reaches", () => {
        const raw = stackSections("stage");
        raw.registry = { offline: true, mirror: "harbor.lab/mirror" };
        raw.inference.services[0].models[0].source = {
            oci: {
                repository: "models/densenet_onnx",
                digest: `sha256:${"b".repeat(64)}`,
                mirrorAddress: "203.0.113.9",
            },
        };
        expect(parsePlatformConfig(raw).inference!.services[0].models[0].source.oci!.mirrorAddress).toBe("203.0.113.9");
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
