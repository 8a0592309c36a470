import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KEDA_NAMESPACE } from "../../contract/keda";
import { PodSecurityLevel } from "../../contract/pod-security";
import { PriorityClassName } from "../../contract/priority-classes";
import { CHARTS } from "../../contract/versions";
import { chartPodDefaults } from "../lib/chart-pods";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import type { SystemBudget } from "../tenancy/manifests";
import { KEDA_RELEASE, kedaBudget, kedaValues } from "./keda-manifests";

export interface KedaArgs {
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/keda`. @default undefined (upstream) */
    chartMirror?: string;
    /** Quota and limits of the keda namespace. @default kedaBudget() */
    budget?: SystemBudget;
}

/**
 * KEDA in `keda` (restricted: every pod runs non-root, read-only, without capabilities): the operator turns each
 * ScaledObject into an HPA and polls its trigger (a Prometheus query for the inference services), the metrics API
 * server serves the values to those HPAs as external metrics, and the admission webhooks reject a ScaledObject
 * that fights another autoscaler. The chart installs KEDA's CRDs, so ScaledObjects wait for `ready`.
 */
export class Keda extends pulumi.ComponentResource {
    /** The governed namespace by name; flows into it need only this, not the chart (which needs the flows). */
    public readonly namespaces: NamespaceResources;
    /** The chart: ScaledObjects wait for it (its CRDs, and the webhooks that validate them). */
    public readonly ready: readonly pulumi.Resource[];

    constructor(name: string, args: KedaArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("platform:inference:Keda", name, {}, opts);
        const budget = args.budget ?? kedaBudget();
        const ns = new GovernedNamespace(
            KEDA_NAMESPACE,
            { podSecurity: PodSecurityLevel.restricted, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(
                    chartSource(CHARTS.keda, args.chartMirror),
                    ns.namespace,
                    kedaValues({ registryMirror: args.registryMirror }),
                ),
                name: KEDA_RELEASE,
            },
            {
                parent: this,
                dependsOn: [ns, ...inheritedDependsOn(opts)],
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        this.namespaces = new Map([[KEDA_NAMESPACE, ns]]);
        this.ready = [chart];
        this.registerOutputs({ namespace: ns.namespace });
    }
}
