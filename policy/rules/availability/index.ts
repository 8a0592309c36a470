import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesAppsV1DeploymentDisallowDisruptiveRollout } from "./kubernetes-apps-v1-deployment-disallow-disruptive-rollout";
import { kubernetesAppsV1DeploymentDisallowStaticReplicas } from "./kubernetes-apps-v1-deployment-disallow-static-replicas";
import { kubernetesAutoscalingV2HorizontalpodautoscalerDisallowFixedReplicas } from "./kubernetes-autoscaling-v2-horizontalpodautoscaler-disallow-fixed-replicas";
import { kubernetesAutoscalingV2HorizontalpodautoscalerEnforceMinReplicas } from "./kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas";
import { kubernetesCoreV1ContainerMissingProbes } from "./kubernetes-core-v1-container-missing-probes";
import { kubernetesPolicyV1PoddisruptionbudgetDisallowNoopBudget } from "./kubernetes-policy-v1-poddisruptionbudget-disallow-noop-budget";
import { kubernetesPolicyV1PoddisruptionbudgetDisallowBlockedDrains } from "./kubernetes-policy-v1-poddisruptionbudget-disallow-blocked-drains";
import { platformDisallowLegacyAvailabilityApis } from "./platform-disallow-legacy-availability-apis";
import { platformEnforceMinReplicas } from "./platform-enforce-min-replicas";
import { platformEnforceNodeSpread } from "./platform-enforce-node-spread";
import { platformEnforceOddQuorum } from "./platform-enforce-odd-quorum";
import { platformMissingPodDisruptionBudget } from "./platform-missing-pod-disruption-budget";

export const availabilityPolicies: readonly PlatformPolicy[] = [
    platformEnforceMinReplicas,
    platformEnforceOddQuorum,
    platformMissingPodDisruptionBudget,
    kubernetesPolicyV1PoddisruptionbudgetDisallowBlockedDrains,
    kubernetesPolicyV1PoddisruptionbudgetDisallowNoopBudget,
    kubernetesAppsV1DeploymentDisallowStaticReplicas,
    kubernetesAutoscalingV2HorizontalpodautoscalerEnforceMinReplicas,
    kubernetesAutoscalingV2HorizontalpodautoscalerDisallowFixedReplicas,
    platformDisallowLegacyAvailabilityApis,
    kubernetesCoreV1ContainerMissingProbes,
    platformEnforceNodeSpread,
    kubernetesAppsV1DeploymentDisallowDisruptiveRollout,
];
