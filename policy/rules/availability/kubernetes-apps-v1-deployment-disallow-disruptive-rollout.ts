import { parseIntOrPercent, scaledValue } from "../../lib/availability-selectors";
import { describeResource, describeReplicas, scaledWorkloads } from "../../lib/availability-workloads";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { K8sType } from "../../../contract/k8s-types";
import type { Props } from "../../lib/resources";

/** The API server's default for both rollingUpdate bounds. */
const DEFAULT_BOUND = "25%";

export const kubernetesAppsV1DeploymentDisallowDisruptiveRollout: PlatformStackPolicy = {
    name: "kubernetes-apps-v1-deployment-disallow-disruptive-rollout",
    description:
        "A replicated Deployment rolls out with RollingUpdate and a maxUnavailable that keeps at least one replica serving.",
    severity: "medium",
    tags: [Topic.availability, "rollout"],
    remediationSteps:
        "Use strategy RollingUpdate with maxUnavailable below the replica count (e.g. 0 with maxSurge 1, or 25%); " +
        "a workload that truly cannot run two versions at once should be a single replica or a StatefulSet.",
    validateStack: (args, report) => {
        for (const { resource, replicas } of scaledWorkloads(args.resources)) {
            if (resource.type !== K8sType.deployment) {
                continue;
            }
            const strategy: Props = resource.props.spec?.strategy ?? {};
            const rollingUpdate: Props = strategy.rollingUpdate ?? {};
            const rawUnavailable = rollingUpdate.maxUnavailable ?? DEFAULT_BOUND;
            const unavailable = parseIntOrPercent(rawUnavailable);
            const surge = parseIntOrPercent(rollingUpdate.maxSurge ?? DEFAULT_BOUND);
            if (strategy.type !== "Recreate" && unavailable?.value === 0 && surge?.value === 0) {
                report(
                    `${describeResource(resource)}: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ` +
                        `${JSON.stringify(rawUnavailable)}: may not be 0 when maxSurge is 0`,
                    resource.urn,
                );
            }
            if (replicas.count < 2) {
                continue;
            }
            if (strategy.type === "Recreate") {
                report(
                    `${describeResource(resource)} runs ${describeReplicas(replicas)} with strategy Recreate: ` +
                        "every rollout stops all of them before starting new ones",
                    resource.urn,
                );
                continue;
            }
            // The deployment controller rounds a maxUnavailable percentage down.
            const stopped = unavailable === undefined ? 0 : scaledValue(unavailable, replicas.count, false);
            if (stopped >= replicas.count) {
                const scaled = unavailable?.percent ? ` (${stopped} pods)` : "";
                report(
                    `${describeResource(resource)} runs ${describeReplicas(replicas)} with rollingUpdate.maxUnavailable ` +
                        `${String(rawUnavailable)}${scaled}: a rollout may stop all of them at once`,
                    resource.urn,
                );
            }
        }
    },
};
