import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesCoreV1ContainerMissingResources } from "./kubernetes-core-v1-container-missing-resources";
import { kubernetesCoreV1NamespaceMissingLimitrange } from "./kubernetes-core-v1-namespace-missing-limitrange";
import { kubernetesCoreV1NamespaceMissingResourcequota } from "./kubernetes-core-v1-namespace-missing-resourcequota";

export const quotaPolicies: readonly PlatformPolicy[] = [
    kubernetesCoreV1ContainerMissingResources,
    kubernetesCoreV1NamespaceMissingResourcequota,
    kubernetesCoreV1NamespaceMissingLimitrange,
];
