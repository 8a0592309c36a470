// The offline model store: init containers that fill the model claim from inside the network, checking each
// archive's SHA-256 before the runtime sees it. The runtime itself never downloads anything.
import type { ImagePin } from "../../contract/pins";
import type { InitContainerSpec, ResourceSpec, SecretEnv } from "../workload";

/** Where the model claim is mounted: the runtime reads `/models/<model>`, the loaders write there. */
export const MODELS_PATH = "/models";

/** Where an NFS model's fetch step mounts its export's claim, read-only. */
export const MODEL_SOURCE_PATH = "/model-source";

/** Archives land here first, one per pod, so two pods loading at once never write the same file. */
const INCOMING = `${MODELS_PATH}/.incoming`;

/** An archive in an S3-compatible store inside the network. */
export interface S3Source {
    readonly s3: {
        /** `http(s)://host[:port]`: an address inside the cluster's network or a Service name. */
        readonly endpoint: string;
        readonly bucket: string;
        readonly key: string;
        /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; without it the request is unsigned. */
        readonly credentialsSecret?: string;
    };
}

/** An archive on an NFS export, read through a claim bound to the export (see model-sources.ts). */
export interface NfsSource {
    readonly nfs: {
        /** The server's IPv4 address. */
        readonly server: string;
        /** The exported directory, absolute. */
        readonly path: string;
        /** The archive's path relative to `path`. */
        readonly file: string;
    };
}

/** An OCI artifact whose one file is the archive (`oras push <reference> model.tar`). */
export interface OciSource {
    readonly oci: {
        /** `registry[:port]/repository:tag` or `…@sha256:<digest>`, in the registry mirror. */
        readonly reference: string;
    };
}

/** Where a model comes from: exactly one kind of source, inside the network. */
export type ModelSource = S3Source | NfsSource | OciSource;

/** One model: a tar of its directory (Triton: config.pbtxt and the version directories). */
export interface Model {
    readonly name: string;
    readonly version: string;
    readonly source: ModelSource;
    /** SHA-256 of the archive, lowercase hex. */
    readonly sha256: string;
}

/** The images the loaders run: the S3 client, the OCI client, and busybox (copies from NFS, checks, unpacks). */
export interface LoaderImages {
    readonly s3: ImagePin;
    readonly oci: ImagePin;
    readonly unpack: ImagePin;
}

/** The claim bound to one NFS export, which the fetch steps of that export's models mount read-only. */
export interface ModelSourceClaim {
    readonly claimName: string;
    readonly server: string;
    readonly path: string;
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

const INTO_INCOMING = `${SKIP_IF_LOADED}; mkdir -p "$(dirname "$ARCHIVE")"`;

const FETCH_S3 = `${INTO_INCOMING}; aws s3 cp --only-show-errors --endpoint-url "$S3_ENDPOINT" $S3_SIGNING "s3://$S3_BUCKET/$S3_OBJECT" "$ARCHIVE"`;

/** A copy off the read-only export: the unpack step then checks the copy, which the export cannot change. */
const FETCH_NFS = `${INTO_INCOMING}; cp "$NFS_MOUNT/$NFS_FILE" "$ARCHIVE"`;

/**
 * oras writes each file of the artifact under its title, so it pulls into a directory of its own; the artifact
 * must hold exactly one regular file, the archive (a pushed directory arrives as a directory and is refused).
 */
const FETCH_OCI = [
    INTO_INCOMING,
    'PULLED="$ARCHIVE.pull"',
    'rm -rf "$PULLED"',
    'mkdir -p "$PULLED"',
    'oras pull --output "$PULLED" "$OCI_REFERENCE"',
    'set -- "$PULLED"/*',
    'if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then echo "$OCI_REFERENCE must hold exactly one file, the model archive" >&2; rm -rf "$PULLED"; exit 1; fi',
    'mv "$1" "$ARCHIVE"',
    'rmdir "$PULLED"',
].join("; ");

/**
 * Checks the archive, unpacks it beside the model directory and swaps it in with renames (a reader sees the old
 * model or the new one, never half of one), then marks it loaded and removes the archive. A wrong checksum fails
 * the pod before the runtime starts: it never serves a model nobody vouched for. One step for every source kind.
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

type FetchStep = Omit<InitContainerSpec, "name" | "volumeMounts"> & {
    /** Mounts besides the model claim. */
    readonly sourceMounts: NonNullable<InitContainerSpec["volumeMounts"]>;
};

