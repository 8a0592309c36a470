import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesCoreV1PersistentvolumeclaimDisallowUnsupportedReadwritemany } from "./kubernetes-core-v1-persistentvolumeclaim-disallow-unsupported-readwritemany";
import { kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass } from "./kubernetes-core-v1-persistentvolumeclaim-enforce-storage-class";
import { kubernetesStorageV1StorageclassEnforceDataRetention } from "./kubernetes-storage-v1-storageclass-enforce-data-retention";
import { platformDisallowDatabaseOnSharedFilesystem } from "./platform-disallow-database-on-shared-filesystem";
import { platformMissingDataProtection } from "./platform-missing-data-protection";

export const storagePolicies: readonly PlatformPolicy[] = [
    kubernetesCoreV1PersistentvolumeclaimEnforceStorageClass,
    kubernetesCoreV1PersistentvolumeclaimDisallowUnsupportedReadwritemany,
    kubernetesStorageV1StorageclassEnforceDataRetention,
    platformMissingDataProtection,
    platformDisallowDatabaseOnSharedFilesystem,
];
