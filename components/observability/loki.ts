import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../contract/versions";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import type { ContainerResources } from "../tenancy/manifests";
import { LOKI_HTTP_PORT, LOKI_NAME, lokiPodLabels, lokiProblem, lokiUrls, lokiValues } from "./loki-values";

export interface LokiArgs {
    /** The existing namespace Loki runs in (`monitoring`, restricted Pod Security). */
    namespace: string;
    /**
     * How long logs are kept before the compactor deletes them: a Prometheus duration (`744h`, `31d`) that is a
     * positive multiple of 24h, the index period.
     */
    retention: string;
    /** The class and size of Loki's one claim (chunks, index, compactor state). */
    storage: { storageClass: string; size: string };
    /** Requests and limits of the Loki container. LOKI_DEFAULT_RESOURCES is a starting point. */
    resources: ContainerResources;
    /** Protect and retain the chart (its claim holds the logs): deleting the stack then leaves them. */
    protect: boolean;
    /** Registry mirror the image is pulled through (`<mirror>/docker.io/grafana/loki`). @default undefined */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/loki`. @default undefined (upstream) */
    chartMirror?: string;
}

/**
 * Loki from the loki chart in Monolithic mode: one StatefulSet pod `loki-0` serving push, query and `/metrics` on
 * 3100, on one filesystem claim, one tenant, retention through the compactor. Everything else the chart can run
 * is off, so the only pod is Loki's; its ServiceMonitor is too, since the platform declares a PodMonitor for it
 * from `podLabels` and `metricsPort`. The release and object names are fixed (`loki`).
 */
export class Loki extends pulumi.ComponentResource {
    /** The Service log shippers and Grafana reach Loki by, in the namespace. */
    public readonly serviceName: string;
    public readonly port: number;
    /** Where log shippers push: `http://loki.<namespace>.svc.cluster.local:3100/loki/api/v1/push`. */
    public readonly pushUrl: string;
    /** Loki's base URL for Grafana's datasource. */
    public readonly queryUrl: string;
    /** The Loki pod's labels (the StatefulSet's selector), for the PodMonitor and NetworkPolicy flows. */
    public readonly podLabels: Readonly<Record<string, string>>;
    /** The container port `/metrics` is served on (Loki's HTTP port). */
    public readonly metricsPort: number;

    constructor(name: string, args: LokiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Loki", name, {}, opts);
        const settings = {
            retention: args.retention,
            storage: args.storage,
            resources: args.resources,
            registryMirror: args.registryMirror,
        };
        const problem = lokiProblem(args.namespace, settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`Loki ${name}: ${problem}`, this);
        }
        new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(chartSource(CHARTS.loki, args.chartMirror), args.namespace, lokiValues(settings)),
                name: LOKI_NAME,
            },
            {
                parent: this,
                dependsOn: inheritedDependsOn(opts),
                protect: args.protect,
                retainOnDelete: args.protect,
            },
        );
        const urls = lokiUrls(args.namespace);
        this.serviceName = LOKI_NAME;
        this.port = LOKI_HTTP_PORT;
        this.pushUrl = urls.pushUrl;
        this.queryUrl = urls.queryUrl;
        this.podLabels = lokiPodLabels();
        this.metricsPort = LOKI_HTTP_PORT;
        this.registerOutputs({
            serviceName: this.serviceName,
            port: this.port,
            pushUrl: this.pushUrl,
            queryUrl: this.queryUrl,
            podLabels: this.podLabels,
            metricsPort: this.metricsPort,
        });
    }
}
