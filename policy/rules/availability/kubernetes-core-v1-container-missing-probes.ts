import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { podSpecOf } from "../../lib/workloads";
import { K8sType } from "../../../contract/k8s-types";
import type { Props } from "../../lib/resources";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;
const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

/** Long-running workloads; Jobs and CronJobs run to completion and init containers exit before probes matter. */
const LONG_RUNNING: readonly string[] = [K8sType.deployment, K8sType.statefulSet, K8sType.daemonSet];

const DEFAULTS = { requiredProbes: ["readinessProbe", "livenessProbe"] as string[] };

export const kubernetesCoreV1ContainerMissingProbes: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-missing-probes",
    description:
        "Every container of a Deployment, StatefulSet or DaemonSet declares a readiness and a liveness probe, each with a handler.",
    severity: "medium",
    tags: [Topic.availability, "probes"],
    remediationSteps:
        "Add readinessProbe and livenessProbe (httpGet, tcpSocket, grpc or exec) to each container; give slow " +
        "starters a startupProbe rather than a long liveness initialDelaySeconds.",
    configSchema: {
        properties: {
            requiredProbes: {
                type: "array",
                items: { type: "string", enum: [...PROBES] },
                default: DEFAULTS.requiredProbes,
                description: "Probes every long-running container must declare.",
            },
        },
    },
    validateResource: (args, report) => {
        if (!LONG_RUNNING.includes(args.type)) {
            return;
        }
        const { requiredProbes } = withDefaults(DEFAULTS, args.getConfig);
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        for (const container of (podSpec.containers ?? []) as Props[]) {
            const missing = requiredProbes.filter((probe) => container[probe] === undefined);
            if (missing.length > 0) {
                report(`container "${container.name}" declares no ${missing.join(", ")}`);
            }
            for (const probe of PROBES) {
                const declared: Props | undefined = container[probe];
                if (declared !== undefined && !HANDLERS.some((handler) => declared[handler] !== undefined)) {
                    report(`container "${container.name}" ${probe}: Required value: must specify a handler type`);
                }
            }
        }
    },
};
