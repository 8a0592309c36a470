// The Kubernetes API versions the API server no longer serves, as the upstream Deprecated API Migration Guide
// (kubernetes.io/docs/reference/using-api/deprecation-guide) lists them by release: an object declared in one is
// refused with "no matches for kind", so the whole update fails. Alpha versions are left out: the guide does not
// track them, and a cluster does not serve them unless an operator enables them.
import { K8sType } from "../../contract/k8s-types";
import { kindOf } from "../../contract/objects";

/** When an API version stopped being served, and what to declare instead. */
export interface Removal {
    /** The Kubernetes minor release that stopped serving it: `1.25`. */
    readonly removedIn: string;
    /** The apiVersion to declare the object with instead, when the kind lives on. */
    readonly use?: string;
    /** What to do instead when there is no one apiVersion to name. */
    readonly instead?: string;
}

/** Group versions no release serves any kind of: every object in them is refused. */
const GROUP_VERSIONS: Readonly<Record<string, Removal>> = {
    "apps/v1beta1": { removedIn: "1.16", use: "apps/v1" },
    "apps/v1beta2": { removedIn: "1.16", use: "apps/v1" },
    // Per kind below: DaemonSet, Deployment, ReplicaSet, NetworkPolicy, PodSecurityPolicy went in 1.16, Ingress in 1.22.
    "extensions/v1beta1": { removedIn: "1.22", instead: "declare the kind with its current API group" },
    "apiextensions.k8s.io/v1beta1": { removedIn: "1.22", use: "apiextensions.k8s.io/v1" },
    "apiregistration.k8s.io/v1beta1": { removedIn: "1.22", use: "apiregistration.k8s.io/v1" },
    "rbac.authorization.k8s.io/v1beta1": { removedIn: "1.22", use: "rbac.authorization.k8s.io/v1" },
    "autoscaling/v2beta1": { removedIn: "1.25", use: "autoscaling/v2" },
    "batch/v1beta1": { removedIn: "1.25", use: "batch/v1" },
    "discovery.k8s.io/v1beta1": { removedIn: "1.25", use: "discovery.k8s.io/v1" },
    "events.k8s.io/v1beta1": { removedIn: "1.25", use: "events.k8s.io/v1" },
    "node.k8s.io/v1beta1": { removedIn: "1.25", use: "node.k8s.io/v1" },
    "policy/v1beta1": { removedIn: "1.25", use: "policy/v1" },
    "autoscaling/v2beta2": { removedIn: "1.26", use: "autoscaling/v2" },
    "flowcontrol.apiserver.k8s.io/v1beta1": { removedIn: "1.26", use: "flowcontrol.apiserver.k8s.io/v1" },
    "flowcontrol.apiserver.k8s.io/v1beta2": { removedIn: "1.29", use: "flowcontrol.apiserver.k8s.io/v1" },
    "flowcontrol.apiserver.k8s.io/v1beta3": { removedIn: "1.32", use: "flowcontrol.apiserver.k8s.io/v1" },
};

const NO_PSP: Removal = {
    removedIn: "1.25",
    instead:
        "PodSecurityPolicy has no successor API: enforce Pod Security Admission with pod-security.kubernetes.io " +
        "labels on the namespace",
};

/**
 * Kinds removed from a group version that still serves others (admissionregistration, certificates, coordination,
 * networking, scheduling and storage v1beta1 carry newer beta kinds), and kinds of a wholly removed group version
 * whose release or replacement differs from the group version's.
 */
const KINDS: Readonly<Record<string, Removal>> = {
    "extensions/v1beta1:DaemonSet": { removedIn: "1.16", use: "apps/v1" },
    "extensions/v1beta1:Deployment": { removedIn: "1.16", use: "apps/v1" },
    "extensions/v1beta1:ReplicaSet": { removedIn: "1.16", use: "apps/v1" },
    "extensions/v1beta1:NetworkPolicy": { removedIn: "1.16", use: "networking.k8s.io/v1" },
    "extensions/v1beta1:PodSecurityPolicy": { ...NO_PSP, removedIn: "1.16" },
    "extensions/v1beta1:Ingress": { removedIn: "1.22", use: "networking.k8s.io/v1" },
    "policy/v1beta1:PodSecurityPolicy": NO_PSP,
    "admissionregistration.k8s.io/v1beta1:MutatingWebhookConfiguration": {
        removedIn: "1.22",
        use: "admissionregistration.k8s.io/v1",
    },
    "admissionregistration.k8s.io/v1beta1:ValidatingWebhookConfiguration": {
        removedIn: "1.22",
        use: "admissionregistration.k8s.io/v1",
    },
    "certificates.k8s.io/v1beta1:CertificateSigningRequest": { removedIn: "1.22", use: "certificates.k8s.io/v1" },
    "coordination.k8s.io/v1beta1:Lease": { removedIn: "1.22", use: "coordination.k8s.io/v1" },
    "networking.k8s.io/v1beta1:Ingress": { removedIn: "1.22", use: "networking.k8s.io/v1" },
    "networking.k8s.io/v1beta1:IngressClass": { removedIn: "1.22", use: "networking.k8s.io/v1" },
    "scheduling.k8s.io/v1beta1:PriorityClass": { removedIn: "1.22", use: "scheduling.k8s.io/v1" },
    "storage.k8s.io/v1beta1:CSIDriver": { removedIn: "1.22", use: "storage.k8s.io/v1" },
    "storage.k8s.io/v1beta1:CSINode": { removedIn: "1.22", use: "storage.k8s.io/v1" },
    "storage.k8s.io/v1beta1:StorageClass": { removedIn: "1.22", use: "storage.k8s.io/v1" },
    "storage.k8s.io/v1beta1:VolumeAttachment": { removedIn: "1.22", use: "storage.k8s.io/v1" },
    "storage.k8s.io/v1beta1:CSIStorageCapacity": { removedIn: "1.27", use: "storage.k8s.io/v1" },
};

/**
 * Removed types platform-disallow-legacy-availability-apis already reports, for the same reason and at the same
 * object: left to it so one object is not reported twice. Drop this set if that rule stops listing them.
 */
export const REMOVALS_REPORTED_ELSEWHERE: ReadonlySet<string> = new Set([
    K8sType.hpaV2beta1,
    K8sType.hpaV2beta2,
    K8sType.pdbV1beta1,
]);

const PROVIDER = "kubernetes:";

/** `kubernetes:extensions/v1beta1:Ingress` → `extensions/v1beta1`; core kinds → `v1`. */
export function groupVersionOf(type: string): string {
    return (type.split(":")[1] ?? "").replace(/^core\//, "");
}

/** Why an object type (see objectType) is no longer served, or undefined when it is (or is no Kubernetes object). */
export function removalOf(type: string): Removal | undefined {
    if (!type.startsWith(PROVIDER)) {
        return undefined;
    }
    const groupVersion = groupVersionOf(type);
    return KINDS[`${groupVersion}:${kindOf(type)}`] ?? GROUP_VERSIONS[groupVersion];
}

/** Kinds of the removed versions that are cluster-scoped, so messages name them without a namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "APIService",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
]);
