import { StorageNamespace } from "../../../contract/namespaces";
import { StorageClassName } from "../../../contract/storage";
import { apiServerEndpoint, Protocol, type ClusterAddresses, type Flow } from "../../../components/network";
import { LocalPathProvisioner } from "../../../components/storage";
import { need, type Area, type StorageRef } from "../area";
import { checkStorage } from "./checks";
import { storageSections } from "./schema";

const AREA = "storage";

/** The provisioner watches claims and creates volumes and helper pods through the API server. */
function apiServerFlow(namespace: string, addresses: ClusterAddresses): Flow {
    return {
        name: `${namespace}-to-kube-apiserver`,
        from: { kind: "pods", name: namespace, namespaces: [namespace], labels: {} },
        to: apiServerEndpoint(addresses),
        ports: [443, 6443].map((port) => ({ port, protocol: Protocol.tcp })),
    };
}

/** The provisioners the stack enables (today local-path only), its one default class and the class of each role. */
export const storageArea: Area<typeof storageSections> = {
    name: AREA,
    sections: storageSections,
    namespaces: ({ storage }) => (storage?.localPath.enabled ? [StorageNamespace.localPath] : []),
    check: ({ storage }) => (storage ? checkStorage(storage) : []),
    wire: ({ storage }, { refs }) => {
        const { registryMirror } = need(refs, "sources", AREA);
        const addresses = need(refs, "addresses", AREA);
        const localPath = storage.localPath.enabled
            ? new LocalPathProvisioner("local-path", {
                  nodePaths: storage.localPath.nodePaths,
                  reclaimPolicy: storage.localPath.reclaimPolicy,
                  isDefault: storage.defaultClass === StorageClassName.localPath,
                  registryMirror,
              })
            : undefined;
        const namespaces = new Map(localPath?.namespaces ?? []);
        const ref: StorageRef = { classes: storage.roles, defaultClass: storage.defaultClass };
        return {
            outputs: { storageClasses: ref.classes, defaultStorageClass: ref.defaultClass },
            namespaces,
            flows: [...namespaces.keys()].map((ns) => apiServerFlow(ns, addresses)),
            refs: { storage: ref },
        };
    },
};
