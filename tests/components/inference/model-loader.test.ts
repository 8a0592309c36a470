import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    LOADER_RESOURCES,
    modelLoaderSpecs,
    modelSourceUrls,
    nfsSourceClaims,
    type Model,
    type ModelSource,
} from "../../../components/inference/model-loader";
import type { InitContainerSpec } from "../../../components/workload";

const IMAGES = {
    s3: { registry: "docker.io", repository: "amazon/aws-cli", tag: "2.37.5" },
    oci: { registry: "ghcr.io", repository: "oras-project/oras", tag: "v1.3.4" },
    unpack: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
};
const SHA = "a".repeat(64);
const model = (name: string, credentialsSecret?: string): Model => ({
    name,
    version: "1",
    source: { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: `${name}/1.tar`, credentialsSecret } },
    sha256: SHA,
});
const from = (name: string, source: ModelSource): Model => ({ name, version: "1", source, sha256: SHA });
const NFS = { server: "10.0.0.6", path: "/srv/models" };
const OCI = "harbor.lab/mirror/models/bert:1";

describe("modelLoaderSpecs", () => {
    const specs = modelLoaderSpecs([model("densenet"), model("bert", "s3-creds")], "triton-models", IMAGES);

    it("fetches then unpacks each model, in list order, writing the model claim", () => {
        expect(specs.map((s) => `${s.name} ${s.image.repository}`)).toEqual([
            "fetch-0 amazon/aws-cli",
            "unpack-0 library/busybox",
            "fetch-1 amazon/aws-cli",
            "unpack-1 library/busybox",
        ]);
        for (const spec of specs) {
            expect(spec.volumeMounts).toEqual([{ claimName: "triton-models", mountPath: "/models" }]);
            expect(spec.resources).toBe(LOADER_RESOURCES);
        }
    });

    it("passes every value as an environment variable, the credentials only by Secret reference", () => {
        expect(specs[0].env).toEqual({
            S3_ENDPOINT: "http://10.0.0.11:9000",
            S3_BUCKET: "models",
            S3_OBJECT: "densenet/1.tar",
            S3_SIGNING: "--no-sign-request",
            MODEL_DIR: "/models/densenet",
            MODEL_SHA256: SHA,
            ARCHIVE_PREFIX: "/models/.incoming/densenet-aaaaaaaaaaaa",
            HOME: "/tmp",
        });
        expect(specs[0].secretEnv).toEqual([]);
        expect(specs[2].env?.S3_SIGNING).toBe("");
        expect(specs[2].secretEnv).toEqual([
            { name: "AWS_ACCESS_KEY_ID", secretName: "s3-creds", key: "AWS_ACCESS_KEY_ID" },
            { name: "AWS_SECRET_ACCESS_KEY", secretName: "s3-creds", key: "AWS_SECRET_ACCESS_KEY" },
        ]);
        // No config value is spliced into a script: every fetch runs the same script, whatever the model.
        expect(new Set(specs.filter((s) => s.name.startsWith("fetch")).map((s) => s.command!.join(" "))).size).toBe(1);
        for (const spec of specs) {
            expect(spec.command!.join(" ")).not.toMatch(/densenet|bert|10\.0\.0\.11|s3-creds|aaaa/);
        }
    });
});

describe("modelLoaderSpecs for NFS and OCI sources", () => {
    const models = [
        from("densenet", { nfs: { ...NFS, file: "densenet/1.tar" } }),
        from("bert", { oci: { reference: OCI } }),
        from("resnet", { nfs: { ...NFS, file: "resnet/1.tar" } }),
    ];
    const claims = nfsSourceClaims("triton", models);
    const specs = modelLoaderSpecs(models, "triton-models", IMAGES, claims);

    it("copies NFS archives with busybox and pulls OCI artifacts with oras; one unpack step for every kind", () => {
        expect(specs.map((s) => `${s.name} ${s.image.repository}`)).toEqual([
            "fetch-0 library/busybox",
            "unpack-0 library/busybox",
            "fetch-1 oras-project/oras",
            "unpack-1 library/busybox",
            "fetch-2 library/busybox",
            "unpack-2 library/busybox",
        ]);
        const unpacks = specs.filter((s) => s.name.startsWith("unpack"));
        expect(new Set(unpacks.map((s) => s.command!.join(" "))).size).toBe(1);
    });

    it("mounts the export's claim read-only, only in the fetch step of a model on it", () => {
        const models = { claimName: "triton-models", mountPath: "/models" };
        const source = { claimName: "triton-source-0", mountPath: "/model-source", readOnly: true };
        expect(specs.map((s) => s.volumeMounts)).toEqual([
            [models, source],
            [models],
            [models],
            [models],
            [models, source],
            [models],
        ]);
    });

    it("passes the file, the mount and the reference as environment variables, never in the script", () => {
        expect(specs[0].env).toMatchObject({ NFS_MOUNT: "/model-source", NFS_FILE: "densenet/1.tar" });
        expect(specs[2].env).toMatchObject({ OCI_REFERENCE: OCI, HOME: "/tmp" });
        expect(specs[0].command).toEqual(specs[4].command);
        for (const spec of specs) {
            expect(spec.command!.join(" ")).not.toMatch(/densenet|bert|harbor|10\.0\.0\.6|srv/);
        }
    });

    it("refuses an NFS model whose export has no claim", () => {
        expect(() => modelLoaderSpecs(models, "triton-models", IMAGES)).toThrow(
            "no source claim for nfs://10.0.0.6/srv/models: pass the claims modelSourceClaims made",
        );
    });
});

