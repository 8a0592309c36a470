import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesCoreV1NamespaceMissingDefaultDeny } from "./kubernetes-core-v1-namespace-missing-default-deny";

export const networkPolicies: readonly PlatformPolicy[] = [kubernetesCoreV1NamespaceMissingDefaultDeny];
