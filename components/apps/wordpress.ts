import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { platformLabels } from "../../contract/labels";
import { parseQuantity } from "../../contract/quantity";
import { IMAGES } from "../../contract/versions";
import type { MariaDbDatabaseRef } from "../data/mariadb";
import type { ValkeyRef } from "../data/valkey";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { Protocol, type Endpoint } from "../network/flows";
import type { GatewayRef } from "../network/gateway-manifests";
import { sharedClaimSpec, Workload, type Autoscaling, type ResourceSpec } from "../workload";
import {
    APACHE_CONFIG,
    APACHE_CONFIG_PATHS,
    HEALTH_PATH,
    UPLOADS_PATH,
    WORDPRESS_KEYS,
    WORDPRESS_PORT,
    WORDPRESS_PORT_NAME,
    WORDPRESS_SCRATCH_PATHS,
    WWW_DATA_UID,
    apacheConfigMapName,
    podsOf,
    wordpressEnv,
    wordpressSecretEnv,
} from "./wordpress-manifests";

/** Requests fit a few Apache prefork children; the memory limit bounds PHP under load. */
export const WORDPRESS_RESOURCES: ResourceSpec = {
    requests: { cpu: "250m", memory: "256Mi" },
    limits: { memory: "512Mi" },
};

export interface WordPressArgs {
    /** The governed namespace it runs in; its MariaDbCluster runs there too (the pods read its Secret). */
    namespace: string;
    /** The database from `MariaDbCluster.databases`; the password is read from its Secret, never inlined. */
    database: MariaDbDatabaseRef;
    /**
     * The object cache: the Redis Object Cache plugin's settings point at it (the plugin must come with the image)
     * and the egress flow opens its port. @default undefined (no object cache)
     */
    cache?: ValkeyRef;
    /** The ReadWriteMany claim for wp-content/uploads, which every replica mounts. */
    uploads: { storageClass: string; size: string };
    /** HPA bounds on CPU (stage 2–5, prod 3–10 at 70 %); the Deployment declares no replicas. */
    autoscaling: Autoscaling;
    /** HTTPS on the shared Gateway, which terminates TLS for the hostname. */
    route: { hostname: string; gateway: GatewayRef };
    /** Protect the uploads claim (protect and retainOnDelete): deleting the stack leaves the media. */
    protect: boolean;
    /** @default WORDPRESS_RESOURCES */
    resources?: ResourceSpec;
    /** Registry mirror the image is pulled through. @default undefined (upstream) */
    registryMirror?: string;
    /** The pods' PriorityClass: a tenant app's, from the cluster area. @default PriorityClassName.tenant */
    priorityClassName?: string;
}

/** Why the args cannot work, or undefined (the Workload checks the rest). */
export function wordPressProblem(args: WordPressArgs): string | undefined {
    if (args.uploads.storageClass.trim() === "") {
        return "args.uploads.storageClass is empty";
    }
    const size = parseQuantity(args.uploads.size);
    if (size === undefined || size === 0) {
        return `args.uploads.size ${JSON.stringify(args.uploads.size)} is not a positive quantity`;
    }
    return undefined;
}

/**
 * The WordPress reference app on the Workload block: the official Apache image as www-data (uid 33) on port 8080
 * with a read-only root filesystem, autoscaled on CPU with a PDB and node spread, routed over HTTPS on the shared
 * Gateway, its uploads on a ReadWriteMany claim every replica mounts, its database password and shared keys from
 * Secrets, and the flow to its MariaDB. Its pods are `<namespace>/<name>`; name it `wordpress` for the stacks'
 * flows.
 */
export class WordPress extends pulumi.ComponentResource {
    /** The pods as a flow endpoint (`namespace/name`). */
    public readonly endpoint: Endpoint;
    public readonly serviceName: string;
    public readonly uploadsClaim: string;

    constructor(name: string, args: WordPressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:apps:WordPress", name, {}, opts);
        const problem = wordPressProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`WordPress ${name}: ${problem}`, this);
        }
        const inherited = inheritedDependsOn(opts);
        const child = { parent: this, dependsOn: inherited };
        const meta = (objectName: string) => ({
            name: objectName,
            namespace: args.namespace,
            labels: platformLabels(),
        });
        const uploadsClaim = `${name}-uploads`;
        const uploads = new k8s.core.v1.PersistentVolumeClaim(
            childName(name, "uploads"),
            {
                metadata: meta(uploadsClaim),
                // Every replica writes uploads, whatever the HPA runs.
                spec: sharedClaimSpec(args.uploads, true),
            },
            { ...child, protect: args.protect, retainOnDelete: args.protect },
        );
        const keysSecret = `${name}-keys`;
        const keys = new k8s.core.v1.Secret(
            childName(name, "keys"),
            {
                metadata: meta(keysSecret),
                type: "Opaque",
                stringData: Object.fromEntries(
                    WORDPRESS_KEYS.map((key) => [key, pulumi.secret(randomKey(name, key, this).result)]),
                ),
            },
            child,
        );
        const configMap = apacheConfigMapName(name);
        const apache = new k8s.core.v1.ConfigMap(
            childName(name, "apache"),
            { metadata: meta(configMap), data: { ...APACHE_CONFIG } },
            child,
        );
        const workload = new Workload(
            name,
            {
                namespace: args.namespace,
                image: IMAGES.wordpress,
                registryMirror: args.registryMirror,
                priorityClassName: args.priorityClassName,
                autoscaling: args.autoscaling,
                resources: args.resources ?? WORDPRESS_RESOURCES,
                ports: [{ name: WORDPRESS_PORT_NAME, port: WORDPRESS_PORT }],
                health: { http: { path: HEALTH_PATH, port: WORDPRESS_PORT_NAME } },
                env: wordpressEnv(args.database, args.cache),
                secretEnv: wordpressSecretEnv(args.database, keysSecret, args.cache),
                scratchPaths: WORDPRESS_SCRATCH_PATHS,
                sharedVolumes: [{ claimName: uploadsClaim, mountPath: UPLOADS_PATH }],
                configMounts: Object.entries(APACHE_CONFIG_PATHS).map(([key, mountPath]) => ({
                    configMap,
                    key,
                    mountPath,
                })),
                security: { runAsUser: WWW_DATA_UID },
                route: { gateway: args.route.gateway, hostname: args.route.hostname, port: WORDPRESS_PORT_NAME },
                flows: {
                    egress: [
                        {
                            to: podsOf(args.namespace, args.database.pods),
                            ports: [{ port: args.database.port, protocol: Protocol.tcp }],
                        },
                        ...(args.cache
                            ? [
                                  {
                                      to: podsOf(args.namespace, args.cache.pods),
                                      ports: [{ port: args.cache.port, protocol: Protocol.tcp }],
                                  },
                              ]
                            : []),
                    ],
                },
            },
            { parent: this, dependsOn: [...inherited, uploads, keys, apache] },
        );
        this.endpoint = workload.endpoint;
        this.serviceName = workload.serviceName;
        this.uploadsClaim = uploadsClaim;
        this.registerOutputs({ serviceName: workload.serviceName, uploadsClaim });
    }
}

/** One authentication key or salt: long, and of characters that need no quoting anywhere. */
function randomKey(name: string, key: string, parent: pulumi.Resource): random.RandomPassword {
    return new random.RandomPassword(
        childName(name, key.toLowerCase().replace(/_/g, "-")),
        { length: 64, special: true, overrideSpecial: "-_.~!#%^*()" },
        { parent },
    );
}
