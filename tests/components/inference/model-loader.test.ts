import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOADER_RESOURCES, modelLoaderSpecs, type Model } from "../../../components/inference/model-loader";
import type { InitContainerSpec } from "../../../components/workload";

const IMAGES = {
    s3: { registry: "docker.io", repository: "amazon/aws-cli", tag: "2.37.5" },
    unpack: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
};
const SHA = "a".repeat(64);
const model = (name: string, credentialsSecret?: string): Model => ({
    name,
    version: "1",
    source: { s3: { endpoint: "http://10.0.0.11:9000", bucket: "models", key: `${name}/1.tar`, credentialsSecret } },
    sha256: SHA,
});

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

/**
 * The scripts themselves, run by this machine's sh with a fake `aws` that copies from a local "bucket": what the
 * loader does to the claim, a wrong checksum and a second run.
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
        const content = path.join(root, "content");
        fs.mkdirSync(path.join(content, "1"), { recursive: true });
        fs.writeFileSync(path.join(content, "config.pbtxt"), 'name: "densenet"\n');
        fs.writeFileSync(path.join(content, "1", "model.onnx"), "weights");
        fs.mkdirSync(path.join(root, "bucket", "models", "densenet"), { recursive: true });
        execFileSync("tar", ["-cf", path.join(root, "bucket", "models", "densenet", "1.tar"), "-C", content, "."]);
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
            PATH: `${bin}:${process.env.PATH}`,
        };
        execFileSync(spec.command![0], spec.command!.slice(1), { env, stdio: "pipe" });
    }

    function load(sha: string): void {
        const [fetch, unpack] = modelLoaderSpecs([{ ...model("densenet"), sha256: sha }], "m", IMAGES);
        run(fetch);
        run(unpack);
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
});
