// The offline model store in config: where each model comes from, its checksum, and the checks that keep every
// source inside the cluster's network.
import { z } from "zod";
import type { Endpoint } from "../../../components/network/flows";
import type { ConfigIssue } from "../../config/errors";
import { containsAddress, parseCidr, parseIpv4 } from "../../config/ip";
import { dnsLabel, text, unknownKeys } from "../../config/primitives";
import type { ClusterConfig } from "../cluster/schema";
import type { InferenceContext } from "./checks";

const strict = <T extends z.ZodRawShape>(shape: T, what: string) =>
    z.strictObject(shape, { error: unknownKeys(what, Object.keys(shape)) });

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
);
export const modelSchema = strict(
    {
        name: text
            .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { message: "must be a model name (letters, digits, _ . -)" })
            .describe("Model name as the runtime serves it (Triton: the model directory's name)."),
        version: text.regex(/^[A-Za-z0-9._-]+$/, { message: "must be a version (letters, digits, . _ -)" }),
        source: strict({ s3: s3Source }, "source").describe(
            "Where the loader fetches the archive: an S3-compatible store inside the network; never the internet.",
        ),
        sha256: text
            .regex(/^[a-f0-9]{64}$/, { message: "must be the archive's SHA-256, 64 lowercase hex digits" })
            .describe("Checksum the loader verifies before the runtime sees the model."),
    },
    "key",
);

export type ModelConfig = z.output<typeof modelSchema>;

/** A Service's name in the cluster's DNS: `<service>.<namespace>.svc`, with or without the cluster domain. */
const SERVICE_HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;

/** The Service a host names, or undefined when it names none. */
export function serviceOfHost(host: string): { service: string; namespace: string } | undefined {
    const match = SERVICE_HOST.exec(host);
    return match === null ? undefined : { service: match[1], namespace: match[3] };
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

/** Why a model's source is out of reach of an offline cluster, or undefined. */
function offlineSourceProblem(model: ModelConfig, cluster: ClusterConfig): string | undefined {
    const endpoint = model.source.s3.endpoint;
    return insideNetwork(new URL(endpoint).hostname, cluster)
        ? undefined
        : `${endpoint} is outside the cluster's network (nodeSubnet, podCidr, serviceCidr or a .svc name), and registry.offline is set`;
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
        const host = new URL(model.source.s3.endpoint).hostname;
        if (parseIpv4(host) === undefined && serviceOfHost(host) === undefined) {
            issues.push({
                path: [...at, m, "source", "s3", "endpoint"],
                message: `${host} is neither an IPv4 address nor a Service name (<service>.<namespace>.svc): the loader's egress NetworkPolicy needs one`,
            });
            return;
        }
        const offline = context.cluster !== undefined && context.registry?.offline === true;
        const problem = offline ? offlineSourceProblem(model, context.cluster!) : undefined;
        if (problem !== undefined) {
            issues.push({ path: [...at, m, "source"], message: problem });
        }
    });
    return issues;
}

/** A model store as the loaders' egress reaches it: the address (a /32) or the Service's pods, and the port. */
export function modelStoreEndpoint(endpoint: string): { to: Endpoint; port: number } {
    const url = new URL(endpoint);
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    if (parseIpv4(url.hostname) !== undefined) {
        return { to: { kind: "cidrs", name: url.hostname, cidrs: [`${url.hostname}/32`] }, port };
    }
    // The checks refuse a host that is neither an address nor a Service name.
    const { service, namespace } = serviceOfHost(url.hostname)!;
    return { to: { kind: "pods", name: `${namespace}/${service}`, namespaces: [namespace], labels: {} }, port };
}

/** The distinct stores a service's models come from. */
export function modelStores(models: readonly ModelConfig[]): { to: Endpoint; port: number }[] {
    const endpoints = [...new Set(models.map((m) => m.source.s3.endpoint))];
    return endpoints.map(modelStoreEndpoint);
}
