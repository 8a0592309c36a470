// The offline model store: init containers that fill the model claim from inside the network, checking each
// archive's SHA-256 before the runtime sees it. The runtime itself never downloads anything.
import type { ImagePin } from "../../contract/pins";
import type { InitContainerSpec, ResourceSpec, SecretEnv } from "../workload";

/** Where the model claim is mounted: the runtime reads `/models/<model>`, the loaders write there. */
export const MODELS_PATH = "/models";

/** Archives land here first, one per pod, so two pods loading at once never write the same file. */
const INCOMING = `${MODELS_PATH}/.incoming`;

/** Where a model comes from: an S3-compatible store inside the network. */
export interface ModelSource {
    readonly s3: {
        /** `http(s)://host[:port]`: an address inside the cluster's network or a Service name. */
        readonly endpoint: string;
        readonly bucket: string;
        readonly key: string;
        /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; without it the request is unsigned. */
        readonly credentialsSecret?: string;
    };
}

/** One model: a tar of its directory (Triton: config.pbtxt and the version directories). */
export interface Model {
    readonly name: string;
    readonly version: string;
    readonly source: ModelSource;
    /** SHA-256 of the archive, lowercase hex. */
    readonly sha256: string;
}

/** The images the loaders run: the S3 client and the one that checks and unpacks. */
export interface LoaderImages {
    readonly s3: ImagePin;
    readonly unpack: ImagePin;
}

/** A loader copies and unpacks; it needs little CPU and memory, and the archive goes straight to the claim. */
export const LOADER_RESOURCES: ResourceSpec = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "1", memory: "512Mi" },
};

/**
 * Every step skips when the model's marker (`/models/<name>/.loaded-<sha256>`) exists, so a restart, a second
 * replica or an unchanged config loads nothing twice. Values reach the script as environment variables, never
 * spliced into it, so no config string is ever parsed as shell.
 */
const SKIP_IF_LOADED =
    'set -eu; if [ -e "$MODEL_DIR/.loaded-$MODEL_SHA256" ]; then exit 0; fi; ARCHIVE="$ARCHIVE_PREFIX-$HOSTNAME.tar"';

const FETCH_S3 = `${SKIP_IF_LOADED}; mkdir -p "$(dirname "$ARCHIVE")"; aws s3 cp --only-show-errors --endpoint-url "$S3_ENDPOINT" $S3_SIGNING "s3://$S3_BUCKET/$S3_OBJECT" "$ARCHIVE"`;

/**
 * Checks the archive, unpacks it beside the model directory and swaps it in with renames (a reader sees the old
 * model or the new one, never half of one), then marks it loaded and removes the archive. A wrong checksum fails
 * the pod before the runtime starts: it never serves a model nobody vouched for.
 */
const UNPACK = [
    SKIP_IF_LOADED,
    'echo "$MODEL_SHA256  $ARCHIVE" | sha256sum -c -',
    'rm -rf "$ARCHIVE.d"',
    'mkdir -p "$ARCHIVE.d"',
    'tar -xf "$ARCHIVE" -C "$ARCHIVE.d"',
    'touch "$ARCHIVE.d/.loaded-$MODEL_SHA256"',
    'rm -rf "$MODEL_DIR.old"',
    'if [ -e "$MODEL_DIR" ]; then mv "$MODEL_DIR" "$MODEL_DIR.old"; fi',
    'mv "$ARCHIVE.d" "$MODEL_DIR"',
    'rm -rf "$MODEL_DIR.old" "$ARCHIVE"',
].join("; ");

function fetchStep(model: Model, images: LoaderImages): Omit<InitContainerSpec, "name" | "volumeMounts"> {
    const s3 = model.source.s3;
    const credentials: SecretEnv[] = s3.credentialsSecret
        ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({
              name: key,
              secretName: s3.credentialsSecret!,
              key,
          }))
        : [];
    return {
        image: images.s3,
        command: ["/bin/sh", "-c", FETCH_S3],
        env: {
            S3_ENDPOINT: s3.endpoint,
            S3_BUCKET: s3.bucket,
            S3_OBJECT: s3.key,
            S3_SIGNING: s3.credentialsSecret ? "" : "--no-sign-request",
        },
        secretEnv: credentials,
        resources: LOADER_RESOURCES,
    };
}

/**
 * The init containers that load `models` into the claim `claimName`, two per model in list order: fetch (the
 * S3 client) and unpack (checksum, then swap in). Each writes the claim; the runtime mounts it read-only.
 */
export function modelLoaderSpecs(
    models: readonly Model[],
    claimName: string,
    images: LoaderImages,
): InitContainerSpec[] {
    const volumeMounts = [{ claimName, mountPath: MODELS_PATH }];
    return models.flatMap((model, i) => {
        const common = {
            MODEL_DIR: `${MODELS_PATH}/${model.name}`,
            MODEL_SHA256: model.sha256,
            // The script appends $HOSTNAME, the pod's name: each pod has its own archive.
            ARCHIVE_PREFIX: `${INCOMING}/${model.name}-${model.sha256.slice(0, 12)}`,
            HOME: "/tmp",
        };
        const fetch = fetchStep(model, images);
        return [
            { ...fetch, name: `fetch-${i}`, env: { ...fetch.env, ...common }, volumeMounts },
            {
                name: `unpack-${i}`,
                image: images.unpack,
                command: ["/bin/sh", "-c", UNPACK],
                env: common,
                resources: LOADER_RESOURCES,
                volumeMounts,
            },
        ];
    });
}
