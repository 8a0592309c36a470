import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { metadataName } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";

const DEFAULTS = {
    dataClasses: ["longhorn", "local-path"] as string[],
    requireRetain: true,
    requireExpansion: true,
};

export const kubernetesStorageV1StorageclassEnforceDataRetention: PlatformResourcePolicy = {
    name: "kubernetes-storage-v1-storageclass-enforce-data-retention",
    description: "Data StorageClasses keep released volumes (reclaimPolicy Retain) and allow volume expansion.",
    severity: "high",
    tags: [Topic.storage],
    remediationSteps:
        "Set reclaimPolicy: Retain and allowVolumeExpansion: true on the class (both are immutable: replace the class, existing volumes keep theirs).",
    configSchema: {
        properties: {
            dataClasses: {
                type: "array",
                items: { type: "string" },
                description: "StorageClasses that hold database and other durable data.",
                default: DEFAULTS.dataClasses,
            },
            requireRetain: {
                type: "boolean",
                description: "Require reclaimPolicy Retain on data classes.",
                default: DEFAULTS.requireRetain,
            },
            requireExpansion: {
                type: "boolean",
                description: "Require allowVolumeExpansion true on data classes.",
                default: DEFAULTS.requireExpansion,
            },
        },
    },
    validateResource: (args, report) => {
        if (args.type !== K8sType.storageClass) {
            return;
        }
        const config = withDefaults(DEFAULTS, args.getConfig);
        const name = metadataName(args.props);
        if (name === undefined || !config.dataClasses.includes(name)) {
            return;
        }
        // The API server defaults reclaimPolicy to Delete and allowVolumeExpansion to false.
        const reclaimPolicy: string = args.props.reclaimPolicy ?? "Delete";
        if (config.requireRetain && reclaimPolicy !== "Retain") {
            report(`StorageClass "${name}" is a data class with reclaimPolicy ${reclaimPolicy}; set Retain`);
        }
        if (config.requireExpansion && args.props.allowVolumeExpansion !== true) {
            report(`StorageClass "${name}" is a data class without allowVolumeExpansion: true`);
        }
    },
};
