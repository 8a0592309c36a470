import { DataNamespace } from "../../../contract/namespaces";
import { MariaDbCluster, MariaDbOperator, replicated } from "../../../components/data";
import { need, type Area, type AreaWiring } from "../area";
import { checkData, databaseNodes } from "./checks";
import { mariadbFlows } from "./flows";
import { dataSections } from "./schema";

const AREA = "data";
/** The MariaDB's object name: its pods, Services and backup CronJob are named after it; config flows say `mariadb`. */
const MARIADB = "mariadb";

const NOTHING: AreaWiring = { outputs: {}, namespaces: new Map(), flows: [], refs: {} };

/**
 * mariadb-operator and one MariaDB beside its apps: GTID replication, a database, user and grant per app, scheduled
 * backups to the backups role, volumes of the database role, members pinned one per worker without GPUs.
 */
export const dataArea: Area<typeof dataSections> = {
    name: AREA,
    sections: dataSections,
    namespaces: ({ data }) => (data?.mariadb ? [DataNamespace.mariadbOperator] : []),
    // Judged against the tenants and storage only once their own sections are sound: their problems report there.
    check: ({ data, cluster, storage }, { namespaceOwners, sound }) =>
        data
            ? checkData(
                  data.mariadb,
                  cluster,
                  sound("storage") ? storage : undefined,
                  sound("tenants") ? namespaceOwners : undefined,
              )
            : [],
    wire: ({ data }, { refs }) => {
        const mariadb = data.mariadb;
        if (mariadb === undefined) {
            return NOTHING;
        }
        const { registryMirror, chartMirror } = need(refs, "sources", AREA);
        const addresses = need(refs, "addresses", AREA);
        const storage = need(refs, "storage", AREA);
        const topology = need(refs, "topology", AREA);
        const tenant = need(refs, "tenants", AREA).get(mariadb.namespace)!;
        const operator = new MariaDbOperator("mariadb-operator", {
            protect: mariadb.protect,
            registryMirror,
            chartMirror,
        });
        // The checks make sure both roles are set where they are used.
        const cluster = new MariaDbCluster(
            MARIADB,
            {
                namespace: mariadb.namespace,
                members: mariadb.members,
                storage: { storageClass: storage.classes.database!, size: mariadb.storageSize },
                resources: mariadb.resources,
                databases: mariadb.databases,
                ...(mariadb.backups
                    ? {
                          backups: {
                              schedule: mariadb.backups.schedule,
                              maxRetention: mariadb.backups.maxRetention,
                              storageClass: storage.classes.backups!,
                              size: mariadb.backups.size,
                          },
                      }
                    : {}),
                protect: mariadb.protect,
                nodes: databaseNodes(topology.nodes).map((n) => n.name),
                registryMirror,
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
                },
            },
            namespaces: operator.namespaces,
            flows: mariadbFlows(MARIADB, mariadb.namespace, replicated(mariadb.members), addresses),
            refs: { databases: cluster.databases },
        };
    },
};
