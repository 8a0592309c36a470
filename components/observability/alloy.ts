import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../contract/versions";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import type { ContainerResources } from "../tenancy/manifests";
import type { LogCollection } from "./alloy-config";
import { ALLOY_HTTP_PORT, ALLOY_NAME, alloyPodLabels, alloyProblem, alloyValues } from "./alloy-values";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

export type { LogCollection } from "./alloy-config";

export interface AlloyArgs {
    /**
     * The existing namespace Alloy runs in: `monitoring` (restricted) for `api` collection, `log-agents`
     * (privileged: hostPath) for `node` collection. The caller passes the one that fits the mode.
     */
    namespace: string;
    /** How pod logs are read; the trade-off is on LogCollection (components/observability/alloy-config.ts). */
    collection: LogCollection;
    /** Loki's push endpoint (Loki.pushUrl). */
    lokiPushUrl: string;
    /** Requests and limits of the Alloy container (per pod). ALLOY_DEFAULT_RESOURCES is a starting point. */
    resources: ContainerResources;
    /** Registry mirror both images are pulled through (`<mirror>/docker.io/grafana/alloy`). @default undefined */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/alloy`. @default undefined (upstream) */
    chartMirror?: string;
}

/**
 * Grafana Alloy from the alloy chart, shipping every pod's logs to Loki with the labels namespace, pod, container
 * and node. `api` collection: one clustered Deployment reading through the API server, without privileges. `node`
 * collection: a DaemonSet on every node, taints tolerated, reading /var/log/pods from the host. Its ClusterRole
 * reads pods (and their logs in `api` mode) only. The release and object names are fixed (`alloy`).
 */
export class Alloy extends pulumi.ComponentResource {
    /** The Alloy pods' labels (the workload's selector), for the PodMonitor and NetworkPolicy flows. */
    public readonly podLabels: Readonly<Record<string, string>>;
    /** The container port `/metrics` is served on: Alloy's HTTP server. */
    public readonly metricsPort: number;

    constructor(name: string, args: AlloyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Alloy", name, {}, opts);
        const settings = {
            collection: args.collection,
            lokiPushUrl: args.lokiPushUrl,
            resources: args.resources,
            registryMirror: args.registryMirror,
        };
        const problem = alloyProblem(args.namespace, settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`Alloy ${name}: ${problem}`, this);
        }
        new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(chartSource(CHARTS.alloy, args.chartMirror), args.namespace, alloyValues(settings)),
                name: ALLOY_NAME,
            },
            {
                parent: this,
                dependsOn: inheritedDependsOn(opts),
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        this.podLabels = alloyPodLabels();
        this.metricsPort = ALLOY_HTTP_PORT;
        this.registerOutputs({ podLabels: this.podLabels, metricsPort: this.metricsPort });
    }
}