describe("nfsSourceClaims", () => {
    it("names one claim per distinct export, in first-seen order, and none for other kinds", () => {
        const models = [
            from("a", { nfs: { ...NFS, file: "a.tar" } }),
            from("b", { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: "b.tar" } }),
            from("c", { nfs: { server: "10.0.0.7", path: "/srv/models", file: "c.tar" } }),
            from("d", { nfs: { ...NFS, file: "d.tar" } }),
            from("e", { nfs: { server: "10.0.0.6", path: "/srv/other", file: "e.tar" } }),
        ];
        expect(nfsSourceClaims("triton", models)).toEqual([
            { claimName: "triton-source-0", server: "10.0.0.6", path: "/srv/models" },
            { claimName: "triton-source-1", server: "10.0.0.7", path: "/srv/models" },
            { claimName: "triton-source-2", server: "10.0.0.6", path: "/srv/other" },
        ]);
        expect(nfsSourceClaims("triton", [model("densenet")])).toEqual([]);
    });
});

describe("modelSourceUrls", () => {
    it("writes each model's source as a URL, in list order", () => {
        expect(
            modelSourceUrls([
                model("densenet"),
                from("bert", { nfs: { server: "10.0.0.6", path: "/srv/models/", file: "bert/v 1#.tar" } }),
                from("resnet", { oci: { reference: OCI } }),
                from("t5", { oci: { reference: `harbor.lab/mirror/models/t5@sha256:${SHA}` } }),
            ]),
        ).toEqual([
            "http://10.0.0.11:9000/models/densenet/1.tar",
            "nfs://10.0.0.6/srv/models/bert/v%201%23.tar",
            "oci://harbor.lab/mirror/models/bert:1",
            `oci://harbor.lab/mirror/models/t5@sha256:${SHA}`,
        ]);
    });
});

/**
 * The scripts themselves, run by this machine's sh with a fake `aws` that copies from a local "bucket", the bucket
 * directory standing in for the NFS export's read-only mount, and a fake `oras` that pulls a local "artifact": what
 * the loader does to the claim, a wrong checksum, a second run, and artifacts that are not one archive.
 */
