import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StorageNamespace } from "../../contract/namespaces";
import { PodSecurityLevel } from "../../contract/pod-security";
import { StorageClassName } from "../../contract/storage";
import { childName } from "../lib/naming";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import {
    DEFAULT_NODE_PATHS,
    localPathBudget,
    localPathClusterRole,
    localPathClusterRoleBinding,
    localPathConfigMap,
    localPathDeployment,
    localPathRole,
    localPathRoleBinding,
    localPathServiceAccount,
    localPathStorageClass,
    nodePathsProblem,
    type LocalPathSettings,
} from "./local-path-manifests";

export interface LocalPathArgs {
    /** Directories on every node where volumes are created. @default ["/opt/local-path-provisioner"] */
    nodePaths?: readonly string[];
    /** What happens to a volume's directory when its claim is deleted. */
    reclaimPolicy: "Delete" | "Retain";
    /** Marks `local-path` as the cluster's default StorageClass. */
    isDefault: boolean;
    /** Registry mirror images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
}

/**
 * rancher/local-path-provisioner in `local-path-storage` and its StorageClass `local-path`: node-local volumes in a
 * directory of the node the claiming pod lands on. The namespace is privileged because the helper pods that create
 * and remove each volume's directory mount the node path as hostPath; nothing else runs there.
 */
export class LocalPathProvisioner extends pulumi.ComponentResource {
    /** The governed namespace by name, for the flows and ordering the area adds. */
    public readonly namespaces: NamespaceResources;
    /** The StorageClass's name. */
    public readonly storageClass: string;

    constructor(name: string, args: LocalPathArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:LocalPathProvisioner", name, {}, opts);
        const settings: LocalPathSettings = {
            nodePaths: args.nodePaths ?? DEFAULT_NODE_PATHS,
            reclaimPolicy: args.reclaimPolicy,
            isDefault: args.isDefault,
            registryMirror: args.registryMirror,
        };
        const problem = nodePathsProblem(settings.nodePaths);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`LocalPathProvisioner ${name}: ${problem}`, this);
        }
        const budget = localPathBudget();
        const ns = new GovernedNamespace(
            StorageNamespace.localPath,
            { podSecurity: PodSecurityLevel.privileged, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const inNs = { parent: this, dependsOn: [ns] };
        const account = new k8s.core.v1.ServiceAccount(
            childName(name, "service-account"),
            localPathServiceAccount(),
            inNs,
        );
        const role = new k8s.rbac.v1.Role(childName(name, "role"), localPathRole(), inNs);
        const roleBinding = new k8s.rbac.v1.RoleBinding(childName(name, "role-binding"), localPathRoleBinding(), {
            parent: this,
            dependsOn: [role, account],
        });
        const clusterRole = new k8s.rbac.v1.ClusterRole(childName(name, "cluster-role"), localPathClusterRole(), {
            parent: this,
        });
        const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(
            childName(name, "cluster-role-binding"),
            localPathClusterRoleBinding(),
            { parent: this, dependsOn: [clusterRole, account] },
        );
        const config = new k8s.core.v1.ConfigMap(childName(name, "config"), localPathConfigMap(settings), inNs);
        new k8s.apps.v1.Deployment(childName(name, "provisioner"), localPathDeployment(settings.registryMirror), {
            parent: this,
            dependsOn: [config, roleBinding, clusterRoleBinding],
        });
        const storageClass = new k8s.storage.v1.StorageClass(
            childName(name, "storage-class"),
            localPathStorageClass(settings),
            { parent: this },
        );
        this.namespaces = new Map([[StorageNamespace.localPath, ns]]);
        this.storageClass = StorageClassName.localPath;
        this.registerOutputs({ storageClass: storageClass.metadata.name });
    }
}
