import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DataNamespace } from "../../contract/namespaces";
import { PodSecurityLevel } from "../../contract/pod-security";
import { CHARTS } from "../../contract/versions";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import type { SystemBudget } from "../tenancy/manifests";
import {
    MARIADB_OPERATOR_REPLICAS,
    mariadbOperatorBudget,
    mariadbOperatorProblem,
    mariadbOperatorValues,
} from "./mariadb-operator-manifests";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

/** The type token of the objects that must outlive the component when it protects them. */
const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

export interface MariaDbOperatorArgs {
    /**
     * Replicas of the controller, the webhook and the cert-controller; two or more turn on leader election and a
     * disruption budget for each. @default 2
     */
    replicas?: number;
    /**
     * Protect the CRDs and keep them when the component is deleted: deleting a CRD deletes every object of its kind,
     * so every MariaDB and Backup would go, protected or not. @default false
     */
    protect?: boolean;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /**
     * Mirror both charts are pulled from, as `oci://<chartMirror>/charts/<chart>`; set it for air-gapped clusters.
     * @default undefined (the upstream repository)
     */
    chartMirror?: string;
    /** Quota and limits of the mariadb-operator namespace. @default mariadbOperatorBudget(replicas) */
    budget?: SystemBudget;
}

/**
 * Marks the CRDs among a chart's objects protect and retainOnDelete; Chart v4's children do not inherit the
 * chart's own options, while a transform reaches them.
 */
export function keepCustomResourceDefinitions(
    args: pulumi.ResourceTransformArgs,
): pulumi.ResourceTransformResult | undefined {
    if (args.type !== CRD_TYPE) {
        return undefined;
    }
    return { props: args.props, opts: pulumi.mergeOptions(args.opts, { protect: true, retainOnDelete: true }) };
}

/**
 * mariadb-operator in `mariadb-operator` (restricted: every pod runs non-root, read-only, without capabilities):
 * its CRDs chart first, then the operator chart with its webhook and cert-controller. The operator watches every
 * namespace; MariaDB clusters (MariaDbCluster) live in their apps' namespaces and wait for `ready`.
 */
export class MariaDbOperator extends pulumi.ComponentResource {
    /** The governed namespace by name; flows into it need only this, not the charts (which need the flows). */
    public readonly namespaces: NamespaceResources;
    /** The CRDs chart and the operator chart: custom resources of k8s.mariadb.com wait for both. */
    public readonly ready: readonly pulumi.Resource[];

    constructor(name: string, args: MariaDbOperatorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:MariaDbOperator", name, {}, opts);
        const replicas = args.replicas ?? MARIADB_OPERATOR_REPLICAS;
        const problem = mariadbOperatorProblem({ replicas });
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`MariaDbOperator ${name}: ${problem}`, this);
        }
        const budget = args.budget ?? mariadbOperatorBudget(replicas);
        const ns = new GovernedNamespace(
            DataNamespace.mariadbOperator,
            { podSecurity: PodSecurityLevel.restricted, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const inherited = inheritedDependsOn(opts);
        const crds = new k8s.helm.v4.Chart(
            childName(name, "crds"),
            chartArgs(chartSource(CHARTS.mariadbOperatorCrds, args.chartMirror), ns.namespace, {}),
            {
                parent: this,
                dependsOn: [ns, ...inherited],
                ...(args.protect ? { transforms: [keepCustomResourceDefinitions] } : {}),
            },
        );
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(
                chartSource(CHARTS.mariadbOperator, args.chartMirror),
                ns.namespace,
                mariadbOperatorValues({ replicas, mirror: args.registryMirror }),
            ),
            {
                parent: this,
                dependsOn: [ns, crds, ...inherited],
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        this.namespaces = new Map([[DataNamespace.mariadbOperator, ns]]);
        this.ready = [crds, chart];
        this.registerOutputs({ namespace: ns.namespace });
    }
}
