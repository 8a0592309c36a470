import { CHARTS, withMirroredRegistries } from "../../contract/versions";
import { resourcesProblem } from "../data/mariadb-manifests";
import type { ContainerResources } from "../tenancy/manifests";
import { alloyConfig, escapeForTpl, type LogCollection } from "./alloy-config";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/** The release name and fullnameOverride: the workload, ServiceAccount, ClusterRole and ConfigMap are `alloy`. */
export const ALLOY_NAME = "alloy";

/** Alloy's HTTP server (UI, readiness, reload and `/metrics`), on container port `http-metrics`. */
export const ALLOY_HTTP_PORT = 12345;

/** The image's `alloy` user (its Dockerfile creates uid/gid 473 but does not switch to it). */
export const ALLOY_UID = 473;

/** Where Alloy keeps component state (read positions): an emptyDir in api mode, a host directory in node mode. */
export const ALLOY_STORAGE_PATH = "/var/lib/alloy";

/** Requests and limits of the Alloy container unless the stack says otherwise. */
export const ALLOY_DEFAULT_RESOURCES = {
    requests: { cpu: "50m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const satisfies ContainerResources;

/** The config reloader beside Alloy: the chart's requests (10m, 50Mi) with limits added. */
export const ALLOY_CONFIG_RELOADER_RESOURCES = {
    requests: { cpu: "10m", memory: "50Mi" },
    limits: { cpu: "100m", memory: "100Mi" },
} as const satisfies ContainerResources;

/** What the chart values depend on: AlloyArgs without the namespace and the chart source. */
export interface AlloySettings {
    readonly collection: LogCollection;
    readonly lokiPushUrl: string;
    readonly resources: ContainerResources;
    readonly registryMirror?: string;
}

/**
 * The labels of every Alloy pod, in both modes: the chart's `alloy.selectorLabels` (chart name and release name,
 * which the component fixes to `alloy`; alloy 1.11.1 templates/_helpers.tpl), which the workload selects on.
 */
export function alloyPodLabels(): Record<string, string> {
    return { "app.kubernetes.io/name": CHARTS.alloy.chart, "app.kubernetes.io/instance": ALLOY_NAME };
}

/**
 * The ClusterRole's rules: log collection needs pods (discovery lists and watches them; the API tailer also gets
 * each pod and its log), nothing else, in place of the chart's default, which also reads Secrets and ConfigMaps
 * cluster-wide. The chart concatenates `rules` and `clusterRules` as two YAML lists, an empty one rendering `[]`
 * in the middle of the other and breaking the manifest, so both are non-empty: `rules` lists and watches,
 * `clusterRules` gets. Discovery reads the node name from the pod spec, so nodes are not needed.
 */
export function alloyRbacRules(collection: LogCollection): {
    readonly rules: Record<string, unknown>[];
    readonly clusterRules: Record<string, unknown>[];
} {
    return {
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] }],
        clusterRules: [
            { apiGroups: [""], resources: collection === "api" ? ["pods", "pods/log"] : ["pods"], verbs: ["get"] },
        ],
    };
}

