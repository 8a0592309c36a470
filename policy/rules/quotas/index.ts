import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesCoreV1ContainerMissingEphemeralStorage } from "./kubernetes-core-v1-container-missing-ephemeral-storage";
import { kubernetesCoreV1PodMissingPriorityClass } from "./kubernetes-core-v1-pod-missing-priority-class";
import { kubernetesCoreV1ContainerDisallowRequestAboveLimit } from "./kubernetes-core-v1-container-disallow-request-above-limit";
import { kubernetesCoreV1ContainerEnforceLimitrangeBounds } from "./kubernetes-core-v1-container-enforce-limitrange-bounds";
import { kubernetesCoreV1ContainerEnforceWholeGpus } from "./kubernetes-core-v1-container-enforce-whole-gpus";
import { kubernetesCoreV1ContainerMissingResources } from "./kubernetes-core-v1-container-missing-resources";
import { kubernetesCoreV1NamespaceMissingLimitrange } from "./kubernetes-core-v1-namespace-missing-limitrange";
import { kubernetesCoreV1NamespaceMissingResourcequota } from "./kubernetes-core-v1-namespace-missing-resourcequota";
import { kubernetesCoreV1PodDisallowGpuToleration } from "./kubernetes-core-v1-pod-disallow-gpu-toleration";
import { kubernetesCoreV1PodMissingGpuNodeSelector } from "./kubernetes-core-v1-pod-missing-gpu-node-selector";
import { kubernetesCoreV1PodMissingGpuRuntimeClass } from "./kubernetes-core-v1-pod-missing-gpu-runtime-class";
import { kubernetesCoreV1PodMissingGpuToleration } from "./kubernetes-core-v1-pod-missing-gpu-toleration";
import { kubernetesCoreV1ResourcequotaEnforceCompute } from "./kubernetes-core-v1-resourcequota-enforce-compute";
import { kubernetesCoreV1ResourcequotaEnforceStorage } from "./kubernetes-core-v1-resourcequota-enforce-storage";
import { kubernetesCoreV1ResourcequotaMissingHardLimits } from "./kubernetes-core-v1-resourcequota-missing-hard-limits";
import { platformEnforceClusterCapacity } from "./platform-enforce-cluster-capacity";
import { platformEnforceFootprintFit } from "./platform-enforce-footprint-fit";
import { platformEnforceGpuCapacity } from "./platform-enforce-gpu-capacity";

/**
 * The quotas area, in catalog order: what every namespace must declare, what every container must declare,
 * what admission would reject (LimitRange, then ResourceQuota, as the API server checks them), what the
 * cluster can hold, then the GPU rules.
 */
export const quotaPolicies: readonly PlatformPolicy[] = [
    kubernetesCoreV1NamespaceMissingResourcequota,
    kubernetesCoreV1NamespaceMissingLimitrange,
    kubernetesCoreV1ResourcequotaMissingHardLimits,
    kubernetesCoreV1ContainerMissingResources,
    kubernetesCoreV1ContainerMissingEphemeralStorage,
    kubernetesCoreV1ContainerDisallowRequestAboveLimit,
    kubernetesCoreV1ContainerEnforceLimitrangeBounds,
    kubernetesCoreV1ResourcequotaEnforceCompute,
    kubernetesCoreV1ResourcequotaEnforceStorage,
    platformEnforceClusterCapacity,
    platformEnforceFootprintFit,
    kubernetesCoreV1PodMissingPriorityClass,
    kubernetesCoreV1ContainerEnforceWholeGpus,
    platformEnforceGpuCapacity,
    kubernetesCoreV1PodMissingGpuToleration,
    kubernetesCoreV1PodMissingGpuNodeSelector,
    kubernetesCoreV1PodMissingGpuRuntimeClass,
    kubernetesCoreV1PodDisallowGpuToleration,
];
