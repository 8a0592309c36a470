// Checks the apiserver makes in code rather than in its OpenAPI schemas: names, label syntax, selectors that
// select their own pod template, namespaces that exist, and scope.
import { RESERVED_NAMESPACES } from "../../contract/namespaces";
import { selectorMatches } from "../../contract/selectors";
import { REQUIRED, unsupportedValue } from "./messages";
import { isRecord, splitApiVersion, stringAt, type Issue, type JsonObject, type Path } from "./types";

export type Scope = "Namespaced" | "Cluster";

/** Built-in cluster-scoped kinds, by API group (core is ""); every other built-in kind is namespaced. */
const CLUSTER_SCOPED: Readonly<Record<string, readonly string[]>> = {
    "": ["Namespace", "Node", "PersistentVolume", "ComponentStatus"],
    "admissionregistration.k8s.io": [
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
    ],
    "apiextensions.k8s.io": ["CustomResourceDefinition"],
    "apiregistration.k8s.io": ["APIService"],
    "authentication.k8s.io": ["TokenReview", "SelfSubjectReview"],
    "authorization.k8s.io": ["SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview"],
    "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
    "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
    "networking.k8s.io": ["IngressClass", "IPAddress", "ServiceCIDR"],
    "node.k8s.io": ["RuntimeClass"],
    "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
    "resource.k8s.io": ["DeviceClass", "ResourceSlice"],
    "scheduling.k8s.io": ["PriorityClass"],
    "storage.k8s.io": ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass"],
};

export function coreScope(apiVersion: string, kind: string): Scope {
    return CLUSTER_SCOPED[splitApiVersion(apiVersion).group]?.includes(kind) === true ? "Cluster" : "Namespaced";
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type NameRule = "dns1123-label" | "dns1035-label" | "path-segment" | "dns1123-subdomain";

/**
 * Name rules of the apiserver's validators that are stricter (or looser) than a DNS-1123 subdomain: namespaces
 * and StatefulSets (whose pods' hostnames carry the name) are labels, Services are DNS-1035 labels (they become
 * DNS names that must not start with a digit), RBAC names are path segments (`system:controller:...`).
 */
function nameRule(group: string, kind: string): NameRule {
    if (group === "" && kind === "Namespace") {
        return "dns1123-label";
    }
    if (group === "apps" && kind === "StatefulSet") {
        return "dns1123-label";
    }
    if (group === "" && kind === "Service") {
        return "dns1035-label";
    }
    if (group === "rbac.authorization.k8s.io") {
        return "path-segment";
    }
    return "dns1123-subdomain";
}

function nameIssue(name: string, rule: NameRule): string | undefined {
    switch (rule) {
        case "dns1123-label":
            return name.length <= 63 && DNS1123_LABEL.test(name)
                ? undefined
                : `${JSON.stringify(name)} is not a DNS-1123 label (at most 63 lower-case alphanumerics or '-', starting and ending with an alphanumeric)`;
        case "dns1035-label":
            return name.length <= 63 && DNS1035_LABEL.test(name)
                ? undefined
                : `${JSON.stringify(name)} is not a DNS-1035 label (at most 63 lower-case alphanumerics or '-', starting with a letter and ending with an alphanumeric)`;
        case "path-segment":
            return name !== "." && name !== ".." && !/[/%]/.test(name)
                ? undefined
                : `${JSON.stringify(name)} may not be '.' or '..' or contain '/' or '%'`;
        case "dns1123-subdomain":
            return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
                ? undefined
                : `${JSON.stringify(name)} is not a DNS-1123 subdomain (at most 253 lower-case alphanumerics, '-' or '.', starting and ending with an alphanumeric)`;
    }
}

/** `prefix/name` keys of labels and annotations: a DNS subdomain prefix and a 63-character name. */
function qualifiedNameIssue(key: string): string | undefined {
    const slash = key.lastIndexOf("/");
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
        return `key ${JSON.stringify(key)}: the prefix must be a DNS-1123 subdomain`;
    }
    if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
        return `key ${JSON.stringify(key)}: the name part must be at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
    }
    return undefined;
}

function metadataIssues(metadata: JsonObject, rule: NameRule): Issue[] {
    const issues: Issue[] = [];
    const name = stringAt(metadata, "name");
    if (name === undefined) {
        if (stringAt(metadata, "generateName") === undefined) {
            issues.push({ path: ["metadata", "name"], message: REQUIRED });
        }
    } else {
        const problem = nameIssue(name, rule);
        if (problem !== undefined) {
            issues.push({ path: ["metadata", "name"], message: problem });
        }
    }
    for (const field of ["labels", "annotations"]) {
        const map = metadata[field];
        for (const [key, value] of Object.entries(isRecord(map) ? map : {})) {
            const keyProblem = qualifiedNameIssue(key);
            if (keyProblem !== undefined) {
                issues.push({ path: ["metadata", field, key], message: keyProblem });
            }
            if (field === "labels" && typeof value === "string" && (value.length > 63 || !LABEL_VALUE.test(value))) {
                issues.push({
                    path: ["metadata", field, key],
                    message: `value ${JSON.stringify(value)} must be at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
                });
            }
        }
    }
    return issues;
}

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

