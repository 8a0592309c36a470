import type * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";
import { APP_LABEL, platformLabels } from "../../contract/labels";
import { StorageNamespace } from "../../contract/namespaces";
import { StorageClassName } from "../../contract/storage";
import { storageClassMetadata } from "./classes";
import { IMAGES, imageRef } from "../../contract/versions";
import { containerSecurityContext, podSecurityContext } from "../lib/security";
import { podsQuota, type SystemBudget } from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { PriorityClassName } from "../../contract/priority-classes";

/** The provisioner name the StorageClass names and the controller answers to (the binary's default). */
export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";

/** Where volumes go on a node when the args name no paths: upstream's default. */
export const DEFAULT_NODE_PATHS: readonly string[] = ["/opt/local-path-provisioner"];

/**
 * Object names as upstream's deploy/local-path-storage.yaml spells them. The ConfigMap and ServiceAccount names are
 * also the binary's defaults (`--configmap-name`, `--service-account-name`), so no flag has to repeat them.
 */
export const LocalPathName = {
    serviceAccount: "local-path-provisioner-service-account",
    role: "local-path-provisioner-role",
    binding: "local-path-provisioner-bind",
    deployment: "local-path-provisioner",
    configMap: "local-path-config",
} as const;

/** The node path map entry that applies to every node not listed by name. */
const ANY_NODE = "DEFAULT_PATH_FOR_NON_LISTED_NODES";
const CONFIG_DIR = "/etc/config/";
const HEALTH_PORT = 8080;

/**
 * Requests and limits of both containers. Upstream sets none (its chart's commented suggestion is 100m / 128Mi).
 * The provisioner is one Go controller watching claims; a helper pod runs one `mkdir` or `rm -rf` in busybox and
 * exits. Every request meets the LimitRange minimum below, and each names a cpu limit so no default is injected.
 */
export const LOCAL_PATH_RESOURCES = {
    provisioner: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    helper: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
} as const;

/**
 * Helper pods that may run at once: the provisioner's claim controller runs 4 workers (the library's default
 * threadiness), each creating at most one helper pod at a time.
 */
export const LOCAL_PATH_CONCURRENT_HELPERS = 4;

/** The settings the objects depend on; LocalPathArgs with its defaults applied. */
export interface LocalPathSettings {
    readonly nodePaths: readonly string[];
    readonly reclaimPolicy: "Delete" | "Retain";
    readonly isDefault: boolean;
    readonly registryMirror?: string;
}

/**
 * local-path-storage's quota and limits: the provisioner pod (and the old one while a Recreate rollout replaces it)
 * plus the concurrent helper pods, each at LOCAL_PATH_RESOURCES. It runs no Services and claims no storage itself.
 */
export function localPathBudget(): SystemBudget {
    const { provisioner, helper } = LOCAL_PATH_RESOURCES;
    const pods = [
        { containers: [provisioner], copies: 2 },
        { containers: [helper], copies: LOCAL_PATH_CONCURRENT_HELPERS },
    ];
    return {
        quota: podsQuota(pods, 0),
        limits: {
            max: { cpu: "500m", memory: "256Mi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "100m", memory: "64Mi" },
            defaultRequest: { cpu: "10m", memory: "16Mi" },
        },
    };
}

function metadata(name: string, namespaced = true): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name,
        ...(namespaced ? { namespace: StorageNamespace.localPath } : {}),
        labels: platformLabels({ [APP_LABEL]: LocalPathName.deployment }),
    };
}

export function localPathServiceAccount(): k8s.types.input.core.v1.ServiceAccount {
    return { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(LocalPathName.serviceAccount) };
}

/** Upstream's namespaced grant: the helper pods it creates and deletes live in its own namespace only. */
export function localPathRole(): k8s.types.input.rbac.v1.Role {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: metadata(LocalPathName.role),
        rules: [
            {
                apiGroups: [""],
                resources: ["pods"],
                verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
            },
        ],
    };
}

/**
 * Upstream's cluster grant: read nodes, claims, its config and pods (and helper logs), manage PersistentVolumes,
 * record events, read StorageClasses. No write access to anything but PersistentVolumes and events.
 */
export function localPathClusterRole(): k8s.types.input.rbac.v1.ClusterRole {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: metadata(LocalPathName.role, false),
        rules: [
            {
                apiGroups: [""],
                resources: ["nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: [""],
                resources: ["persistentvolumes"],
                verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
            },
            { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
            { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
        ],
    };
}

const SUBJECTS = [
    { kind: "ServiceAccount", name: LocalPathName.serviceAccount, namespace: StorageNamespace.localPath },
];

export function localPathRoleBinding(): k8s.types.input.rbac.v1.RoleBinding {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: metadata(LocalPathName.binding),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: LocalPathName.role },
        subjects: SUBJECTS,
    };
}

export function localPathClusterRoleBinding(): k8s.types.input.rbac.v1.ClusterRoleBinding {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: metadata(LocalPathName.binding, false),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: LocalPathName.role },
        subjects: SUBJECTS,
    };
}

/** config.json: every node gets the same directories. */
export function localPathConfigJson(nodePaths: readonly string[]): string {
    return JSON.stringify({ nodePathMap: [{ node: ANY_NODE, paths: [...nodePaths] }] }, null, 2);
}

