import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GPU_OPERATOR_NAMESPACE } from "../../contract/gpu";
import { PodSecurityLevel } from "../../contract/pod-security";
import { PriorityClassName } from "../../contract/priority-classes";
import { CHARTS } from "../../contract/versions";
import { chartPodDefaults } from "../lib/chart-pods";
import { inheritedDependsOn } from "../lib/dependencies";
import { chartArgs, chartSource } from "../lib/helm";
import { childName } from "../lib/naming";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import type { SystemBudget } from "../tenancy/manifests";
import {
    DCGM_EXPORTER_PORT,
    devicePluginConfigMap,
    GPU_OPERATOR_RELEASE,
    gpuOperatorBudget,
    gpuOperatorSettingsProblem,
    gpuOperatorValues,
    operatorRuntimeClass,
    RUNTIME_CLASS,
    type GpuOperatorSettings,
} from "./gpu-operator-manifests";

export interface GpuOperatorArgs {
    /**
     * Let the operator build and load the NVIDIA driver in a container on each GPU node; false where the nodes have
     * the driver installed (on-prem GPU nodes usually do).
     */
    driver: boolean;
    /**
     * Let the operator install the NVIDIA Container Toolkit and configure containerd; false where the nodes have it,
     * with the `nvidia` runtime handler configured in containerd.
     */
    toolkit: boolean;
    /**
     * Advertise each GPU `replicasPerGpu` times (2 to 16), shared in turns with no memory isolation: for a stage
     * with fewer GPUs than experiments. @default undefined (one pod per GPU)
     */
    timeSlicing?: { replicasPerGpu: number };
    /** GPU nodes (each runs one pod of every node agent); sizes the default budget. */
    gpuNodes: number;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /** Mirror the chart is pulled from, as `oci://<chartMirror>/charts/gpu-operator`. @default undefined (upstream) */
    chartMirror?: string;
    /** Quota and limits of gpu-operator. @default gpuOperatorBudget({ driver, toolkit, gpuNodes }) */
    budget?: SystemBudget;
}

/**
 * The NVIDIA GPU Operator in `gpu-operator`: node-feature-discovery finds the GPU nodes, and the operator runs the
 * device plugin, GPU feature discovery, the DCGM exporter and the validator on each (and the driver and toolkit
 * when asked), from the chart's ClusterPolicy. The namespace is privileged: those agents load kernel modules,
 * reconfigure containerd and read the GPUs through host paths; nothing else runs there. The operator creates the
 * RuntimeClass `nvidia` itself, so the component declares none; it declares the device plugin's ConfigMap.
 */
export class GpuOperator extends pulumi.ComponentResource {
    /** The governed namespace by name, for the flows and ordering the area adds. */
    public readonly namespaces: NamespaceResources;
    /** The RuntimeClass GPU pods name (created by the operator). */
    public readonly runtimeClass: string;
    /** The DCGM exporter's metrics port, for the telemetry target. */
    public readonly dcgmExporterPort: number;

    constructor(name: string, args: GpuOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:inference:GpuOperator", name, {}, opts);
        const settings: GpuOperatorSettings = {
            driver: args.driver,
            toolkit: args.toolkit,
            timeSlicing: args.timeSlicing,
            gpuNodes: args.gpuNodes,
            registryMirror: args.registryMirror,
        };
        const problem = gpuOperatorSettingsProblem(settings);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`GpuOperator ${name}: ${problem}`, this);
        }
        const values = gpuOperatorValues(settings);
        if (operatorRuntimeClass(values) !== RUNTIME_CLASS) {
            throw new pulumi.ResourceError(
                `GpuOperator ${name}: the values leave the operator creating no RuntimeClass ${RUNTIME_CLASS}`,
                this,
            );
        }
        const budget = args.budget ?? gpuOperatorBudget(settings);
        const ns = new GovernedNamespace(
            GPU_OPERATOR_NAMESPACE,
            { podSecurity: PodSecurityLevel.privileged, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        // The device plugin's config-manager falls back to an empty config while the ConfigMap is missing.
        const config = new k8s.core.v1.ConfigMap(
            childName(name, "device-plugin-config"),
            devicePluginConfigMap(args.timeSlicing),
            { parent: this, dependsOn: [ns] },
        );
        // The caller's dependsOn (the GPU node patches) holds the chart back until the nodes carry their label.
        new k8s.helm.v4.Chart(
            childName(name, "chart"),
            {
                ...chartArgs(chartSource(CHARTS.gpuOperator, args.chartMirror), ns.namespace, values),
                name: GPU_OPERATOR_RELEASE,
            },
            {
                parent: this,
                dependsOn: [ns, config, ...inheritedDependsOn(opts)],
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        this.namespaces = new Map([[GPU_OPERATOR_NAMESPACE, ns]]);
        this.runtimeClass = RUNTIME_CLASS;
        this.dcgmExporterPort = DCGM_EXPORTER_PORT;
        this.registerOutputs({ runtimeClass: RUNTIME_CLASS, dcgmExporterPort: DCGM_EXPORTER_PORT });
    }
}
