import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inheritedDependsOn } from "../lib/dependencies";
import { childName } from "../lib/naming";
import { DASHBOARD_FILE, dashboardFiles, dashboardProblems, readDashboard } from "./dashboards";
import type { Telemetry } from "./telemetry";
import {
    dashboardConfigMap,
    dashboardConfigMapName,
    platformTargets,
    podMonitorManifest,
    prometheusRuleManifest,
    telemetryProblems,
} from "./telemetry-manifests";

export interface TelemetryResourcesArgs {
    /** Every area's telemetry, merged (mergeTelemetry). */
    telemetry: Telemetry;
    /** The existing namespace the PrometheusRules and the dashboards' ConfigMaps go to (Prometheus's, `monitoring`). */
    dashboardsNamespace: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The collected telemetry as Kubernetes objects: a PodMonitor per platform-declared target in the target's
 * namespace, a PrometheusRule per rule group and a ConfigMap per dashboard (labelled for Grafana's sidecar) in
 * `dashboardsNamespace`. Prometheus selects every monitor and rule in every namespace, so none needs a release label.
 * The PodMonitor and PrometheusRule CRDs come with kube-prometheus-stack: pass its chart in opts.dependsOn, which
 * every child waits for. Bad telemetry or a dashboard Grafana would not load (telemetryProblems, dashboardProblems)
 * is a ResourceError listing every problem, before anything is created.
 */
export class TelemetryResources extends pulumi.ComponentResource {
    /** The PodMonitors, as `<namespace>/<name>`. */
    public readonly podMonitors: readonly string[];
    /** The PrometheusRules' names, in `dashboardsNamespace`. */
    public readonly prometheusRules: readonly string[];
    /** The dashboards' ConfigMaps' names, in `dashboardsNamespace`. */
    public readonly dashboardConfigMaps: readonly string[];

    constructor(name: string, args: TelemetryResourcesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:TelemetryResources", name, {}, opts);
        const { telemetry, dashboardsNamespace } = args;
        const problems = DNS_LABEL.test(dashboardsNamespace)
            ? []
            : [`args.dashboardsNamespace "${dashboardsNamespace}" is not a DNS label`];
        const available = dashboardFiles();
        problems.push(...telemetryProblems(telemetry, available));
        // Only files that are there are read: telemetryProblems has reported the others.
        const dashboards = [...new Set(telemetry.dashboards)]
            .filter((file) => DASHBOARD_FILE.test(file) && available.includes(file))
            .map((file) => ({ file, text: readDashboard(file) }));
        problems.push(...dashboards.flatMap((d) => dashboardProblems(d.file, d.text)));
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`TelemetryResources ${name}: ${problems.join("; ")}`, this);
        }
        const children = { parent: this, dependsOn: inheritedDependsOn(opts) };
        const targets = platformTargets(telemetry);
        for (const target of targets) {
            new k8s.apiextensions.CustomResource(
                childName(name, `monitor-${target.name}`),
                podMonitorManifest(target),
                children,
            );
        }
        for (const group of telemetry.groups) {
            new k8s.apiextensions.CustomResource(
                childName(name, `rules-${group.name}`),
                prometheusRuleManifest(group, dashboardsNamespace),
                children,
            );
        }
        for (const { file, text } of dashboards) {
            new k8s.core.v1.ConfigMap(
                childName(name, dashboardConfigMapName(file)),
                dashboardConfigMap(file, text, dashboardsNamespace),
                children,
            );
        }
        this.podMonitors = targets.map((t) => `${t.namespace}/${t.name}`);
        this.prometheusRules = telemetry.groups.map((g) => g.name);
        this.dashboardConfigMaps = dashboards.map((d) => dashboardConfigMapName(d.file));
        this.registerOutputs({
            podMonitors: this.podMonitors,
            prometheusRules: this.prometheusRules,
            dashboardConfigMaps: this.dashboardConfigMaps,
        });
    }
}
