import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { containersOf, podSpecOf, type NamedContainer } from "../../lib/workloads";
import { K8sType } from "../../../contract/k8s-types";
import { kindOf } from "../../../contract/objects";
import type { Props } from "../../lib/resources";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;
const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

/** Kinds whose pods run to completion: the API server accepts only restartPolicy Never or OnFailure for them. */
const RUN_TO_COMPLETION: readonly string[] = [K8sType.job, K8sType.cronJob];

/** Bare Pod restart policies under which the pod ends when its containers exit. */
const FINITE_RESTART_POLICIES: readonly unknown[] = ["Never", "OnFailure"];

const DEFAULTS = { requiredProbes: ["readinessProbe", "livenessProbe"] as string[] };

/**
 * Whether the pod runs to completion. Controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController) are accepted only with restartPolicy Always, so their pods run continuously whatever the
 * field says; a bare Pod is continuous when its restartPolicy is Always or unset (the API default).
 */
function runsToCompletion(type: string, podSpec: Props): boolean {
    if (RUN_TO_COMPLETION.includes(type)) {
        return true;
    }
    return type === K8sType.pod && FINITE_RESTART_POLICIES.includes(podSpec.restartPolicy);
}

/**
 * The containers probes apply to: regular containers and native sidecars (init containers with restartPolicy
 * Always, which run for the pod's whole life). Ordinary init containers exit before the pod is ready and the API
 * server rejects probes on them; ephemeral containers may not declare probes either.
 */
function probedContainers(podSpec: Props): { sidecars: NamedContainer[]; main: NamedContainer[] } {
    const initContainers: Props[] = podSpec.initContainers ?? [];
    return {
        sidecars: containersOf({ initContainers: initContainers.filter((c) => c.restartPolicy === "Always") }),
        main: containersOf({ containers: podSpec.containers }),
    };
}

/**
 * The Job spec whose activeDeadlineSeconds bounds every pod it starts: the Job's own, a CronJob's jobTemplate's.
 * Called only where podSpecOf found a pod spec, so the path down to it exists.
 */
function jobSpecOf(type: string, props: Props): Props | undefined {
    if (type === K8sType.job) {
        return props.spec;
    }
    return type === K8sType.cronJob ? props.spec.jobTemplate.spec : undefined;
}

/** The API server accepts only a positive integer; anything else is no bound (and fails the update anyway). */
function isDeadline(value: unknown): boolean {
    return typeof value === "number" && value > 0;
}

function missingProbes(container: Props, required: readonly string[]): string[] {
    return required.filter((probe) => container[probe] === undefined);
}

/**
 * Stricter than Polaris (which skips Jobs, CronJobs and all init containers) and kube-score (which judges only pods a
 * Service targets): a run-to-completion pod must still bound a hang, and a native sidecar runs as long as the pod, so it is judged like a long-running
 * container. Readiness is not asked of run-to-completion pods: it only gates Service endpoints and rollouts, neither
 * of which a Job has, and a failing readiness probe never stops a hung pod; a liveness probe restarts it (the Job's
 * backoffLimit then ends it) and activeDeadlineSeconds fails it, so either bounds the run.
 */
export const kubernetesCoreV1ContainerMissingProbes: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-missing-probes",
    description:
        "Every long-running container (of a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController or restartPolicy-Always Pod, and every native sidecar) declares a readiness and a liveness probe, every container of a Job, CronJob or run-to-completion Pod has a liveness probe unless an activeDeadlineSeconds bounds its run, and each probe has a handler.",
    severity: "medium",
    tags: [Topic.availability, "probes"],
    remediationSteps:
        "Add readinessProbe and livenessProbe (httpGet, tcpSocket, grpc or exec) to each long-running container and " +
        "native sidecar; give slow starters a startupProbe rather than a long liveness initialDelaySeconds. For a " +
        "Job, CronJob or run-once Pod, set activeDeadlineSeconds (Job spec, CronJob jobTemplate.spec or pod spec) " +
        "or give each container a livenessProbe.",
    configSchema: {
        properties: {
            requiredProbes: {
                type: "array",
                items: { type: "string", enum: [...PROBES] },
                default: DEFAULTS.requiredProbes,
                description: "Probes every long-running container and native sidecar must declare.",
            },
        },
    },
    validateResource: (args, report) => {
        const podSpec = podSpecOf(args.type, args.props);
        if (podSpec === undefined) {
            return;
        }
        const { requiredProbes } = withDefaults(DEFAULTS, args.getConfig);
        const { sidecars, main } = probedContainers(podSpec);
        for (const { label, container } of sidecars) {
            const missing = missingProbes(container, requiredProbes);
            if (missing.length > 0) {
                report(`${label} (a native sidecar: restartPolicy Always) declares no ${missing.join(", ")}`);
            }
        }
        if (runsToCompletion(args.type, podSpec)) {
            const unprobed = main.filter(({ container }) => container.livenessProbe === undefined);
            // Read the deadlines only when a container needs one, so an unknown deadline blocks no compliant pod.
            const bounded =
                unprobed.length === 0 ||
                isDeadline(jobSpecOf(args.type, args.props)?.activeDeadlineSeconds) ||
                isDeadline(podSpec.activeDeadlineSeconds);
            if (!bounded) {
                for (const { label } of unprobed) {
                    report(
                        `${label} declares no livenessProbe and the ${kindOf(args.type)} sets no ` +
                            "activeDeadlineSeconds, so nothing stops a hung run",
                    );
                }
            }
        } else {
            for (const { label, container } of main) {
                const missing = missingProbes(container, requiredProbes);
                if (missing.length > 0) {
                    report(`${label} declares no ${missing.join(", ")}`);
                }
            }
        }
        for (const { label, container } of [...sidecars, ...main]) {
            for (const probe of PROBES) {
                const declared: Props | undefined = container[probe];
                if (declared !== undefined && !HANDLERS.some((handler) => declared[handler] !== undefined)) {
                    report(`${label} ${probe}: Required value: must specify a handler type`);
                }
            }
        }
    },
};
