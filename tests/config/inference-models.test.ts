import { modelSourceUrls } from "../../components/inference/model-loader";
import { modelSourcesAnnotation } from "../../contract/models";
import { parsePlatformConfig } from "../../stacks/config/loader";
import {
    loaderModels,
    modelIssues,
    modelSchema,
    modelStores,
    sourceKind,
    type ModelConfig,
} from "../../stacks/areas/inference/models";
import { stackSections } from "./cases";

const SHA = "a".repeat(64);
const DIGEST = `sha256:${"b".repeat(64)}`;
const model = (name: string, source: unknown): ModelConfig =>
    modelSchema.parse({ name, version: "1", source, sha256: SHA });

const S3_IP = model("a", { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: "a/1.tar" } });
const S3_SVC = model("b", { s3: { endpoint: "https://minio.storage.svc", bucket: "models", key: "b/1.tar" } });
const NFS = model("c", { nfs: { server: "10.0.0.6", path: "/srv/models", file: "c/1.tar" } });
const OCI_TAG = model("d", { oci: { repository: "models/d", tag: "1" } });
const OCI_DIGEST = model("e", { oci: { repository: "models/e", digest: DIGEST, mirrorAddress: "10.0.0.30" } });

describe("the model sources as the loaders reach them", () => {
    it("name each parsed source's kind", () => {
        expect([S3_IP, NFS, OCI_TAG].map((m) => sourceKind(m.source))).toEqual(["s3", "nfs", "oci"]);
    });

    it("reach S3 stores and the mirror, each once, and give NFS exports no egress (the node mounts them)", () => {
        expect(modelStores([S3_IP, S3_SVC, NFS, OCI_TAG, S3_IP, OCI_TAG], "10.0.0.30:5000/mirror")).toEqual([
            { to: { kind: "cidrs", name: "10.0.0.11", cidrs: ["10.0.0.11/32"] }, port: 9000 },
            {
                to: { kind: "pods", name: "storage/minio", namespaces: ["storage"], labels: {} },
                port: 443,
            },
            { to: { kind: "cidrs", name: "10.0.0.30", cidrs: ["10.0.0.30/32"] }, port: 5000 },
        ]);
        expect(modelStores([NFS], undefined)).toEqual([]);
        expect(() => modelStores([OCI_TAG], undefined)).toThrow("an OCI model source needs registry.mirror");
    });

    it("reach the mirror at mirrorAddress when given, on its port, else the mirror's, else 443", () => {
        const at = (address: string | undefined, mirror: string) =>
            modelStores([model("x", { oci: { repository: "m", tag: "1", mirrorAddress: address } })], mirror)[0];
        expect(at("10.0.0.31:8443", "harbor.lab:5000/mirror")).toEqual({
            to: { kind: "cidrs", name: "10.0.0.31", cidrs: ["10.0.0.31/32"] },
            port: 8443,
        });
        expect(at("10.0.0.31", "harbor.lab:5000/mirror").port).toBe(5000);
        expect(at(undefined, "10.0.0.30/mirror")).toEqual({
            to: { kind: "cidrs", name: "10.0.0.30", cidrs: ["10.0.0.30/32"] },
            port: 443,
        });
    });

    it("resolve OCI sources against the mirror, by tag or digest, and keep the others as written", () => {
        const models = loaderModels([S3_IP, NFS, OCI_TAG, OCI_DIGEST], "harbor.lab/mirror");
        expect(models.map((m) => m.source)).toEqual([
            { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: "a/1.tar" } },
            { nfs: { server: "10.0.0.6", path: "/srv/models", file: "c/1.tar" } },
            { oci: { reference: "harbor.lab/mirror/models/d:1" } },
            { oci: { reference: `harbor.lab/mirror/models/e@${DIGEST}` } },
        ]);
        expect(models[2]).toMatchObject({ name: "d", version: "1", sha256: SHA });
        expect(() => loaderModels([OCI_TAG], undefined)).toThrow("an OCI model source needs registry.mirror");
    });

    it("give the pod annotation one URL per source", () => {
        expect(
            modelSourcesAnnotation(modelSourceUrls(loaderModels([S3_IP, NFS, OCI_TAG, S3_IP], "harbor.lab/m"))),
        ).toEqual({
            "platform.io/model-sources": JSON.stringify([
                "http://10.0.0.11:9000/models/a/1.tar",
                "nfs://10.0.0.6/srv/models/c/1.tar",
                "oci://harbor.lab/m/models/d:1",
            ]),
        });
    });
});

describe("modelIssues", () => {
    const storage = parsePlatformConfig(stackSections("stage")).storage!;

    it("asks for storage.nfs when a model comes from NFS, and only then", () => {
        const without = { storage: { ...storage, nfs: undefined } };
        expect(modelIssues([S3_IP, NFS], ["inference", "services", 0, "models"], without)).toEqual([
            {
                path: ["inference", "services", 0, "models", 1, "source", "nfs"],
                message: "needs storage.nfs: csi-driver-nfs, which it installs, mounts the export for the loader",
            },
        ]);
        expect(modelIssues([S3_IP, NFS], ["models"], { storage })).toEqual([]);
        expect(modelIssues([S3_IP, OCI_TAG], ["models"], without)).toEqual([]);
    });

    it("judges OCI sources only when the registry section is sound", () => {
        expect(modelIssues([OCI_TAG], ["models"], {})).toEqual([]);
        expect(modelIssues([OCI_DIGEST], ["models"], { registry: { offline: true, mirror: "harbor.lab" } })).toEqual(
            [],
        );
    });
});
