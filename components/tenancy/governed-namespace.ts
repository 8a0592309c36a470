import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";
import { PodSecurityLevel } from "../../contract/pod-security";
import {
    defaultDenySpec,
    dnsEgressSpec,
    limitRangeSpec,
    namespaceLabels,
    resourceQuotaSpec,
    type TenantLimits,
    type TenantQuota,
} from "./manifests";

export interface GovernedNamespaceArgs {
    /** Pod Security Admission level enforced, audited and warned on the namespace. @default "restricted" */
    podSecurity?: PodSecurityLevel;
    /** ResourceQuota hard limits. */
    quota: TenantQuota;
    /** LimitRange bounds applied to every container. */
    limits: TenantLimits;
    /** Extra namespace labels, e.g. to admit routes from the shared Gateway. @default {} */
    labels?: Record<string, string>;
}

/**
 * Namespaces by name, each with the resource that creates it (a GovernedNamespace): what must wait for one namespace
 * depends on its entry alone.
 */
export type NamespaceResources = ReadonlyMap<string, pulumi.Resource>;

/**
 * A namespace that is governed from birth: PSA labels, a ResourceQuota, a LimitRange, a default-deny
 * NetworkPolicy for ingress and egress, and the one egress every pod needs, DNS. The component's name is the
 * namespace's name.
 */
export class GovernedNamespace extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: GovernedNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:GovernedNamespace", name, {}, opts);
        const level = args.podSecurity ?? PodSecurityLevel.restricted;
        const ns = new k8s.core.v1.Namespace(
            name,
            { metadata: { name, labels: namespaceLabels(level, args.labels ?? {}) } },
            { parent: this },
        );
        const namespace = ns.metadata.name;
        const meta = (role: string) => ({ name: childName(name, role), namespace, labels: platformLabels() });
        new k8s.core.v1.ResourceQuota(
            childName(name, "quota"),
            { metadata: meta("quota"), spec: resourceQuotaSpec(args.quota) },
            { parent: this },
        );
        new k8s.core.v1.LimitRange(
            childName(name, "limits"),
            { metadata: meta("limits"), spec: limitRangeSpec(args.limits) },
            { parent: this },
        );
        new k8s.networking.v1.NetworkPolicy(
            childName(name, "default-deny"),
            { metadata: meta("default-deny"), spec: defaultDenySpec() },
            { parent: this },
        );
        new k8s.networking.v1.NetworkPolicy(
            childName(name, "allow-dns"),
            { metadata: meta("allow-dns"), spec: dnsEgressSpec() },
            { parent: this },
        );
        this.namespace = namespace;
        this.registerOutputs({ namespace });
    }
}