function labelSelectorIssues(selector: JsonObject, path: Path): Issue[] {
    const issues: Issue[] = [];
    const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
    expressions.forEach((e: unknown, i) => {
        if (!isRecord(e)) {
            return;
        }
        const at: Path = [...path, "matchExpressions", i];
        const operator = e.operator;
        const values = Array.isArray(e.values) ? e.values : [];
        if (typeof operator !== "string" || !OPERATORS.includes(operator)) {
            issues.push({ path: [...at, "operator"], message: unsupportedValue(operator, OPERATORS) });
        } else if ((operator === "In" || operator === "NotIn") && values.length === 0) {
            issues.push({ path: [...at, "values"], message: `must be specified when operator is ${operator}` });
        } else if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
            issues.push({ path: [...at, "values"], message: `may not be specified when operator is ${operator}` });
        }
    });
    return issues;
}

const MISMATCH = "`selector` does not match template `labels`";

/** Workload kinds whose `spec.selector` must select the pods of their own `spec.template`. */
const SELECTING_WORKLOADS: Readonly<Record<string, readonly string[]>> = {
    apps: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"],
    batch: ["Job"],
};

function selectorIssues(object: JsonObject, group: string, kind: string): Issue[] {
    const spec = isRecord(object.spec) ? object.spec : undefined;
    if (spec === undefined) {
        return [];
    }
    const template = isRecord(spec.template) ? spec.template : {};
    const templateLabels =
        isRecord(template.metadata) && isRecord(template.metadata.labels) ? template.metadata.labels : {};
    const labels = Object.fromEntries(
        Object.entries(templateLabels).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    const selector = spec.selector;
    if (group === "" && kind === "ReplicationController") {
        // A plain label map; absent, it defaults to the template's labels.
        if (!isRecord(selector)) {
            return [];
        }
        const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
        return matches ? [] : [{ path: ["spec", "template", "metadata", "labels"], message: MISMATCH }];
    }
    if (!SELECTING_WORKLOADS[group]?.includes(kind) || !isRecord(selector)) {
        return [];
    }
    if (kind === "Job" && spec.manualSelector !== true) {
        // The apiserver generates a Job's selector (and the template label it matches) unless told not to.
        return [
            {
                path: ["spec", "selector"],
                message: "`selector` will be auto-generated unless spec.manualSelector is true",
            },
        ];
    }
    const issues = labelSelectorIssues(selector, ["spec", "selector"]);
    const empty =
        Object.keys(isRecord(selector.matchLabels) ? selector.matchLabels : {}).length === 0 &&
        (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).length === 0;
    if (empty) {
        issues.push({ path: ["spec", "selector"], message: `empty selector is invalid for a ${kind}` });
    } else if (issues.length === 0 && !selectorMatches(selector, labels)) {
        issues.push({ path: ["spec", "template", "metadata", "labels"], message: MISMATCH });
    }
    return issues;
}

export interface SemanticContext {
    /** Namespaces the render creates. */
    readonly namespaces: ReadonlySet<string>;
}

/**
 * Semantic issues of one object. `scope` is undefined when it is not known (a custom resource whose CRD is not
 * available): the namespace must still exist, but whether it may have one is not judged.
 */
export function semanticIssues(object: JsonObject, scope: Scope | undefined, context: SemanticContext): Issue[] {
    const apiVersion = stringAt(object, "apiVersion") ?? "";
    const kind = stringAt(object, "kind") ?? "";
    const { group } = splitApiVersion(apiVersion);
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const issues = metadataIssues(metadata, nameRule(group, kind));
    const namespace = stringAt(metadata, "namespace");
    if (namespace !== undefined) {
        if (scope === "Cluster") {
            issues.push({ path: ["metadata", "namespace"], message: `a cluster-scoped ${kind} takes no namespace` });
        } else if (!context.namespaces.has(namespace) && !RESERVED_NAMESPACES.includes(namespace)) {
            issues.push({
                path: ["metadata", "namespace"],
                message: `namespace ${JSON.stringify(namespace)} is neither in the render nor one every cluster has`,
            });
        }
    }
    issues.push(...selectorIssues(object, group, kind));
    return issues;
}
