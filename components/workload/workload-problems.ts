import { gpuProblems } from "./gpu";
import { initContainerProblems } from "./init-containers";
import { healthProblems } from "./probes";
import { listenerFor } from "./route";
import { signalProblems } from "./scaling";
import { memoryVolumeProblems, mountProblems } from "./volumes";
import type { WorkloadArgs } from "./workload";
import { WORKLOAD_DEFAULTS } from "./workload-manifests";
import { WorkloadKind } from "./manifests";

/**
 * Everything wrong with the args, as messages naming the fields; empty when they can work. `name` is the
 * workload's (its main container's) name, which no init container may take.
 */
export function workloadArgsProblems(args: WorkloadArgs, name?: string): string[] {
    const problems: string[] = [];
    const scratchPaths = args.scratchPaths ?? WORKLOAD_DEFAULTS.scratchPaths;
    if (args.ports.length === 0) {
        problems.push("args.ports must declare at least one port");
    }
    const portNames = args.ports.map((p) => p.name);
    if (new Set(portNames).size !== portNames.length) {
        problems.push(`args.ports names must be unique, got ${portNames.join(", ")}`);
    }
    const replicas = args.replicas ?? WORKLOAD_DEFAULTS.replicas;
    if (!Number.isInteger(replicas) || replicas < 1) {
        problems.push(`args.replicas must be a positive integer, got ${replicas}`);
    }
    const hpa = args.autoscaling;
    if (hpa && (hpa.minReplicas < 1 || hpa.maxReplicas < hpa.minReplicas)) {
        problems.push(
            `args.autoscaling needs 1 ≤ minReplicas ≤ maxReplicas, got ${hpa.minReplicas}..${hpa.maxReplicas}`,
        );
    }
    if (hpa?.signal) {
        problems.push(...signalProblems(hpa.signal));
        if (hpa.targetCpuUtilization !== undefined) {
            problems.push("args.autoscaling scales on signal or on targetCpuUtilization, not both");
        }
    }
    if (args.storage && (args.kind ?? WORKLOAD_DEFAULTS.kind) !== WorkloadKind.statefulSet) {
        problems.push('args.storage needs args.kind "StatefulSet"');
    }
    problems.push(
        ...mountProblems({
            sharedVolumes: args.sharedVolumes,
            configMounts: args.configMounts,
            memoryVolumes: args.memoryVolumes,
            otherPaths: [...scratchPaths, ...(args.storage ? [args.storage.mountPath] : [])],
        }),
        ...memoryVolumeProblems(args.memoryVolumes ?? [], args.resources.limits.memory),
    );
    if (args.route) {
        if (listenerFor(args.route) === undefined) {
            const served = Object.keys(args.route.gateway.listeners).join(", ");
            problems.push(
                `args.route.hostname ${args.route.hostname} is not served by Gateway ${args.route.gateway.name} (${served})`,
            );
        }
        if (!portNames.includes(args.route.port)) {
            problems.push(`args.route.port ${args.route.port} is not one of args.ports (${portNames.join(", ")})`);
        }
    }
    if (args.serviceMonitor && !portNames.includes(args.serviceMonitor.port)) {
        problems.push(
            `args.serviceMonitor.port ${args.serviceMonitor.port} is not one of args.ports (${portNames.join(", ")})`,
        );
    }
    problems.push(
        ...healthProblems(args.health),
        ...gpuProblems(args.gpu),
        ...initContainerProblems(args.initContainers ?? [], name, args.sharedVolumes ?? [], scratchPaths),
    );
    return problems;
}
