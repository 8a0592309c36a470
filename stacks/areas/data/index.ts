import { DataNamespace } from "../../../contract/namespaces";
import type { Area } from "../area";
import { checkData, checkValkey } from "./checks";
import { dataSections } from "./schema";
import { wireMariaDb, wireValkey } from "./wiring";
import { dataTelemetry } from "./telemetry";

/**
 * mariadb-operator and one MariaDB beside its apps (GTID replication, a database, user and grant per app, scheduled
 * backups to the backups role, members pinned one per worker without GPUs) and a Valkey cache.
 */
export const dataArea: Area<typeof dataSections> = {
    name: "data",
    sections: dataSections,
    telemetry: (config) => dataTelemetry(config),
    namespaces: ({ data }) => (data?.mariadb ? [DataNamespace.mariadbOperator] : []),
    // Judged against the tenants and storage only once their own sections are sound: their problems report there.
    check: ({ data, cluster, storage }, { namespaceOwners, sound }) => {
        if (data === undefined) {
            return [];
        }
        const soundStorage = sound("storage") ? storage : undefined;
        const owners = sound("tenants") ? namespaceOwners : undefined;
        return [
            ...checkData(data.mariadb, cluster, soundStorage, owners),
            ...checkValkey(data.valkey, soundStorage, owners),
        ];
    },
    wire: ({ data, observability }, { refs }) => {
        // The exporters run when the observability area scrapes them (its Prometheus brings the monitor CRDs).
        const metrics = observability !== undefined;
        const parts = [
            ...(data.mariadb ? [wireMariaDb(data.mariadb, refs, metrics)] : []),
            ...(data.valkey ? [wireValkey(data.valkey, refs, metrics)] : []),
        ];
        return {
            outputs: Object.assign({}, ...parts.map((p) => p.outputs)),
            namespaces: new Map(parts.flatMap((p) => [...p.namespaces])),
            flows: parts.flatMap((p) => p.flows),
            refs: Object.assign({}, ...parts.map((p) => p.refs)),
        };
    },
};