function fetchS3(s3: S3Source["s3"], images: LoaderImages): FetchStep {
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
        sourceMounts: [],
    };
}

function fetchNfs(nfs: NfsSource["nfs"], images: LoaderImages, claims: readonly ModelSourceClaim[]): FetchStep {
    const claim = claims.find((c) => c.server === nfs.server && c.path === nfs.path);
    if (claim === undefined) {
        throw new Error(`no source claim for nfs://${nfs.server}${nfs.path}: pass the claims modelSourceClaims made`);
    }
    // Read-only at every level: this mount, the ReadOnlyMany claim, and the volume's `ro` mount option
    // (model-sources.ts), which holds even where a Workload ignores the mount's flag. A variable, not a literal, so
    // the flag type-checks against an InitContainerSpec that does not declare it yet.
    const mount = { claimName: claim.claimName, mountPath: MODEL_SOURCE_PATH, readOnly: true };
    return {
        image: images.unpack,
        command: ["/bin/sh", "-c", FETCH_NFS],
        env: { NFS_MOUNT: MODEL_SOURCE_PATH, NFS_FILE: nfs.file },
        resources: LOADER_RESOURCES,
        sourceMounts: [mount],
    };
}

function fetchOci(oci: OciSource["oci"], images: LoaderImages): FetchStep {
    return {
        image: images.oci,
        command: ["/bin/sh", "-c", FETCH_OCI],
        env: { OCI_REFERENCE: oci.reference },
        resources: LOADER_RESOURCES,
        sourceMounts: [],
    };
}

function fetchStep(source: ModelSource, images: LoaderImages, claims: readonly ModelSourceClaim[]): FetchStep {
    if ("s3" in source) {
        return fetchS3(source.s3, images);
    }
    return "nfs" in source ? fetchNfs(source.nfs, images, claims) : fetchOci(source.oci, images);
}

/**
 * The init containers that load `models` into the claim `claimName`, two per model in list order: fetch (the S3
 * client, a copy off the NFS export's read-only claim from `sourceClaims`, or the OCI client) and unpack
 * (checksum, then swap in). Each writes the model claim; the runtime mounts it read-only.
 */
export function modelLoaderSpecs(
    models: readonly Model[],
    claimName: string,
    images: LoaderImages,
    sourceClaims: readonly ModelSourceClaim[] = [],
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
        const { sourceMounts, ...fetch } = fetchStep(model.source, images, sourceClaims);
        return [
            {
                ...fetch,
                name: `fetch-${i}`,
                env: { ...fetch.env, ...common },
                volumeMounts: [...volumeMounts, ...sourceMounts],
            },
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

/** The distinct NFS exports `models` read, in first-seen order, each with its claim `<name>-source-<n>`. */
export function nfsSourceClaims(name: string, models: readonly Model[]): ModelSourceClaim[] {
    const claims: ModelSourceClaim[] = [];
    for (const { source } of models) {
        if ("nfs" in source && !claims.some((c) => c.server === source.nfs.server && c.path === source.nfs.path)) {
            claims.push({
                claimName: `${name}-source-${claims.length}`,
                server: source.nfs.server,
                path: source.nfs.path,
            });
        }
    }
    return claims;
}

const pathOf = (segments: string) => segments.split("/").map(encodeURIComponent).join("/");

/**
 * Each model's source as a URL, in list order, for contract/models.ts's annotation: `http(s)://host:port/bucket/key`,
 * `nfs://server/export/file`, `oci://registry/repository:tag` (or `@sha256:…`).
 */
export function modelSourceUrls(models: readonly Model[]): string[] {
    return models.map(({ source }) => {
        if ("s3" in source) {
            return `${source.s3.endpoint}/${source.s3.bucket}/${pathOf(source.s3.key)}`;
        }
        if ("nfs" in source) {
            const dir = source.nfs.path.replace(/\/+$/, "");
            return `nfs://${source.nfs.server}${pathOf(dir)}/${pathOf(source.nfs.file)}`;
        }
        return `oci://${source.oci.reference}`;
    });
}
