import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { metadataName, type Props } from "../../lib/resources";
import { EXPANDABLE_STORAGE_CLASSES, StorageClassName } from "../../../contract/storage";

const DEFAULTS = {
    dataClasses: [StorageClassName.longhorn, StorageClassName.localPath] as string[],
    requireRetain: true,
    requireExpansion: true,
    expandableClasses: [...EXPANDABLE_STORAGE_CLASSES] as string[],
};

export const kubernetesStorageV1StorageclassEnforceDataRetention: PlatformResourcePolicy = {
    name: "kubernetes-storage-v1-storageclass-enforce-data-retention",
    description:
        "Data StorageClasses keep released volumes (reclaimPolicy Retain) and, where their provisioner can resize, allow volume expansion.",
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
                description: "Require allowVolumeExpansion true on data classes whose provisioner can resize volumes.",
                default: DEFAULTS.requireExpansion,
            },
            expandableClasses: {
                type: "array",
                items: { type: "string" },
                description:
                    "StorageClasses whose provisioner can resize volumes (local-path cannot: a node directory has no size).",
                default: DEFAULTS.expandableClasses,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.storage.v1.StorageClass, (storageClass, args, report) => {
        const props = storageClass as Props;
        const config = withDefaults(DEFAULTS, args.getConfig);
        const name = metadataName(props);
        if (name === undefined || !config.dataClasses.includes(name)) {
            return;
        }
        // The API server defaults reclaimPolicy to Delete and allowVolumeExpansion to false.
        const reclaimPolicy: string = props.reclaimPolicy ?? "Delete";
        if (config.requireRetain && reclaimPolicy !== "Retain") {
            report(`StorageClass "${name}" is a data class with reclaimPolicy ${reclaimPolicy}; set Retain`);
        }
        if (config.requireExpansion && config.expandableClasses.includes(name) && props.allowVolumeExpansion !== true) {
            report(`StorageClass "${name}" is a data class without allowVolumeExpansion: true`);
        }
    }),
};
