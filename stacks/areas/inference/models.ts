// The offline model store in config: where each model comes from (an S3-compatible store, an NFS export or an OCI
// artifact in the registry mirror), its checksum, and the checks that keep every source inside the cluster's network.
import { z } from "zod";
import type { Model, ModelSource } from "../../../components/inference/model-loader";
import type { Endpoint } from "../../../components/network/flows";
import type { ConfigIssue } from "../../config/errors";
import { serviceOfHost } from "../../../contract/models";
import { containsAddress, parseCidr, parseIpv4 } from "../../config/ip";
import { display, dnsLabel, ipv4, text, unknownKeys } from "../../config/primitives";
import type { ClusterConfig } from "../cluster/schema";
import { absoluteDirectory } from "../storage/fields";
import type { InferenceContext } from "./checks";

const strict = <T extends z.ZodRawShape>(shape: T, what: string) =>
    z.strictObject(shape, { error: unknownKeys(what, Object.keys(shape)) });

/** A refinement of a whole source runs only on a sound one: an unknown key is told once, not as a missing kind too. */
const SOUND = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** The port an OCI client reaches a registry on when neither registry.mirror nor mirrorAddress names one. */
const HTTPS_PORT = 443;

/** `a.b.c.d[:port]` as an address and an optional port; undefined when it is not one. */
export function parseAddressPort(value: string): { address: string; port?: number } | undefined {
    const match = /^([\d.]+)(?::(\d{1,5}))?$/.exec(value);
    if (match === null || parseIpv4(match[1]) === undefined) {
        return undefined;
    }
    const port = match[2] === undefined ? undefined : Number(match[2]);
    return port === undefined
        ? { address: match[1] }
        : port >= 1 && port <= 65535
          ? { address: match[1], port }
          : undefined;
}

const s3Source = strict(
    {
        endpoint: text
            .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, { message: "must be http(s)://host[:port] without a path" })
            .describe("The S3-compatible store inside the network, e.g. https://minio.ml.svc:9000."),
        bucket: dnsLabel.describe("Bucket holding the archive."),
        key: text.describe("Object key of the model archive (a tar of the model's directory)."),
        credentialsSecret: dnsLabel
            .optional()
            .describe(
                "Secret in the inference namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. @default none",
            ),
    },
    "key",
).describe("An archive in an S3-compatible store; the loaders' egress reaches its address or Service.");

/** A path below the export: relative, with no empty, `.` or `..` segment, so it cannot leave the export. */
const fileUnderExport = text.refine(
    (v) => v.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    {
        error: (issue) =>
            `${display(String(issue.input))} is not a file path relative to path (e.g. densenet_onnx/1.tar), without empty, . or .. segments`,
    },
);

const nfsSource = strict(
    {
        server: ipv4.describe(
            "The NFS server's IPv4 address (an address, so the offline check can place it: inside cluster.nodeSubnet, podCidr or serviceCidr when registry.offline).",
        ),
        path: absoluteDirectory.describe("The exported directory, mounted read-only."),
        file: fileUnderExport.describe(
            "The archive's path under path, e.g. densenet_onnx/1.tar; readable by the loaders' non-root user.",
        ),
    },
    "key",
).describe(
    "An archive on an NFS export. The stack declares a read-only PersistentVolume (csi-driver-nfs: needs storage.nfs) and a claim bound to it, which the loader copies from; the nodes mount it, so the loaders get no egress to the server.",
);

/** The OCI distribution spec's repository name grammar. */
const OCI_REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

const ociSource = strict(
    {
        repository: text
            .regex(OCI_REPOSITORY, {
                message: "must be a repository path such as models/densenet_onnx (lowercase, without the registry)",
            })
            .describe("The artifact's repository in registry.mirror: pulled from <mirror>/<repository>."),
        tag: text
            .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, { message: "must be a tag (letters, digits, _ . -)" })
            .optional()
            .describe("The artifact's tag; set tag or digest. @default none"),
        digest: text
            .regex(/^sha256:[a-f0-9]{64}$/, { message: "must be sha256: and 64 lowercase hex digits" })
            .optional()
            .describe("The artifact's manifest digest, sha256:…; set tag or digest. @default none"),
        mirrorAddress: text
            .refine((v) => parseAddressPort(v) !== undefined, {
                error: (issue) => `${display(String(issue.input))} is not an IPv4 address with an optional :port`,
            })
            .optional()
            .describe(
                "The mirror's IPv4 address[:port], which the loaders' egress NetworkPolicy allows (a policy cannot name a DNS name); required when registry.mirror's host is not an IPv4 address. @default registry.mirror's host, its port or 443",
            ),
    },
    "key",
)
    .superRefine((oci, ctx) => {
        if ((oci.tag === undefined) === (oci.digest === undefined)) {
            ctx.addIssue({ code: "custom", message: "must set exactly one of tag and digest" });
        }
    }, SOUND)
    .describe(
        "An OCI artifact in the registry mirror whose one file is the archive (oras push <ref> model.tar), pulled with oras.",
    );

