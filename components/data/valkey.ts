import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { CHARTS } from "../../contract/versions";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import { safePassword } from "../lib/passwords";
import type { ContainerResources } from "../tenancy/manifests";
import {
    VALKEY_PASSWORD_KEY,
    VALKEY_PORT,
    VALKEY_USER,
    valkeyCacheProblem,
    valkeyPodLabels,
    valkeyServices,
    valkeyValues,
    type ValkeySettings,
} from "./valkey-manifests";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

export interface ValkeyCacheArgs {
    /** The existing namespace the cache runs in, beside its apps (a tenant's). */
    namespace: string;
    /**
     * Read replicas beside the primary, each following it (valkey chart 0.11.0 has no Sentinel: the primary is pod
     * `-0`, with no failover); 0 runs a single instance. Replicas need `storage`.
     */
    replicas: number;
    /** The class and size of each pod's claim. @default undefined (no persistence: an emptyDir) */
    storage?: { storageClass: string; size: string };
    /** Requests and limits of each server container. VALKEY_DEFAULT_RESOURCES is the seed's. */
    resources: ContainerResources;
    /**
     * Protect the chart and the Secret and password (protect and retainOnDelete; replicas' claims are retained
     * when the StatefulSet goes): deleting the stack then leaves the data and the password that opens it.
     */
    protect: boolean;
    /** Registry mirror the images are pulled through (`<mirror>/docker.io/valkey/valkey`). @default undefined */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/valkey`. @default undefined (upstream) */
    chartMirror?: string;
    /** The chart's exporter sidecar (VALKEY_EXPORTER_PORT) and its Service `<name>-metrics`; no chart monitor. @default false */
    metrics?: boolean;
}

/** What an app needs to reach the cache; the password stays in the Secret, under `password`. */
export interface ValkeyRef {
    /** Secret with keys username, password, host and port, in the cache's namespace. */
    readonly secretName: string;
    /** The Service writes go to (the primary). */
    readonly host: string;
    readonly port: number;
    /** The cache's pods: their name in flows and labels, for the app's egress. */
    readonly pods: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
}

/**
 * A Valkey cache from the valkey chart in an app's namespace: ACL auth with the `default` user, whose password is a
 * RandomPassword kept in a Secret the chart reads by name (`auth.usersExistingSecret`); no password is in the
 * chart values or an output. With replicas, a StatefulSet of a fixed primary and read replicas on claims, with a
 * disruption budget and spread across nodes; without, one Deployment. The release is named after the component,
 * so the pods' labels and the Services' names are fixed.
 */
export class ValkeyCache extends pulumi.ComponentResource {
    /** Secret with keys username, password, host and port, in the cache's namespace. */
    public readonly secretName: string;
    /** The Service writes go to: `<name>`, the single instance or the primary. */
    public readonly host: string;
    /** The Service reads may go to: `<name>-read` (every pod) with replicas, else `<name>`. */
    public readonly readHost: string;
    public readonly port: number;
    /** The labels of every Valkey pod, primary and replicas alike, for NetworkPolicy flows. */
    public readonly podLabels: Readonly<Record<string, string>>;

    constructor(name: string, args: ValkeyCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:ValkeyCache", name, {}, opts);
        const settings: ValkeySettings = {
            name,
            replicas: args.replicas,
            storage: args.storage,
            resources: args.resources,
            protect: args.protect,
            metrics: args.metrics ?? false,
            registryMirror: args.registryMirror,
        };
        const problem = valkeyCacheProblem(args.namespace, settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`ValkeyCache ${name}: ${problem}`, this);
        }
        const services = valkeyServices(name, args.replicas);
        const secretName = `${name}-credentials`;
        // Kept with the data: a retained cache on claims is of no use without the password that opens it.
        const kept = { protect: args.protect, retainOnDelete: args.protect };
        const generated = safePassword(childName(name, "password"), this, args.protect);
        const credentials = new k8s.core.v1.Secret(
            childName(name, "credentials"),
            {
                metadata: { name: secretName, namespace: args.namespace, labels: platformLabels() },
                type: "Opaque",
                stringData: {
                    username: VALKEY_USER,
                    [VALKEY_PASSWORD_KEY]: pulumi.secret(generated.result),
                    host: services.write,
                    port: String(VALKEY_PORT),
                },
            },
            { parent: this, ...kept },
        );
        new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(
                    chartSource(CHARTS.valkey, args.chartMirror),
                    args.namespace,
                    valkeyValues(settings, secretName),
                ),
                name,
            },
            {
                parent: this,
                dependsOn: [credentials, ...inheritedDependsOn(opts)],
                ...kept,
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        this.secretName = secretName;
        this.host = services.write;
        this.readHost = services.read;
        this.port = VALKEY_PORT;
        this.podLabels = valkeyPodLabels(name);
        this.registerOutputs({
            secretName,
            host: services.write,
            readHost: services.read,
            port: VALKEY_PORT,
            podLabels: this.podLabels,
        });
    }
}
