import { kubernetesCoreV1ContainerDisallowHostProbes } from "./kubernetes-core-v1-container-disallow-host-probes";
import { kubernetesCoreV1ContainerDisallowHostPort } from "./kubernetes-core-v1-container-disallow-host-port";
import { kubernetesCoreV1ContainerEnforceDefaultProcMount } from "./kubernetes-core-v1-container-enforce-default-proc-mount";
import { kubernetesCoreV1PodDisallowCustomSelinuxOptions } from "./kubernetes-core-v1-pod-disallow-custom-selinux-options";
import { kubernetesCoreV1PodDisallowRestrictedVolumeTypes } from "./kubernetes-core-v1-pod-disallow-restricted-volume-types";
import { kubernetesCoreV1PodDisallowUnconfinedApparmorProfile } from "./kubernetes-core-v1-pod-disallow-unconfined-apparmor-profile";
import { kubernetesCoreV1PodDisallowUnsafeSysctls } from "./kubernetes-core-v1-pod-disallow-unsafe-sysctls";
import { kubernetesCoreV1PodDisallowWindowsHostProcess } from "./kubernetes-core-v1-pod-disallow-windows-host-process";
import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesRbacV1RolebindingDisallowClusterAdmin } from "./kubernetes-rbac-v1-rolebinding-disallow-cluster-admin";
import { kubernetesRbacV1RoleDisallowWildcards } from "./kubernetes-rbac-v1-role-disallow-wildcards";
import { kubernetesRbacV1RoleDisallowPodExec } from "./kubernetes-rbac-v1-role-disallow-pod-exec";
import { kubernetesRbacV1ClusterroleDisallowSecretRead } from "./kubernetes-rbac-v1-clusterrole-disallow-secret-read";
import { kubernetesRbacV1RoleDisallowEscalationVerbs } from "./kubernetes-rbac-v1-role-disallow-escalation-verbs";
import { kubernetesCoreV1ConfigmapDisallowSecretKeys } from "./kubernetes-core-v1-configmap-disallow-secret-keys";
import { kubernetesCoreV1ContainerDisallowPlaintextSecretEnv } from "./kubernetes-core-v1-container-disallow-plaintext-secret-env";
import { kubernetesCoreV1ContainerDisallowPrivilegeEscalation } from "./kubernetes-core-v1-container-disallow-privilege-escalation";
import { kubernetesCoreV1ContainerDisallowPrivileged } from "./kubernetes-core-v1-container-disallow-privileged";
import { kubernetesCoreV1ContainerDisallowUnpinnedImage } from "./kubernetes-core-v1-container-disallow-unpinned-image";
import { kubernetesCoreV1ContainerDisallowUnrestrictedCapabilities } from "./kubernetes-core-v1-container-disallow-unrestricted-capabilities";
import { kubernetesCoreV1ContainerDisallowNonDefaultCapabilities } from "./kubernetes-core-v1-container-disallow-non-default-capabilities";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry } from "./kubernetes-core-v1-container-disallow-untrusted-registry";
import { kubernetesCoreV1ContainerDisallowWeakPassword } from "./kubernetes-core-v1-container-disallow-weak-password";
import { kubernetesCoreV1ContainerEnableReadOnlyRootFilesystem } from "./kubernetes-core-v1-container-enable-read-only-root-filesystem";
import { kubernetesCoreV1ContainerEnforceRunAsNonRoot } from "./kubernetes-core-v1-container-enforce-run-as-non-root";
import { kubernetesCoreV1ContainerEnforceSeccompProfile } from "./kubernetes-core-v1-container-enforce-seccomp-profile";
import { kubernetesCoreV1PodDisableServiceAccountToken } from "./kubernetes-core-v1-pod-disable-service-account-token";
import { kubernetesCoreV1PodDisallowHostNamespaces } from "./kubernetes-core-v1-pod-disallow-host-namespaces";
import { kubernetesCoreV1PodDisallowHostPath } from "./kubernetes-core-v1-pod-disallow-host-path";
import { kubernetesCoreV1SecretDisallowDataAndStringData } from "./kubernetes-core-v1-secret-disallow-data-and-string-data";
import { kubernetesCoreV1SecretDisallowWeakPassword } from "./kubernetes-core-v1-secret-disallow-weak-password";
import { platformDisallowWeakChartPassword } from "./platform-disallow-weak-chart-password";

export const securityPolicies: readonly PlatformPolicy[] = [
    // Pod security: what the restricted Pod Security Standard forbids, with system-namespace exemptions.
    kubernetesCoreV1ContainerDisallowPrivileged,
    kubernetesCoreV1PodDisallowHostNamespaces,
    kubernetesCoreV1PodDisallowHostPath,
    kubernetesCoreV1ContainerDisallowHostPort,
    kubernetesCoreV1ContainerDisallowHostProbes,
    kubernetesCoreV1PodDisallowUnsafeSysctls,
    kubernetesCoreV1ContainerEnforceDefaultProcMount,
    kubernetesCoreV1PodDisallowCustomSelinuxOptions,
    kubernetesCoreV1PodDisallowUnconfinedApparmorProfile,
    kubernetesCoreV1PodDisallowWindowsHostProcess,
    kubernetesCoreV1PodDisallowRestrictedVolumeTypes,
    kubernetesCoreV1ContainerEnforceRunAsNonRoot,
    kubernetesCoreV1ContainerDisallowPrivilegeEscalation,
    kubernetesCoreV1ContainerDisallowUnrestrictedCapabilities,
    kubernetesCoreV1ContainerDisallowNonDefaultCapabilities,
    kubernetesCoreV1ContainerEnforceSeccompProfile,
    kubernetesCoreV1ContainerEnableReadOnlyRootFilesystem,
    kubernetesCoreV1PodDisableServiceAccountToken,
    // RBAC: no grant that hands a workload the cluster, a shell in other pods, every Secret or its own escalation.
    kubernetesRbacV1RolebindingDisallowClusterAdmin,
    kubernetesRbacV1RoleDisallowWildcards,
    kubernetesRbacV1RoleDisallowPodExec,
    kubernetesRbacV1ClusterroleDisallowSecretRead,
    kubernetesRbacV1RoleDisallowEscalationVerbs,
    // Images.
    kubernetesCoreV1ContainerDisallowUnpinnedImage,
    kubernetesCoreV1ContainerDisallowUntrustedRegistry,
    // Secrets and passwords.
    kubernetesCoreV1ContainerDisallowWeakPassword,
    kubernetesCoreV1SecretDisallowWeakPassword,
    platformDisallowWeakChartPassword,
    kubernetesCoreV1ContainerDisallowPlaintextSecretEnv,
    kubernetesCoreV1ConfigmapDisallowSecretKeys,
    kubernetesCoreV1SecretDisallowDataAndStringData,
];