const SOURCE_KINDS = ["s3", "nfs", "oci"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const sourceSchema = strict({ s3: s3Source.optional(), nfs: nfsSource.optional(), oci: ociSource.optional() }, "source")
    .superRefine((source, ctx) => {
        const kinds = SOURCE_KINDS.filter((kind) => source[kind] !== undefined);
        if (kinds.length !== 1) {
            const named = kinds.length === 0 ? "names no source kind" : `names ${kinds.join(" and ")}`;
            ctx.addIssue({ code: "custom", message: `${named}; set exactly one of s3, nfs and oci` });
        }
    }, SOUND)
    .describe(
        "Where the loader fetches the archive, exactly one of s3, nfs and oci; always inside the network, never the internet.",
    );

export const modelSchema = strict(
    {
        name: text
            .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { message: "must be a model name (letters, digits, _ . -)" })
            .describe("Model name as the runtime serves it (Triton: the model directory's name)."),
        version: text.regex(/^[A-Za-z0-9._-]+$/, { message: "must be a version (letters, digits, . _ -)" }),
        source: sourceSchema,
        sha256: text
            .regex(/^[a-f0-9]{64}$/, { message: "must be the archive's SHA-256, 64 lowercase hex digits" })
            .describe("Checksum the loader verifies before the runtime sees the model, whatever the source."),
    },
    "key",
);

export type ModelConfig = z.output<typeof modelSchema>;
type SourceConfig = ModelConfig["source"];
type OciConfig = NonNullable<SourceConfig["oci"]>;

/** The one kind a parsed source names. */
export function sourceKind(source: SourceConfig): SourceKind {
    return SOURCE_KINDS.find((kind) => source[kind] !== undefined)!;
}

/** Whether a host is inside the cluster's network: an address in the node, pod or service range, or a Service name. */
function insideNetwork(host: string, cluster: ClusterConfig): boolean {
    const address = parseIpv4(host);
    if (address === undefined) {
        return serviceOfHost(host) !== undefined;
    }
    return [cluster.nodeSubnet, cluster.podCidr, cluster.serviceCidr].some((cidr) =>
        containsAddress(parseCidr(cidr)!, address),
    );
}

const OUTSIDE =
    "is outside the cluster's network (nodeSubnet, podCidr, serviceCidr or a .svc name), and registry.offline is set";

/** The mirror's host and port as `registry.mirror` writes them (`host[:port][/path]`). */
function mirrorAuthority(mirror: string): { host: string; port?: number } {
    const [authority] = mirror.split("/");
    const [host, port] = authority.split(":");
    return port === undefined ? { host } : { host, port: Number(port) };
}

function s3Issues(
    s3: NonNullable<SourceConfig["s3"]>,
    at: readonly PropertyKey[],
    offline: ClusterConfig | undefined,
): ConfigIssue[] {
    const host = new URL(s3.endpoint).hostname;
    if (parseIpv4(host) === undefined && serviceOfHost(host) === undefined) {
        return [
            {
                path: [...at, "s3", "endpoint"],
                message: `${host} is neither an IPv4 address nor a Service name (<service>.<namespace>.svc): the loader's egress NetworkPolicy needs one`,
            },
        ];
    }
    return offline === undefined || insideNetwork(host, offline)
        ? []
        : [{ path: at, message: `${s3.endpoint} ${OUTSIDE}` }];
}

function nfsIssues(
    nfs: NonNullable<SourceConfig["nfs"]>,
    at: readonly PropertyKey[],
    context: InferenceContext,
): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (context.storage !== undefined && context.storage.nfs === undefined) {
        issues.push({
            path: [...at, "nfs"],
            message: "needs storage.nfs: csi-driver-nfs, which it installs, mounts the export for the loader",
        });
    }
    const offline = offlineCluster(context);
    if (offline !== undefined && !insideNetwork(nfs.server, offline)) {
        issues.push({ path: [...at, "nfs", "server"], message: `${nfs.server} ${OUTSIDE}` });
    }
    return issues;
}

function ociIssues(oci: OciConfig, at: readonly PropertyKey[], context: InferenceContext): ConfigIssue[] {
    if (context.registry === undefined) {
        return [];
    }
    const mirror = context.registry.mirror;
    if (mirror === undefined) {
        return [{ path: [...at, "oci"], message: "needs registry.mirror: an OCI source is an artifact in the mirror" }];
    }
    const { host } = mirrorAuthority(mirror);
    return oci.mirrorAddress === undefined && parseIpv4(host) === undefined
        ? [
              {
                  path: [...at, "oci", "mirrorAddress"],
                  message: `is required: registry.mirror's host ${host} is not an IPv4 address, and the loader's egress NetworkPolicy needs one`,
              },
          ]
        : [];
}

