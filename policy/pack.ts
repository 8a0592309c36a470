import type { PlatformPolicy } from "./lib/metadata";
import { kubernetesCoreV1NamespaceMissingDefaultDeny } from "./rules/network/kubernetes-core-v1-namespace-missing-default-deny";
import { kubernetesCoreV1ContainerMissingResources } from "./rules/quotas/kubernetes-core-v1-container-missing-resources";
import { kubernetesCoreV1NamespaceMissingLimitrange } from "./rules/quotas/kubernetes-core-v1-namespace-missing-limitrange";
import { kubernetesCoreV1NamespaceMissingResourcequota } from "./rules/quotas/kubernetes-core-v1-namespace-missing-resourcequota";

export const PACK_NAME = "platform-guardrails";

/** Every rule of the pack; the CLI pack (index.ts), the offline harness and the catalog all read this list. */
export const policies: readonly PlatformPolicy[] = [
    kubernetesCoreV1ContainerMissingResources,
    kubernetesCoreV1NamespaceMissingResourcequota,
    kubernetesCoreV1NamespaceMissingLimitrange,
    kubernetesCoreV1NamespaceMissingDefaultDeny,
];
