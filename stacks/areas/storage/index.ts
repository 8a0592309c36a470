import * as pulumi from "@pulumi/pulumi";
import { StorageNamespace } from "../../../contract/namespaces";
import { parseQuantity } from "../../../contract/quantity";
import { StorageClassName } from "../../../contract/storage";
import { apiServerFlow } from "../../../components/network";
import {
    CsiDriverNfs,
    LocalPathProvisioner,
    Longhorn,
    NfsServerPreparation,
    StorageNodePreparation,
    type SshAccess,
} from "../../../components/storage";
import type { NamespaceResources } from "../../../components/tenancy";
import { need, type Area, type ClusterNode, type ClusterTopology, type StorageRef } from "../area";
import { checkStorage, installedClasses, longhornNodes, usesSsh } from "./checks";
import { longhornFlows } from "./flows";
import { storageSections, type StorageConfig } from "./schema";
import { storageTelemetry } from "./telemetry";

const AREA = "storage";

/** The largest allocatable CPU among `nodes`, as written: Longhorn's instance managers request a share of it. */
function largestCpu(nodes: readonly ClusterNode[]): string {
    return nodes.reduce((a, b) => (parseQuantity(b.cpu)! > parseQuantity(a.cpu)! ? b : a)).cpu;
}

/** The namespaces a stack's storage section makes the area create. */
function storageNamespaces(storage: StorageConfig): string[] {
    return [
        ...(storage.nfs ? [StorageNamespace.nfs] : []),
        ...(storage.localPath.enabled ? [StorageNamespace.localPath] : []),
        ...(storage.longhorn.enabled ? [StorageNamespace.longhorn] : []),
    ];
}

/**
 * The SSH tasks the config asks for (none without `ssh`, which the checks require for any): the export on the NFS
 * server, which csi-driver-nfs waits for; the NFS client on every node, for mounting by hand (the driver's image
 * brings its own); the open-iscsi check on the workers, which Longhorn waits for.
 */
function preparation(storage: StorageConfig, topology: ClusterTopology, ssh: SshAccess | undefined) {
    const prepare = storage.nfs?.prepare;
    if (ssh === undefined) {
        return { nfs: [], longhorn: [] };
    }
    const nfs: pulumi.Resource[] = [];
    if (storage.nfs && prepare) {
        nfs.push(
            new NfsServerPreparation("nfs-server", {
                host: prepare.host ?? storage.nfs.server,
                ssh,
                share: storage.nfs.share,
                clients: prepare.clients ?? topology.nodeSubnet,
                unexportOnDelete: prepare.unexportOnDelete,
            }),
        );
    }
    const hosts = (nodes: readonly ClusterNode[]) => nodes.map((n) => ({ name: n.name, address: n.ip }));
    if (prepare?.installClient) {
        new StorageNodePreparation("nfs-clients", {
            nodes: hosts(topology.nodes),
            ssh,
            installNfsClient: true,
            checkIscsi: false,
        });
    }
    const longhorn =
        storage.longhorn.enabled && storage.longhorn.checkNodes
            ? [
                  new StorageNodePreparation("longhorn-nodes", {
                      nodes: hosts(longhornNodes(topology.nodes)),
                      ssh,
                      installNfsClient: false,
                      checkIscsi: true,
                  }),
              ]
            : [];
    return { nfs, longhorn };
}

/** csi-driver-nfs, local-path and Longhorn as the stack enables them, the one default class and each role's class. */
export const storageArea: Area<typeof storageSections> = {
    name: AREA,
    sections: storageSections,
    telemetry: (config) => storageTelemetry(config),
    namespaces: ({ storage }) => (storage ? storageNamespaces(storage) : []),
    check: ({ storage, cluster }, { given }) => (storage ? checkStorage(storage, cluster, given("storageSshKey")) : []),
    wire: ({ storage, storageSshKey }, { refs }) => {
        const { registryMirror, chartMirror } = need(refs, "sources", AREA);
        const addresses = need(refs, "addresses", AREA);
        const topology = need(refs, "topology", AREA);
        const ssh: SshAccess | undefined =
            usesSsh(storage) && storage.ssh
                ? { user: storage.ssh.user, port: storage.ssh.port, privateKey: pulumi.secret(storageSshKey!) }
                : undefined;
        const prepared = preparation(storage, topology, ssh);
        const isDefault = (name: StorageClassName) => storage.defaultClass === name;
        const snapshots = storage.snapshots.enabled;
        const nfs = storage.nfs
            ? new CsiDriverNfs(
                  "nfs",
                  {
                      export: { server: storage.nfs.server, share: storage.nfs.share },
                      mountOptions: storage.nfs.mountOptions,
                      onDelete: storage.nfs.onDelete,
                      reclaimPolicy: storage.nfs.reclaimPolicy,
                      isDefault: isDefault(StorageClassName.nfs),
                      ...(snapshots ? { snapshots: { installController: storage.snapshots.installController } } : {}),
                      registryMirror,
                      chartMirror,
                      nodeCount: topology.nodes.length,
                  },
                  { dependsOn: prepared.nfs },
              )
            : undefined;
        const localPath = storage.localPath.enabled
            ? new LocalPathProvisioner("local-path", {
                  nodePaths: storage.localPath.nodePaths,
                  reclaimPolicy: storage.localPath.reclaimPolicy,
                  isDefault: isDefault(StorageClassName.localPath),
                  registryMirror,
              })
            : undefined;
        const longhorn = storage.longhorn.enabled
            ? new Longhorn(
                  "longhorn",
                  {
                      replicas: storage.longhorn.replicas,
                      reclaimPolicy: storage.longhorn.reclaimPolicy,
                      allowVolumeExpansion: storage.longhorn.allowVolumeExpansion,
                      isDefault: isDefault(StorageClassName.longhorn),
                      ui: storage.longhorn.ui,
                      snapshotClass: snapshots,
                      nodeCount: longhornNodes(topology.nodes).length,
                      nodeCpu: largestCpu(longhornNodes(topology.nodes)),
                      registryMirror,
                      chartMirror,
                  },
                  // The snapshot CRDs come with csi-driver-nfs when the stack installs them.
                  {
                      dependsOn: [
                          ...prepared.longhorn,
                          ...(snapshots && storage.snapshots.installController && nfs ? [nfs] : []),
                      ],
                  },
              )
            : undefined;
        const namespaces: NamespaceResources = new Map([
            ...(nfs?.namespaces ?? []),
            ...(localPath?.namespaces ?? []),
            ...(longhorn?.namespaces ?? []),
        ]);
        const snapshotClasses = Object.fromEntries(
            [
                [StorageClassName.nfs, nfs?.snapshotClass],
                [StorageClassName.longhorn, longhorn?.snapshotClass],
            ].filter(([, snapshotClass]) => snapshotClass !== undefined),
        ) as StorageRef["snapshotClasses"];
        const ref: StorageRef = { classes: storage.roles, defaultClass: storage.defaultClass, snapshotClasses };
        return {
            outputs: {
                storageClasses: ref.classes,
                defaultStorageClass: ref.defaultClass,
                installedStorageClasses: installedClasses(storage),
                snapshotClasses,
                ...(storage.nfs ? { nfsExport: `${storage.nfs.server}:${storage.nfs.share}` } : {}),
            },
            namespaces,
            flows: [
                ...[...namespaces.keys()].map((ns) => apiServerFlow(ns, addresses)),
                ...(longhorn ? longhornFlows(addresses) : []),
            ],
            refs: { storage: ref },
        };
    },
};