describe("the loader scripts", () => {
    let root: string;
    let bin: string;

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "loader-"));
        bin = path.join(root, "bin");
        fs.mkdirSync(bin);
        // aws s3 cp [flags] s3://bucket/key dest: copies $BUCKET_DIR/bucket/key to dest.
        fs.writeFileSync(
            path.join(bin, "aws"),
            '#!/bin/sh\nfor a; do src="$dst"; dst="$a"; done\ncp "$BUCKET_DIR/${src#s3://}" "$dst"\n',
            { mode: 0o755 },
        );
        // oras pull --output dir ref: logs the ref, copies $ARTIFACT_DIR's entries into dir.
        fs.writeFileSync(
            path.join(bin, "oras"),
            '#!/bin/sh\n[ "$1" = pull ] || exit 2\nshift\nwhile [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift 2;; *) ref="$1"; shift;; esac; done\necho "$ref" >> "$PULL_LOG"\ncp -R "$ARTIFACT_DIR/." "$out/"\n',
            { mode: 0o755 },
        );
        const content = path.join(root, "content");
        fs.mkdirSync(path.join(content, "1"), { recursive: true });
        fs.writeFileSync(path.join(content, "config.pbtxt"), 'name: "densenet"\n');
        fs.writeFileSync(path.join(content, "1", "model.onnx"), "weights");
        fs.mkdirSync(path.join(root, "bucket", "models", "densenet"), { recursive: true });
        execFileSync("tar", ["-cf", path.join(root, "bucket", "models", "densenet", "1.tar"), "-C", content, "."]);
        fs.mkdirSync(path.join(root, "artifact"));
        fs.copyFileSync(path.join(root, "bucket", "models", "densenet", "1.tar"), path.join(root, "artifact", "a.tar"));
    });

    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    function archiveSha(): string {
        return createHash("sha256")
            .update(fs.readFileSync(path.join(root, "bucket", "models", "densenet", "1.tar")))
            .digest("hex");
    }

    function run(spec: InitContainerSpec): void {
        const env: Record<string, string> = {
            ...(spec.env as Record<string, string>),
            MODEL_DIR: path.join(root, "models", "densenet"),
            ARCHIVE_PREFIX: path.join(root, "models", ".incoming", "densenet"),
            HOSTNAME: "triton-0",
            BUCKET_DIR: path.join(root, "bucket"),
            NFS_MOUNT: path.join(root, "bucket"),
            ARTIFACT_DIR: path.join(root, "artifact"),
            PULL_LOG: path.join(root, "pulled"),
            PATH: `${bin}:${process.env.PATH}`,
        };
        execFileSync(spec.command![0], spec.command!.slice(1), { env, stdio: "pipe" });
    }

    function load(sha: string, source: ModelSource = model("densenet").source): void {
        const models = [{ ...from("densenet", source), sha256: sha }];
        const [fetch, unpack] = modelLoaderSpecs(models, "m", IMAGES, nfsSourceClaims("t", models));
        run(fetch);
        run(unpack);
    }

    const nfs: ModelSource = { nfs: { ...NFS, file: "models/densenet/1.tar" } };
    const oci: ModelSource = { oci: { reference: OCI } };

    function expectLoaded(): void {
        const dir = path.join(root, "models", "densenet");
        expect(fs.readFileSync(path.join(dir, "1", "model.onnx"), "utf8")).toBe("weights");
        expect(fs.existsSync(path.join(dir, `.loaded-${archiveSha()}`))).toBe(true);
        expect(fs.readdirSync(path.join(root, "models", ".incoming"))).toEqual([]);
    }

    it("puts the checked model in place, marked, and leaves no archive behind", () => {
        load(archiveSha());
        const dir = path.join(root, "models", "densenet");
        expect(fs.readFileSync(path.join(dir, "1", "model.onnx"), "utf8")).toBe("weights");
        expect(fs.existsSync(path.join(dir, `.loaded-${archiveSha()}`))).toBe(true);
        expect(fs.readdirSync(path.join(root, "models", ".incoming"))).toEqual([]);
    });

    it("refuses an archive whose checksum differs, and installs nothing", () => {
        expect(() => load("b".repeat(64))).toThrow();
        expect(fs.existsSync(path.join(root, "models", "densenet"))).toBe(false);
    });

    it("skips a model already loaded at that checksum, without fetching", () => {
        const sha = archiveSha();
        load(sha);
        fs.rmSync(path.join(root, "bucket"), { recursive: true });
        expect(() => load(sha)).not.toThrow();
        expect(fs.existsSync(path.join(root, "models", "densenet", `.loaded-${sha}`))).toBe(true);
    });

    it("copies an archive off the NFS export, then checks and unpacks it as any other", () => {
        load(archiveSha(), nfs);
        expectLoaded();
        expect(fs.existsSync(path.join(root, "bucket", "models", "densenet", "1.tar"))).toBe(true);
    });

    it("refuses an NFS archive whose checksum differs", () => {
        expect(() => load("b".repeat(64), nfs)).toThrow();
        expect(fs.existsSync(path.join(root, "models", "densenet"))).toBe(false);
    });

    it("pulls the OCI artifact by its reference and loads its one file", () => {
        load(archiveSha(), oci);
        expectLoaded();
        expect(fs.readFileSync(path.join(root, "pulled"), "utf8")).toBe(`${OCI}\n`);
    });

    it("refuses an OCI artifact of two files, or of a directory, and leaves nothing behind", () => {
        fs.writeFileSync(path.join(root, "artifact", "b.tar"), "second");
        expect(() => load(archiveSha(), oci)).toThrow(/must hold exactly one file, the model archive/);
        expect(fs.readdirSync(path.join(root, "models", ".incoming"))).toEqual([]);
        fs.rmSync(path.join(root, "artifact"), { recursive: true });
        fs.mkdirSync(path.join(root, "artifact", "densenet"), { recursive: true });
        expect(() => load(archiveSha(), oci)).toThrow(/must hold exactly one file/);
        expect(fs.existsSync(path.join(root, "models", "densenet"))).toBe(false);
    });
});
