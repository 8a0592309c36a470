import { parseQuantity } from "../../contract/quantity";
import { CHARTS, withMirroredRegistries } from "../../contract/versions";
import type { ContainerResources } from "../tenancy/manifests";
import { resourcesProblem } from "./mariadb-manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/** The port every Valkey pod, and every Service the chart declares for them, serves on. */
export const VALKEY_PORT = 6379;

/** The exporter sidecar's metrics port (the chart's `metrics.exporter.port` default, which the program keeps). */
export const VALKEY_EXPORTER_PORT = 9121;

/** Requests and limits of the Valkey server container unless the stack says otherwise (seed 003). */
export const VALKEY_DEFAULT_RESOURCES = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const satisfies ContainerResources;

/**
 * Requests and limits of the containers the chart runs beside the server: the init container that writes the
 * configuration and ACL file, and the metrics exporter. The requests are the tenant LimitRange's default minimum,
 * as mariadb-operator's helpers get (MARIADB_HELPER_RESOURCES).
 */
export const VALKEY_HELPER_RESOURCES = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "200m", memory: "128Mi" },
} as const satisfies ContainerResources;

/** The user every Valkey container runs as: the chart's podSecurityContext default, the image's `valkey` user. */
export const VALKEY_UID = 1000;

/**
 * The ACL user apps and replicas authenticate as. The chart requires `default` in auth.aclUsers (without it the
 * server would let anyone in), and replicas reach the primary as `replica.replicationUser`, which is this one too.
 */
export const VALKEY_USER = "default";

/** Key of the credentials Secret holding the user's password (the user's `passwordKey` in auth.aclUsers). */
export const VALKEY_PASSWORD_KEY = "password";

/** What the chart values depend on: ValkeyCacheArgs with the object name and defaults applied. */
export interface ValkeySettings {
    /** fullnameOverride: the workload, its Services, ServiceAccount and ConfigMap are named after it. */
    readonly name: string;
    readonly replicas: number;
    readonly storage?: { readonly storageClass: string; readonly size: string };
    readonly resources: ContainerResources;
    readonly protect: boolean;
    readonly metrics: boolean;
    readonly registryMirror?: string;
}

/**
 * The labels the chart gives every Valkey pod, primary and replicas alike (`valkey.selectorLabels` at 0.11.0: the
 * chart name and the release name, which the component sets to its own name). Its Services, the budget and the
 * spread constraint select on them; the primary is told apart only by `statefulset.kubernetes.io/pod-name`.
 */
export function valkeyPodLabels(name: string): Record<string, string> {
    return { "app.kubernetes.io/name": CHARTS.valkey.chart, "app.kubernetes.io/instance": name };
}

/**
 * The Services the chart declares: `<name>` for writes (the Deployment's pod, or the StatefulSet's pod `-0`, the
 * fixed primary); with replicas also `<name>-read` (every pod, primary included) and `<name>-headless`, through
 * which replicas reach the primary as `<name>-0.<name>-headless`.
 */
export function valkeyServices(
    name: string,
    replicas: number,
): { readonly write: string; readonly read: string; readonly headless?: string } {
    return replicas > 0
        ? { write: name, read: `${name}-read`, headless: `${name}-headless` }
        : { write: name, read: name };
}

/** Non-root with a read-only root, no privilege escalation and no capabilities; seccomp comes from the pod. */
function restrictedContainer(): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: VALKEY_UID,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}

/** One pod per node where the nodes allow it: a cache outlives a node only if its replicas are elsewhere. */
function spread(name: string): Record<string, unknown>[] {
    return [
        {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: valkeyPodLabels(name) },
        },
    ];
}

/**
 * Persistence: the StatefulSet's claim template with replicas (the chart requires it there), kept when the
 * StatefulSet or a replica goes if protected; else the Deployment's own claim, or an emptyDir without storage.
 * A claimed Deployment is recreated, not rolled: the new pod could not mount the old one's ReadWriteOnce claim.
 */
function persistence(settings: ValkeySettings): Record<string, unknown> {
    const storage = settings.storage;
    if (settings.replicas > 0 && storage !== undefined) {
        return {
            replica: {
                persistence: { size: storage.size, storageClass: storage.storageClass },
                persistentVolumeClaimRetentionPolicy: {
                    whenDeleted: settings.protect ? "Retain" : "Delete",
                    whenScaled: "Retain",
                },
            },
        };
    }
    if (storage === undefined) {
        return { dataStorage: { enabled: false } };
    }
    return {
        dataStorage: {
            enabled: true,
            requestedSize: storage.size,
            className: storage.storageClass,
            keepPvc: settings.protect,
        },
        deploymentStrategy: "Recreate",
    };
}

