import { APP_LABEL, platformLabels } from "../../contract/labels";
import { IMAGES, imageRef } from "../../contract/versions";
import type { ContainerResources } from "../tenancy/manifests";
import {
    MARIADB_API,
    MARIADB_PORT,
    maxscaleName,
    onNodes,
    restrictedContainer,
    restrictedPod,
    type MariaDbObject,
} from "./mariadb-manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { PriorityClassName } from "../../contract/priority-classes";

/**
 * MaxScale in front of a replicated MariaDB: a read/write-splitting proxy whose monitor also runs failover. BSL 1.1
 * licensed, so only an explicit opt-in runs it: the free grant covers fewer than three servers in production.
 */
export interface MaxScaleProxy {
    /** MaxScale pods, one per node; two or more share the monitor by cooperative locking. */
    readonly replicas: number;
    /** Requests and limits of each MaxScale container. */
    readonly resources: ContainerResources;
}

/** The port of MaxScale's REST API, which the operator configures it through and the probes check. */
export const MAXSCALE_ADMIN_PORT = 8989;

/** The `maxscale` user and group of the image, which the operator's own pod default also runs as. */
const MAXSCALE_UID = 998;
const MAXSCALE_GID = 996;

/** Size of each MaxScale pod's claim for its runtime configuration. */
const MAXSCALE_CONFIG_SIZE = "100Mi";

/** The labels the operator gives MaxScale's pods (its Service selects on them). */
export function maxscalePodLabels(name: string): Record<string, string> {
    return { [APP_LABEL]: "maxscale", "app.kubernetes.io/instance": maxscaleName(name) };
}

/** What the MaxScale manifest depends on. */
export interface MaxScaleSettings {
    readonly name: string;
    readonly namespace: string;
    /** The class of each pod's configuration claim (the members' class). */
    readonly storageClass: string;
    readonly registryMirror?: string;
    readonly metrics: boolean;
    /** Nodes MaxScale may run on: the members' nodes. @default any node */
    readonly nodes?: readonly string[];
}

/**
 * The MaxScale: one readwritesplit listener on the MariaDB port (writes to the primary, reads to replicas within 3 s
 * of it, transactions replayed across a failover), and the MariaDB Monitor failing over and rejoining members;
 * the MariaDB's `maxScaleRef` hands failover to it. The operator generates MaxScale's own accounts and their
 * passwords in the cluster (none passes through Pulumi) and deletes the image's default admin. No GUI, a ClusterIP
 * Service, one pod per node with a budget of one, non-root with a read-only root (the operator mounts every path
 * MaxScale writes).
 */
export function maxscaleManifest(settings: MaxScaleSettings, proxy: MaxScaleProxy): MariaDbObject {
    return {
        apiVersion: MARIADB_API,
        kind: "MaxScale",
        metadata: { name: maxscaleName(settings.name), namespace: settings.namespace, labels: platformLabels() },
        spec: {
            mariaDbRef: { name: settings.name, waitForIt: true },
            image: imageRef(IMAGES.maxscale, settings.registryMirror),
            replicas: proxy.replicas,
            resources: withEphemeralStorage(proxy.resources),
            priorityClassName: PriorityClassName.platform,
            services: [
                {
                    name: "rw-router",
                    router: "readwritesplit",
                    params: {
                        transaction_replay: "true",
                        transaction_replay_attempts: "10",
                        transaction_replay_timeout: "5s",
                        max_replication_lag: "3s",
                        master_accept_reads: "true",
                    },
                    listener: { port: MARIADB_PORT, protocol: "MariaDBProtocol" },
                },
            ],
            monitor: {
                interval: "2s",
                cooperativeMonitoring: "majority_of_all",
                params: { auto_failover: "true", auto_rejoin: "true", switchover_on_low_disk_space: "true" },
            },
            admin: { port: MAXSCALE_ADMIN_PORT, guiEnabled: false },
            auth: { generate: true, deleteDefaultAdmin: true },
            config: {
                volumeClaimTemplate: {
                    storageClassName: settings.storageClass,
                    accessModes: ["ReadWriteOnce"],
                    resources: { requests: { storage: MAXSCALE_CONFIG_SIZE } },
                },
            },
            kubernetesService: { type: "ClusterIP" },
            affinity: {
                antiAffinityEnabled: true,
                ...(settings.nodes === undefined ? {} : { nodeAffinity: onNodes(settings.nodes) }),
            },
            podDisruptionBudget: { maxUnavailable: 1 },
            podSecurityContext: restrictedPod(MAXSCALE_UID, MAXSCALE_GID),
            securityContext: restrictedContainer(MAXSCALE_UID, MAXSCALE_GID),
            metrics: { enabled: settings.metrics },
        },
    };
}
