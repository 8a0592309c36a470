import type { PolicyResource } from "@pulumi/policy";
import { chartLabel, isChart } from "../../lib/charts-helm";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { findInventory } from "../../lib/quotas-inventory";
import { metadataName, ofType, type Props } from "../../lib/resources";
import { WORKLOAD_TYPES } from "../../lib/workloads";
import { K8sType } from "../../../contract/k8s-types";
import { RESERVED_NAMESPACES } from "../../../contract/namespaces";
import { isPatch, kindOf } from "../../../contract/objects";

/**
 * Custom resources whose operator runs their pods in the object's own namespace: a MariaDB in `default` puts its
 * database pods there as surely as a StatefulSet would.
 */
const OPERATED_WORKLOADS: readonly string[] = [K8sType.mariaDb, K8sType.maxScale, K8sType.redisSentinel];

/** An empty or missing namespace is where the API server puts the object (and Helm its release): `default`. */
function namespaceOrDefault(namespace: unknown): string {
    return typeof namespace === "string" && namespace !== "" ? namespace : "default";
}

/**
 * The governed namespaces and where that list comes from. The inventory's list is what a real `pulumi preview`
 * has to go by, since a Namespace declared by another stack or program is not among the resources; without one,
 * the stack's declared Namespace objects are the next best evidence.
 */
function governedNamespaces(resources: readonly PolicyResource[]): { names: ReadonlySet<string>; source: string } {
    const inventory = findInventory(resources);
    if (inventory?.namespaces !== undefined) {
        return {
            names: new Set(inventory.namespaces),
            source: `the inventory ConfigMap "${inventory.name}" does not list it as governed`,
        };
    }
    const declared = ofType(resources, K8sType.namespace).flatMap((ns) => metadataName(ns.props) ?? []);
    return { names: new Set(declared), source: "the stack declares no Namespace of that name" };
}

/**
 * Whether the resource was declared as a server-side-apply Patch: it edits an object that lives wherever it
 * already lives, so it places nothing. Its urn keeps the declared token, which judgeByObject rewrites in `type`.
 */
function declaredAsPatch(urn: string): boolean {
    const types = urn.split("::")[2].split("$");
    return isPatch(types[types.length - 1]);
}

/** `Deployment "web" runs` or `Chart "loki" installs`, and the namespace judged; undefined for other resources. */
function placementOf(resource: PolicyResource): { subject: string; namespace: string } | undefined {
    const props: Props = resource.props;
    if (isChart(resource.type)) {
        const namespace = namespaceOrDefault(props.namespace);
        return { subject: `${chartLabel(resource.type, props, resource.name)} installs`, namespace };
    }
    const runsPods = WORKLOAD_TYPES.includes(resource.type) || OPERATED_WORKLOADS.includes(resource.type);
    if (!runsPods || declaredAsPatch(resource.urn)) {
        return undefined;
    }
    const namespace = namespaceOrDefault(props.metadata?.namespace);
    const name: string = props.metadata?.name ?? resource.name;
    return { subject: `${kindOf(resource.type)} "${name}" runs`, namespace };
}

/**
 * The namespace rules (kubernetes-core-v1-namespace-missing-resourcequota, -missing-limitrange, -missing-default-deny)
 * judge only the Namespaces the stack governs, so a workload elsewhere escapes all three. The system namespaces
 * are never governed, even when listed: the stack does not own them, and `default` is where an object without a
 * namespace lands. A namespace unknown at preview cannot be judged, and the engine then reports that this rule
 * could not run, as for every stack rule.
 */
export const platformDisallowUngovernedNamespace: PlatformStackPolicy = {
    name: "platform-disallow-ungoverned-namespace",
    description:
        "Every workload and Helm chart of the stack runs in a namespace the stack governs (one its inventory lists, else one it declares), never in default, kube-system, kube-public or kube-node-lease, where no quota, LimitRange or default deny of the stack applies.",
    severity: "high",
    tags: [Topic.governance, "namespaces"],
    remediationSteps:
        "Set metadata.namespace (a chart's `namespace`) to a namespace the stack creates with the GovernedNamespace " +
        "component, or add the namespace to the stack (platform:tenants) so it is created with quota, LimitRange " +
        "and default deny and published in the inventory; a cluster add-on that must run in kube-system needs an " +
        "exemption in policy/exemptions.yaml.",
    validateStack: (args, report) => {
        const governed = governedNamespaces(args.resources);
        for (const resource of args.resources) {
            const placement = placementOf(resource);
            if (placement === undefined) {
                continue;
            }
            const { subject, namespace } = placement;
            if (RESERVED_NAMESPACES.includes(namespace)) {
                report(
                    `${subject} in namespace "${namespace}", a Kubernetes system namespace the stack never governs: ` +
                        "no quota, LimitRange or default deny of the stack applies there",
                    resource.urn,
                );
            } else if (!governed.names.has(namespace)) {
                report(
                    `${subject} in namespace "${namespace}", which the stack does not govern (${governed.source}): ` +
                        "no quota, LimitRange or default deny of the stack applies there",
                    resource.urn,
                );
            }
        }
    },
};