/** The cluster when offline (every source must then be inside its network), else undefined. */
function offlineCluster(context: InferenceContext): ClusterConfig | undefined {
    return context.registry?.offline === true ? context.cluster : undefined;
}

/** Problems of a service's model list at `at`: duplicates, sources the loaders cannot reach or must not. */
export function modelIssues(
    models: readonly ModelConfig[],
    at: readonly PropertyKey[],
    context: InferenceContext,
): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    models.forEach((model, m) => {
        if (models.findIndex((other) => other.name === model.name) !== m) {
            issues.push({ path: [...at, m, "name"], message: `${model.name} is listed twice` });
        }
        const where = [...at, m, "source"];
        const { s3, nfs, oci } = model.source;
        issues.push(
            ...(s3 !== undefined ? s3Issues(s3, where, offlineCluster(context)) : []),
            ...(nfs !== undefined ? nfsIssues(nfs, where, context) : []),
            // An OCI source is inside the mirror by construction, the one place an offline cluster reaches.
            ...(oci !== undefined ? ociIssues(oci, where, context) : []),
        );
    });
    return issues;
}

/** A model store as the loaders' egress reaches it: the address (a /32) or the Service's pods, and the port. */
export function modelStoreEndpoint(endpoint: string): { to: Endpoint; port: number } {
    const url = new URL(endpoint);
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    if (parseIpv4(url.hostname) !== undefined) {
        return { to: addressEndpoint(url.hostname), port };
    }
    // The checks refuse a host that is neither an address nor a Service name.
    const { service, namespace } = serviceOfHost(url.hostname)!;
    return { to: { kind: "pods", name: `${namespace}/${service}`, namespaces: [namespace], labels: {} }, port };
}

function addressEndpoint(address: string): Endpoint {
    return { kind: "cidrs", name: address, cidrs: [`${address}/32`] };
}

/** The mirror as the OCI loaders' egress reaches it: mirrorAddress, else the mirror's own IPv4 host. */
export function mirrorEndpoint(oci: OciConfig, mirror: string): { to: Endpoint; port: number } {
    const authority = mirrorAuthority(mirror);
    const given = oci.mirrorAddress === undefined ? undefined : parseAddressPort(oci.mirrorAddress)!;
    return {
        to: addressEndpoint(given?.address ?? authority.host),
        port: given?.port ?? authority.port ?? HTTPS_PORT,
    };
}

/**
 * The distinct stores a service's models come from, as the loaders' egress reaches them: S3 stores and the
 * mirror (`registry.mirror`, for OCI sources). NFS exports have none: the node's CSI plugin mounts them on the
 * host network, and a pod rule to port 2049 would only let the loaders speak NFS past the read-only mount.
 */
export function modelStores(
    models: readonly ModelConfig[],
    mirror: string | undefined,
): { to: Endpoint; port: number }[] {
    const stores = models.flatMap(({ source }) => {
        if (source.s3 !== undefined) {
            return [modelStoreEndpoint(source.s3.endpoint)];
        }
        return source.oci !== undefined ? [mirrorEndpoint(source.oci, requireMirror(mirror))] : [];
    });
    const key = (store: { to: Endpoint; port: number }) => `${store.to.kind} ${store.to.name} ${store.port}`;
    return stores.filter((store, i) => stores.findIndex((other) => key(other) === key(store)) === i);
}

/** An OCI source's reference in the mirror: `<mirror>/<repository>:<tag>` or `…@<digest>`. */
export function ociReference(oci: OciConfig, mirror: string): string {
    return `${mirror}/${oci.repository}${oci.digest !== undefined ? `@${oci.digest}` : `:${oci.tag}`}`;
}

/** The mirror an OCI source needs; the config checks refuse an OCI source without one, so this never throws there. */
function requireMirror(mirror: string | undefined): string {
    if (mirror === undefined) {
        throw new Error("an OCI model source needs registry.mirror (the config checks refuse one without it)");
    }
    return mirror;
}

function loaderSource(source: SourceConfig, mirror: string | undefined): ModelSource {
    if (source.s3 !== undefined) {
        return { s3: source.s3 };
    }
    if (source.nfs !== undefined) {
        return { nfs: source.nfs };
    }
    return { oci: { reference: ociReference(source.oci!, requireMirror(mirror)) } };
}

/** The models as the loaders take them, OCI sources resolved against the registry mirror. */
export function loaderModels(models: readonly ModelConfig[], mirror: string | undefined): Model[] {
    return models.map((model) => ({ ...model, source: loaderSource(model.source, mirror) }));
}
