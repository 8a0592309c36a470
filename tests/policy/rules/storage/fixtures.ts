export { change } from "../../../helpers/policy";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

/** Shared compliant fixtures for the storage rules, each protected as the data components declare them. */
export const NS = "data";

type Props = Record<string, any>;

export function cannotRun(path: string): string {
    return `can't run policy during preview: string value at .${path} can't be known during preview`;
}

export function pvc(name = "uploads", spec: Props = {}): HarnessResource {
    return fixture(
        K8sType.persistentVolumeClaim,
        name,
        {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name, namespace: NS },
            spec: {
                storageClassName: "longhorn",
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: "10Gi" } },
                ...spec,
            },
        },
        { protect: true },
    );
}

export function statefulSet(name = "redis"): HarnessResource {
    return fixture(
        K8sType.statefulSet,
        name,
        {
            apiVersion: "apps/v1",
            kind: "StatefulSet",
            metadata: { name, namespace: NS },
            spec: {
                serviceName: name,
                selector: { matchLabels: { app: name } },
                template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
                volumeClaimTemplates: [
                    {
                        metadata: { name: "data" },
                        spec: {
                            storageClassName: "local-path",
                            accessModes: ["ReadWriteOnce"],
                            resources: { requests: { storage: "5Gi" } },
                        },
                    },
                ],
            },
        },
        { protect: true },
    );
}

export function mariaDb(name = "mariadb"): HarnessResource {
    return fixture(
        K8sType.mariaDb,
        name,
        {
            apiVersion: "k8s.mariadb.com/v1alpha1",
            kind: "MariaDB",
            metadata: { name, namespace: NS },
            spec: { replicas: 3, storage: { size: "10Gi", storageClassName: "longhorn" } },
        },
        { protect: true },
    );
}

export function storageClass(name = "longhorn", props: Props = {}): HarnessResource {
    return fixture(K8sType.storageClass, name, {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name },
        provisioner: "driver.longhorn.io",
        reclaimPolicy: "Retain",
        allowVolumeExpansion: true,
        parameters: { numberOfReplicas: "3" },
        ...props,
    });
}
