import { parseQuantity } from "../../contract/quantity";
import { CHARTS, withMirroredRegistries } from "../../contract/versions";
import { resourcesProblem } from "../data/mariadb-manifests";
import type { ContainerResources } from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/** The Service (and fullnameOverride) the chart names Loki by, and the release name, so neither follows the stack. */
export const LOKI_NAME = "loki";

/** Loki's HTTP port: the push and query APIs and `/metrics` (`loki.server.http_listen_port`, the chart default). */
export const LOKI_HTTP_PORT = 3100;

/**
 * The first day of the one schema period (tsdb, v13, 24h index tables). Fixed: Loki reads every chunk with the
 * schema in force on its day, so the date never moves; a schema change appends a period starting in the future.
 */
export const LOKI_SCHEMA_FROM = "2025-01-01";

/** The index period; the compactor deletes whole index tables, so retention must be a multiple of it. */
export const LOKI_INDEX_PERIOD_HOURS = 24;

/** Requests and limits of the Loki container unless the stack says otherwise. */
export const LOKI_DEFAULT_RESOURCES = {
    requests: { cpu: "100m", memory: "256Mi" },
    limits: { cpu: "1", memory: "1Gi" },
} as const satisfies ContainerResources;

/** Where Loki keeps chunks, the TSDB index and the compactor's state: the claim's mount (chart default). */
const LOKI_DATA = "/var/loki";

/** What the chart values depend on: LokiArgs without the namespace and the chart source. */
export interface LokiSettings {
    /** How long logs are kept: a Prometheus duration (`744h`, `31d`), a positive multiple of 24h. */
    readonly retention: string;
    readonly storage: { readonly storageClass: string; readonly size: string };
    readonly resources: ContainerResources;
    readonly registryMirror?: string;
}

/**
 * The labels of the Loki pod, which the StatefulSet selects on: the chart's `loki.selectorLabels` (the chart name
 * and the release name, which the component fixes to `loki`) and the `app.kubernetes.io/component` the workload
 * helper adds for the monolithic target (loki 18.11.0 templates/_workload.tpl and _helpers.tpl).
 */
export function lokiPodLabels(): Record<string, string> {
    return {
        "app.kubernetes.io/name": CHARTS.loki.chart,
        "app.kubernetes.io/instance": LOKI_NAME,
        "app.kubernetes.io/component": "single-binary",
    };
}

/** Loki's base URL inside the cluster (Grafana's datasource) and the push endpoint log shippers write to. */
export function lokiUrls(namespace: string): { readonly queryUrl: string; readonly pushUrl: string } {
    const queryUrl = `http://${LOKI_NAME}.${namespace}.svc.cluster.local:${LOKI_HTTP_PORT}`;
    return { queryUrl, pushUrl: `${queryUrl}/loki/api/v1/push` };
}

/** Prometheus' duration syntax (`model.ParseDuration`), which Loki's limits use: units from years to ms, in order. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** A Prometheus duration in milliseconds, or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
    const match = text === "" ? null : DURATION.exec(text);
    return match === null
        ? undefined
        : match.slice(1).reduce((sum, part, i) => sum + (part === undefined ? 0 : Number(part) * UNIT_MS[i]), 0);
}

/**
 * Loki's own configuration beyond the chart's template: one tenant (no auth; nothing but the platform's shippers
 * and Grafana can reach it), one copy of each stream on the filesystem claim, the schema, retention through the
 * compactor (which deletes expired chunks and index tables after `retention_delete_delay`), no usage reporting.
 */
function lokiConfig(settings: LokiSettings): Record<string, unknown> {
    return {
        auth_enabled: false,
        commonConfig: { replication_factor: 1 },
        storage: { type: "filesystem" },
        schemaConfig: {
            configs: [
                {
                    from: LOKI_SCHEMA_FROM,
                    store: "tsdb",
                    object_store: "filesystem",
                    schema: "v13",
                    index: { prefix: "index_", period: `${LOKI_INDEX_PERIOD_HOURS}h` },
                },
            ],
        },
        compactor: {
            working_directory: `${LOKI_DATA}/compactor`,
            compaction_interval: "10m",
            retention_enabled: true,
            retention_delete_delay: "2h",
            // Loki 3 refuses retention without a store for delete requests; the claim is the only store.
            delete_request_store: "filesystem",
        },
        limits_config: { retention_period: settings.retention },
        analytics: { reporting_enabled: false },
    };
}

