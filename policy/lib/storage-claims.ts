import { metadataName, metadataNamespace, type Props } from "./resources";
import { K8sType } from "../../contract/k8s-types";

/** A volume claim a resource declares or makes a controller create, labelled for messages. */
export interface Claim {
    /** `PersistentVolumeClaim "ns/data"`, `StatefulSet "ns/db" volumeClaimTemplate "data"`. */
    readonly label: string;
    /** undefined when the claim names no class (the cluster default would apply); "" asks for no class. */
    readonly storageClassName: string | undefined;
    readonly accessModes: readonly string[];
}

function subject(kind: string, props: Props): string {
    return `${kind} "${metadataNamespace(props)}/${metadataName(props) ?? "(unnamed)"}"`;
}

/**
 * The claims of a PersistentVolumeClaim, of a StatefulSet's volumeClaimTemplates, and of a MariaDB's storage
 * (spec.storage.storageClassName, else its volumeClaimTemplate's; none when the storage is ephemeral).
 */
export function claimsOf(type: string, props: Props): Claim[] {
    switch (type) {
        case K8sType.persistentVolumeClaim:
            return [
                {
                    label: subject("PersistentVolumeClaim", props),
                    storageClassName: props.spec?.storageClassName,
                    accessModes: props.spec?.accessModes ?? [],
                },
            ];
        case K8sType.statefulSet:
            return ((props.spec?.volumeClaimTemplates ?? []) as Props[]).map((template) => ({
                label: `${subject("StatefulSet", props)} volumeClaimTemplate "${template.metadata?.name}"`,
                storageClassName: template.spec?.storageClassName,
                accessModes: template.spec?.accessModes ?? [],
            }));
        case K8sType.mariaDb: {
            const storage: Props | undefined = props.spec?.storage;
            if (storage === undefined || storage.ephemeral === true) {
                return [];
            }
            return [
                {
                    label: `${subject("MariaDB", props)} storage`,
                    storageClassName: storage.storageClassName ?? storage.volumeClaimTemplate?.storageClassName,
                    accessModes: storage.volumeClaimTemplate?.accessModes ?? [],
                },
            ];
        }
        default:
            return [];
    }
}

/** Whether a resource holds data that outlives its pods: claims, StatefulSets with claims, databases, volumes. */
export function isStatefulData(type: string, props: Props): boolean {
    switch (type) {
        case K8sType.persistentVolumeClaim:
        case K8sType.mariaDb:
        case K8sType.longhornVolume:
        case K8sType.longhornVolumeV1beta1:
            return true;
        case K8sType.statefulSet:
            return (props.spec?.volumeClaimTemplates ?? []).length > 0;
        default:
            return false;
    }
}

/** The kind in a type token, for messages. */
export function storageKind(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}
