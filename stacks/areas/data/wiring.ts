import {
    MariaDbCluster,
    MariaDbOperator,
    replicated,
    ValkeyCache,
    valkeyPodLabels,
    VALKEY_PORT,
} from "../../../components/data";
import { podsEndpoint, tcpPorts, type Flow } from "../../../components/network";
import { need, type AreaWiring, type PlatformRefs } from "../area";
import { databaseNodes } from "./checks";
import { mariadbFlows } from "./flows";
import type { MariaDbConfig, ValkeyConfig } from "./schema";

const AREA = "data";
/** The MariaDB's object name: its pods, Services and backup CronJob are named after it; config flows say `mariadb`. */
export const MARIADB = "mariadb";
/** The cache's object name (its pods' instance label); config flows say `valkey`. */
export const VALKEY = "valkey";

/**
 * mariadb-operator and the MariaDB, its databases and backups; the checks make sure both roles are set. `metrics`
 * runs the operator's exporter and its ServiceMonitor.
 */
export function wireMariaDb(mariadb: MariaDbConfig, refs: PlatformRefs, metrics: boolean): AreaWiring {
    const { registryMirror, chartMirror } = need(refs, "sources", AREA);
    const storage = need(refs, "storage", AREA);
    const topology = need(refs, "topology", AREA);
    const tenant = need(refs, "tenants", AREA).get(mariadb.namespace)!;
    const operator = new MariaDbOperator("mariadb-operator", { protect: mariadb.protect, registryMirror, chartMirror });
    const backups = mariadb.backups;
    const cluster = new MariaDbCluster(
        MARIADB,
        {
            namespace: mariadb.namespace,
            members: mariadb.members,
            storage: { storageClass: storage.classes.database!, size: mariadb.storageSize },
            resources: mariadb.resources,
            databases: mariadb.databases,
            ...(backups ? { backups: { ...backups, storageClass: storage.classes.backups! } } : {}),
            protect: mariadb.protect,
            nodes: databaseNodes(topology.nodes).map((n) => n.name),
            registryMirror,
            metrics,
            ...(mariadb.maxscale ? { maxscale: mariadb.maxscale } : {}),
        },
        { dependsOn: [...operator.ready, tenant] },
    );
    return {
        outputs: {
            mariadb: {
                namespace: mariadb.namespace,
                writeService: cluster.writeService,
                readService: cluster.readService,
                port: cluster.port,
                databases: cluster.databases,
                ...(cluster.drill ? { drill: cluster.drill } : {}),
            },
        },
        namespaces: operator.namespaces,
        flows: mariadbFlows(
            MARIADB,
            mariadb.namespace,
            { replicated: replicated(mariadb.members), maxscale: mariadb.maxscale !== undefined },
            need(refs, "addresses", AREA),
        ),
        refs: { databases: cluster.databases },
    };
}

/** The Valkey cache; its replicas sync from the primary on the Valkey port. `metrics` runs the exporter sidecars. */
export function wireValkey(valkey: ValkeyConfig, refs: PlatformRefs, metrics: boolean): AreaWiring {
    const { registryMirror, chartMirror } = need(refs, "sources", AREA);
    const storage = need(refs, "storage", AREA);
    const tenant = need(refs, "tenants", AREA).get(valkey.namespace)!;
    const cache = new ValkeyCache(
        VALKEY,
        {
            namespace: valkey.namespace,
            replicas: valkey.replicas,
            ...(valkey.storageSize === undefined
                ? {}
                : { storage: { storageClass: storage.classes.database!, size: valkey.storageSize } }),
            resources: valkey.resources,
            protect: valkey.protect,
            registryMirror,
            chartMirror,
            metrics,
        },
        { dependsOn: [tenant] },
    );
    const pods = podsEndpoint(valkey.namespace, valkeyPodLabels(VALKEY), `${valkey.namespace}/${VALKEY}`);
    const flows: Flow[] =
        valkey.replicas > 0
            ? [{ name: `${VALKEY}-replication`, from: pods, to: pods, ports: tcpPorts(VALKEY_PORT) }]
            : [];
    return {
        outputs: {
            valkey: {
                namespace: valkey.namespace,
                host: cache.host,
                readHost: cache.readHost,
                port: cache.port,
                secretName: cache.secretName,
            },
        },
        namespaces: new Map(),
        flows,
        refs: {
            cache: {
                secretName: cache.secretName,
                host: cache.host,
                port: cache.port,
                pods: { name: VALKEY, labels: cache.podLabels },
            },
        },
    };
}