/**
 * Helm values for the valkey chart: ACL auth with the `default` user's password read from the credentials Secret
 * (`auth.usersExistingSecret`; the values name only its key), a primary and `replicas` read replicas (a
 * StatefulSet) or a single instance (a Deployment), explicit resources for every container, the restricted pod
 * security settings the chart's keys take, readiness probes, and the images through the mirror when set.
 */
export function valkeyValues(settings: ValkeySettings, secretName: string): Record<string, unknown> {
    const replicated = settings.replicas > 0;
    const stored = persistence(settings);
    const values: Record<string, unknown> = {
        fullnameOverride: settings.name,
        serviceAccount: { create: true, automount: false },
        podSecurityContext: {
            runAsUser: VALKEY_UID,
            runAsGroup: VALKEY_UID,
            fsGroup: VALKEY_UID,
            seccompProfile: { type: "RuntimeDefault" },
        },
        securityContext: restrictedContainer(),
        resources: withEphemeralStorage(settings.resources),
        initResources: withEphemeralStorage(VALKEY_HELPER_RESOURCES),
        readinessProbe: { enabled: true },
        auth: {
            enabled: true,
            usersExistingSecret: secretName,
            aclUsers: { [VALKEY_USER]: { permissions: "~* &* +@all", passwordKey: VALKEY_PASSWORD_KEY } },
        },
        ...stored,
        replica: {
            ...(stored.replica as Record<string, unknown> | undefined),
            enabled: replicated,
            // Written in both modes, so the pin's replica containers count what runs (none without replicas).
            replicas: settings.replicas,
            replicationUser: VALKEY_USER,
            service: { enabled: replicated },
        },
        podDisruptionBudget: { enabled: replicated, maxUnavailable: 1 },
        topologySpreadConstraints: replicated ? spread(settings.name) : [],
        metrics: {
            enabled: settings.metrics,
            exporter: {
                resources: withEphemeralStorage(VALKEY_HELPER_RESOURCES),
                securityContext: restrictedContainer(),
            },
            // The platform declares a PodMonitor for the exporter itself (the data area's telemetry).
            serviceMonitor: { enabled: false },
        },
    };
    const classed = withPriorityClass(values, CHARTS.valkey, PriorityClassName.platform);
    return settings.registryMirror === undefined
        ? classed
        : withMirroredRegistries(classed, CHARTS.valkey, settings.registryMirror);
}

/** Whether a claim's class and size can work, or the problem naming the field. */
function storageProblem(storage: { readonly storageClass: string; readonly size: string }): string | undefined {
    if (storage.storageClass.trim() === "") {
        return "args.storage.storageClass is empty";
    }
    const size = parseQuantity(storage.size);
    return size === undefined || size === 0
        ? `args.storage.size ${JSON.stringify(storage.size)} is not a positive quantity`
        : undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The longest name: replicas' claims are `valkey-data-<name>-<index>` and the chart names the ConfigMap
 * `<name>-init-scripts`; the pods' `controller-revision-hash` label (`<name>-<hash>`) must stay within 63.
 */
const MAX_NAME = 40;

/** Why the settings and namespace cannot work, or undefined. */
export function valkeyCacheProblem(namespace: string, settings: ValkeySettings): string | undefined {
    const checks = [
        () =>
            DNS_LABEL.test(settings.name) && settings.name.length <= MAX_NAME
                ? undefined
                : `the name must be a DNS label of at most ${MAX_NAME} characters (it names the workload, its Services and claims)`,
        () =>
            DNS_LABEL.test(namespace) && namespace.length <= 63
                ? undefined
                : `args.namespace ${JSON.stringify(namespace)} is not a namespace name`,
        () =>
            Number.isInteger(settings.replicas) && settings.replicas >= 0
                ? undefined
                : `args.replicas must be a whole number of at least 0, not ${settings.replicas}`,
        () =>
            settings.replicas === 0 || settings.storage !== undefined
                ? undefined
                : "args.storage is required with args.replicas above 0: the chart's replication mode runs on claims",
        () => (settings.storage ? storageProblem(settings.storage) : undefined),
        () => resourcesProblem("args.resources", settings.resources),
    ];
    for (const check of checks) {
        const problem = check();
        if (problem !== undefined) {
            return problem;
        }
    }
    return undefined;
}