/**
 * Helm values for the loki chart: Monolithic mode, one StatefulSet replica (target=all) on a claim of the given
 * class and size that outlives the StatefulSet, retention per settings, explicit resources, the chart's restricted
 * security contexts (uid 10001, read-only root, all capabilities dropped, seccomp RuntimeDefault) and no API token.
 * Everything else the chart can run is off: the simple-scalable targets (their replicas default to 3, which
 * validate.yaml rejects beside a monolithic replica), gateway, canary and its Helm test (which fails without the
 * canary), memcached caches, rules sidecar, ruler config, table manager, MinIO, rollout-operator, and the chart's
 * ServiceMonitor, dashboards and rules (the platform declares Loki's PodMonitor through its telemetry).
 */
export function lokiValues(settings: LokiSettings): Record<string, unknown> {
    const values: Record<string, unknown> = {
        fullnameOverride: LOKI_NAME,
        deploymentMode: "Monolithic",
        loki: lokiConfig(settings),
        serviceAccount: { create: true, automountServiceAccountToken: false },
        // Rendered into every Loki pod spec; Loki never calls the API (the rules sidecar, which would, is off).
        defaults: { automountServiceAccountToken: false },
        singleBinary: {
            replicas: 1,
            // The chart's default, written so the pin's gate sees it: an upgrade-only Job Chart v4 never runs.
            statefulSetRecreateJob: { enabled: false },
            resources: withEphemeralStorage(settings.resources),
            persistence: {
                enabled: true,
                storageClass: settings.storage.storageClass,
                size: settings.storage.size,
                // No retention policy on the StatefulSet: its claim stays when the StatefulSet goes.
                enableStatefulSetAutoDeletePVC: false,
            },
        },
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        gateway: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        memcached: { enabled: false },
        memcachedExporter: { enabled: false },
        sidecar: { rules: { enabled: false } },
        ruler: { enabled: false },
        tableManager: { enabled: false },
        minio: { enabled: false },
        rollout_operator: { enabled: false },
        monitoring: {
            serviceMonitor: { enabled: false },
            dashboards: { enabled: false },
            rules: { enabled: false },
            alerts: { enabled: false },
        },
    };
    const classed = withPriorityClass(values, CHARTS.loki, PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredRegistries(classed, CHARTS.loki, settings.registryMirror);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why the retention cannot work, or undefined. */
function retentionProblem(retention: string): string | undefined {
    const ms = durationMs(retention);
    if (ms === undefined || ms === 0) {
        return `args.retention ${JSON.stringify(retention)} is not a positive duration such as 744h or 31d`;
    }
    const period = LOKI_INDEX_PERIOD_HOURS * 3_600_000;
    return ms % period === 0
        ? undefined
        : `args.retention ${JSON.stringify(retention)} is not a multiple of ${LOKI_INDEX_PERIOD_HOURS}h, the index period`;
}

/** Why the namespace and settings cannot work, or undefined. */
export function lokiProblem(namespace: string, settings: LokiSettings): string | undefined {
    const size = parseQuantity(settings.storage.size);
    const checks = [
        () =>
            DNS_LABEL.test(namespace) && namespace.length <= 63
                ? undefined
                : `args.namespace ${JSON.stringify(namespace)} is not a namespace name`,
        () => retentionProblem(settings.retention),
        () => (settings.storage.storageClass.trim() === "" ? "args.storage.storageClass is empty" : undefined),
        () =>
            size === undefined || size <= 0
                ? `args.storage.size ${JSON.stringify(settings.storage.size)} is not a positive quantity`
                : undefined,
        () => resourcesProblem("args.resources", settings.resources),
    ];
    return checks.map((check) => check()).find((problem) => problem !== undefined);
}
