import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import {
    formatLabels,
    hasAllowRule,
    podTemplateLabels,
    qualifiedName,
    selectorMatches,
} from "../../lib/network-selectors";
import { metadataNamespace, ofType } from "../../lib/resources";
import { podSpecOf, WORKLOAD_TYPES } from "../../lib/workloads";
import { K8sType } from "../../../contract/k8s-types";
import { append } from "../../../contract/group";
import { kindOf } from "../../../contract/objects";
import { NETWORK_ISOLATED_LABEL } from "../../../contract/labels";

/**
 * A workload is covered when a NetworkPolicy in its namespace selects its pod template's labels (an empty
 * podSelector selects every pod) and opens at least one flow: an enforced ingress rule, or an enforced egress
 * rule whose ports are not all 53. Default-deny policies (no rules) and the DNS egress policy do not count, so
 * a workload that only has those can neither be reached nor reach anything but DNS. A workload whose pods are
 * labelled `platform.io/network-isolated: "true"` says it needs no network: it passes with no such policy and is
 * flagged when one selects it. Pods on the host network are skipped: NetworkPolicies do not apply to them.
 */
export const platformMissingWorkloadNetworkPolicy: PlatformStackPolicy = {
    name: "platform-missing-workload-network-policy",
    description:
        "Every workload's pods are selected by at least one NetworkPolicy that allows a flow beyond DNS, or are labelled network-isolated and selected by none.",
    severity: "medium",
    tags: [Topic.network],
    remediationSteps:
        "Declare the workload's flows (the Workload building block's `flows`) so ingress and egress NetworkPolicies select its pod labels; a workload that needs no network labels its pods platform.io/network-isolated=true instead.",
    validateStack: (args: StackValidationArgs, report) => {
        const policiesByNamespace = new Map<string, PolicyResource[]>();
        for (const policy of ofType(args.resources, K8sType.networkPolicy)) {
            const ns = metadataNamespace(policy.props);
            append(policiesByNamespace, ns, policy);
        }
        for (const workload of args.resources.filter((r) => WORKLOAD_TYPES.includes(r.type))) {
            const ns = metadataNamespace(workload.props);
            if (podSpecOf(workload.type, workload.props)?.hostNetwork === true) {
                continue;
            }
            const labels = podTemplateLabels(workload.type, workload.props);
            const opening = (policiesByNamespace.get(ns) ?? []).filter((policy) => {
                const spec = policy.props.spec ?? {};
                return selectorMatches(spec.podSelector, labels) && hasAllowRule(spec);
            });
            const name = `${kindOf(workload.type)} "${qualifiedName(workload.props)}"`;
            if (labels[NETWORK_ISOLATED_LABEL] === "true") {
                if (opening.length > 0) {
                    report(
                        `${name}: its pods are labelled ${NETWORK_ISOLATED_LABEL}=true, but NetworkPolicy ` +
                            `${opening.map((p) => `"${qualifiedName(p.props)}"`).join(", ")} allows flows to or from them`,
                        workload.urn,
                    );
                }
            } else if (opening.length === 0) {
                report(
                    `${name}: no NetworkPolicy in namespace "${ns}" ` +
                        `allows a flow to or from its pods (labels ${formatLabels(labels)}); ` +
                        `default-deny and DNS-only policies do not count`,
                    workload.urn,
                );
            }
        }
    },
};