/**
 * The helper pod template the provisioner fills in (command, hostPath volume, node) for each volume's setup and
 * teardown. Its image is pinned, where upstream leaves busybox on latest. It runs as root: it creates the volume
 * directory under a root-owned node path and removes data that any UID wrote, which also needs the runtime's default
 * capabilities (CAP_DAC_OVERRIDE); the provisioner refuses templates that add capabilities, so dropping ALL and
 * adding those back is not possible. It does get no privilege escalation and the default seccomp profile. The
 * tolerations and priority are upstream's, so cleanup still runs on a node under disk pressure.
 */
export function helperPodTemplate(registryMirror?: string): k8s.types.input.core.v1.Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "helper-pod" },
        spec: {
            priorityClassName: "system-node-critical",
            tolerations: [{ key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" }],
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            containers: [
                {
                    name: "helper-pod",
                    image: imageRef(IMAGES.busybox, registryMirror),
                    imagePullPolicy: "IfNotPresent",
                    resources: withEphemeralStorage(LOCAL_PATH_RESOURCES.helper),
                    securityContext: { allowPrivilegeEscalation: false },
                },
            ],
        },
    };
}

/** The provisioner passes the volume's directory as $VOL_DIR (and -p); the scripts quote it. */
const SETUP = ["#!/bin/sh", "set -eu", 'mkdir -m 0777 -p "$VOL_DIR"'].join("\n");
const TEARDOWN = ["#!/bin/sh", "set -eu", 'rm -rf "$VOL_DIR"'].join("\n");

export function localPathConfigMap(settings: LocalPathSettings): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: metadata(LocalPathName.configMap),
        data: {
            "config.json": localPathConfigJson(settings.nodePaths),
            setup: SETUP,
            teardown: TEARDOWN,
            "helperPod.yaml": stringify(helperPodTemplate(settings.registryMirror)),
        },
    };
}

/**
 * The provisioner. One replica, as upstream: it runs its claim controller without leader election
 * (`LeaderElection(false)` in v0.0.37's main.go), so a second replica would race the first for every claim and
 * create two helper pods per volume. For the same reason a rollout uses Recreate, never a surge pod beside the old
 * one. Unlike upstream it runs non-root with a read-only root filesystem (the image is a static binary on scratch
 * that writes nothing; upstream's chart suggests the same), and without `--debug`.
 */
export function localPathDeployment(registryMirror?: string): k8s.types.input.apps.v1.Deployment {
    const selector = { [APP_LABEL]: LocalPathName.deployment };
    const probe = (path: string, initialDelaySeconds: number, periodSeconds: number) => ({
        httpGet: { path, port: "health" },
        initialDelaySeconds,
        periodSeconds,
    });
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: metadata(LocalPathName.deployment),
        spec: {
            replicas: 1,
            strategy: { type: "Recreate" },
            selector: { matchLabels: selector },
            template: {
                metadata: { labels: platformLabels(selector) },
                spec: {
                    serviceAccountName: LocalPathName.serviceAccount,
                    priorityClassName: PriorityClassName.platform,
                    securityContext: podSecurityContext(),
                    containers: [
                        {
                            name: "local-path-provisioner",
                            image: imageRef(IMAGES.localPathProvisioner, registryMirror),
                            imagePullPolicy: "IfNotPresent",
                            command: ["local-path-provisioner", "start", "--config", `${CONFIG_DIR}config.json`],
                            ports: [{ name: "health", containerPort: HEALTH_PORT, protocol: "TCP" }],
                            startupProbe: { ...probe("/health", 5, 5), failureThreshold: 12 },
                            livenessProbe: probe("/health", 10, 10),
                            readinessProbe: probe("/ready", 5, 5),
                            env: [
                                { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                                { name: "CONFIG_MOUNT_PATH", value: CONFIG_DIR },
                                { name: "HEALTH_PORT", value: String(HEALTH_PORT) },
                            ],
                            resources: withEphemeralStorage(LOCAL_PATH_RESOURCES.provisioner),
                            securityContext: containerSecurityContext(),
                            volumeMounts: [{ name: "config-volume", mountPath: CONFIG_DIR }],
                        },
                    ],
                    volumes: [{ name: "config-volume", configMap: { name: LocalPathName.configMap } }],
                },
            },
        },
    };
}

/** `local-path`: a volume binds once its pod is scheduled, on that pod's node (a hostPath volume cannot move). */
export function localPathStorageClass(settings: LocalPathSettings): k8s.types.input.storage.v1.StorageClass {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: storageClassMetadata(StorageClassName.localPath, settings.isDefault),
        provisioner: LOCAL_PATH_PROVISIONER,
        volumeBindingMode: "WaitForFirstConsumer",
        reclaimPolicy: settings.reclaimPolicy,
    };
}

/** Why the node paths cannot work, or undefined: each absolute, none empty, no duplicates, at least one. */
export function nodePathsProblem(nodePaths: readonly string[]): string | undefined {
    if (nodePaths.length === 0) {
        return "args.nodePaths must name at least one directory";
    }
    for (const [i, path] of nodePaths.entries()) {
        if (path.trim() === "") {
            return `args.nodePaths[${i}] is empty`;
        }
        if (!path.startsWith("/")) {
            return `args.nodePaths[${i}] ${JSON.stringify(path)} is not an absolute path`;
        }
        if (nodePaths.indexOf(path) !== i) {
            return `args.nodePaths[${i}] ${JSON.stringify(path)} repeats args.nodePaths[${nodePaths.indexOf(path)}]`;
        }
    }
    return undefined;
}