/** The container and pod security of each mode: non-root in api mode, root without capabilities in node mode. */
function security(collection: LogCollection): { container: Record<string, unknown>; pod: Record<string, unknown> } {
    const locked = {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
    if (collection === "node") {
        // The log files are root's (0640): root reads them as their owner, with no capability needed.
        return { container: { ...locked, runAsUser: 0 }, pod: { seccompProfile: { type: "RuntimeDefault" } } };
    }
    const user = { runAsNonRoot: true, runAsUser: ALLOY_UID, runAsGroup: ALLOY_UID };
    return {
        container: { ...locked, ...user },
        pod: { ...user, fsGroup: ALLOY_UID, seccompProfile: { type: "RuntimeDefault" } },
    };
}

/** The storagePath volume: an emptyDir for the Deployment, the node's /var/lib/alloy for the DaemonSet. */
function storageVolume(collection: LogCollection): Record<string, unknown> {
    return collection === "api"
        ? { name: "storage", emptyDir: { sizeLimit: "256Mi" } }
        : { name: "storage", hostPath: { path: ALLOY_STORAGE_PATH, type: "DirectoryOrCreate" } };
}

/**
 * Helm values for the alloy chart. `api`: a Deployment of one, clustered (so more replicas, or a rollout's surge
 * pod, share the targets instead of each tailing all of them), restricted (uid 473, read-only root, no
 * capabilities), no hostPath. `node`: a DaemonSet tolerating every taint, so control-plane and GPU nodes ship too,
 * with /var/log mounted read-only and positions on the host. Both: the configuration from alloyConfig (escaped for
 * the chart's tpl), reporting off, RBAC trimmed to pods, no PodLogs CRD, no Service or ServiceMonitor (the
 * platform's PodMonitor scrapes the pods), the config reloader sized, images through the mirror when set.
 */
export function alloyValues(settings: AlloySettings): Record<string, unknown> {
    const node = settings.collection === "node";
    const { container, pod } = security(settings.collection);
    const values: Record<string, unknown> = {
        fullnameOverride: ALLOY_NAME,
        crds: { create: false },
        global: { podSecurityContext: pod },
        alloy: {
            configMap: { create: true, content: escapeForTpl(alloyConfig(settings.collection, settings.lokiPushUrl)) },
            clustering: { enabled: !node },
            enableReporting: false,
            listenPort: ALLOY_HTTP_PORT,
            storagePath: ALLOY_STORAGE_PATH,
            resources: withEphemeralStorage(settings.resources),
            securityContext: container,
            mounts: {
                varlog: node,
                dockercontainers: false,
                extra: [{ name: "storage", mountPath: ALLOY_STORAGE_PATH }],
            },
        },
        configReloader: { enabled: true, resources: withEphemeralStorage(ALLOY_CONFIG_RELOADER_RESOURCES) },
        controller: {
            type: node ? "daemonset" : "deployment",
            // Ignored by a DaemonSet; the pin's Deployment entry reads it.
            replicas: 1,
            tolerations: node ? [{ operator: "Exists" }] : [],
            volumes: { extra: [storageVolume(settings.collection)] },
        },
        rbac: { create: true, ...alloyRbacRules(settings.collection) },
        serviceAccount: { create: true },
        service: { enabled: false },
        serviceMonitor: { enabled: false },
    };
    const classed = withPriorityClass(values, CHARTS.alloy, PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredRegistries(classed, CHARTS.alloy, settings.registryMirror);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why the push URL cannot go in the configuration: not an absolute http(s) URL, or not a single clean token. */
function pushUrlProblem(url: string): string | undefined {
    const bad = `args.lokiPushUrl ${JSON.stringify(url)} is not an http(s) URL`;
    if (/[\s"\\]/.test(url)) {
        return bad;
    }
    try {
        const parsed = new URL(url);
        return parsed.protocol === "http:" || parsed.protocol === "https:" ? undefined : bad;
    } catch {
        return bad;
    }
}

/** Why the namespace and settings cannot work, or undefined. */
export function alloyProblem(namespace: string, settings: AlloySettings): string | undefined {
    const checks = [
        () =>
            DNS_LABEL.test(namespace) && namespace.length <= 63
                ? undefined
                : `args.namespace ${JSON.stringify(namespace)} is not a namespace name`,
        () =>
            settings.collection === "api" || settings.collection === "node"
                ? undefined
                : `args.collection ${JSON.stringify(settings.collection)} is neither "api" nor "node"`,
        () => pushUrlProblem(settings.lokiPushUrl),
        () => resourcesProblem("args.resources", settings.resources),
    ];
    return checks.map((check) => check()).find((problem) => problem !== undefined);
}
