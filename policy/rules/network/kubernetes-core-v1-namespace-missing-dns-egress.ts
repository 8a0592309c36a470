import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import {
    DNS_PORT,
    egressRules,
    effectivePolicyTypes,
    formatLabels,
    isEmptySelector,
    type Labels,
    selectorMatches,
} from "../../lib/network-selectors";
import { metadataName, metadataNamespace, ofType, type Props } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";
import { NAMESPACE_NAME_LABEL } from "../../../contract/labels";
import { KubernetesNamespace } from "../../../contract/namespaces";
import { append } from "../../../contract/group";

const DEFAULTS = {
    dnsNamespace: KubernetesNamespace.kubeSystem as string,
    dnsPodLabels: { "k8s-app": "kube-dns" } as Labels,
};

const DNS_PROTOCOLS = ["UDP", "TCP"] as const;

/** Whether an egress peer reaches the cluster DNS pods (ipBlocks never count: pod IPs change). */
function peerReachesDns(peer: Props, policyNamespace: string, dns: typeof DEFAULTS): boolean {
    if (peer.ipBlock !== undefined) {
        return false;
    }
    const namespaceOk =
        peer.namespaceSelector === undefined
            ? policyNamespace === dns.dnsNamespace
            : selectorMatches(peer.namespaceSelector, { [NAMESPACE_NAME_LABEL]: dns.dnsNamespace });
    return namespaceOk && selectorMatches(peer.podSelector, dns.dnsPodLabels);
}

/** The protocols (UDP, TCP) on which an egress rule allows port 53 to the DNS pods. */
function dnsProtocols(rule: Props, policyNamespace: string, dns: typeof DEFAULTS): string[] {
    const peers: Props[] = rule.to ?? [];
    if (peers.length > 0 && !peers.some((p) => peerReachesDns(p, policyNamespace, dns))) {
        return [];
    }
    const ports: Props[] = rule.ports ?? [];
    if (ports.length === 0) {
        return [...DNS_PROTOCOLS];
    }
    return ports
        .filter(
            (p) =>
                p.port === undefined ||
                (typeof p.port === "number" && p.port <= DNS_PORT && DNS_PORT <= (p.endPort ?? p.port)),
        )
        .map((p) => p.protocol ?? "TCP");
}

/**
 * Pods isolated for egress can resolve names only if a policy selecting them allows port 53 to kube-dns. For
 * each namespace with an egress-isolating policy, UDP and TCP 53 must be allowed by policies that select all pods
 * (empty podSelector) or, for a policy with a narrower selector, by the same selector. Named ports are not
 * resolved (use the number 53), and ipBlocks do not count.
 */
export const kubernetesCoreV1NamespaceMissingDnsEgress: PlatformStackPolicy = {
    name: "kubernetes-core-v1-namespace-missing-dns-egress",
    description: "Every namespace that restricts egress allows DNS to kube-dns over UDP and TCP port 53.",
    severity: "medium",
    tags: [Topic.network],
    remediationSteps:
        "Add a NetworkPolicy with an empty podSelector allowing egress to kube-system pods k8s-app=kube-dns on UDP and TCP 53 (GovernedNamespace does).",
    configSchema: {
        properties: {
            dnsNamespace: {
                type: "string",
                description: "Namespace the cluster DNS runs in.",
                default: DEFAULTS.dnsNamespace,
            },
            dnsPodLabels: {
                type: "object",
                description: "Labels of the cluster DNS pods.",
                default: DEFAULTS.dnsPodLabels,
            },
        },
    },
    validateStack: (args: StackValidationArgs, report) => {
        const config = withDefaults(DEFAULTS, args.getConfig);
        const byNamespace = new Map<string, PolicyResource[]>();
        for (const policy of ofType(args.resources, K8sType.networkPolicy)) {
            const ns = metadataNamespace(policy.props);
            append(byNamespace, ns, policy);
        }
        const namespaceUrns = new Map(
            ofType(args.resources, K8sType.namespace).map((ns) => [metadataName(ns.props), ns.urn]),
        );
        for (const [ns, policies] of byNamespace) {
            const isolating = policies.filter((p) => effectivePolicyTypes(p.props.spec ?? {}).includes("Egress"));
            const missing = new Set<string>();
            for (const isolated of isolating) {
                const selector = isolated.props.spec?.podSelector;
                const allowed = new Set(
                    policies
                        .filter((p) => {
                            const other = p.props.spec?.podSelector;
                            return isEmptySelector(other) || JSON.stringify(other) === JSON.stringify(selector);
                        })
                        .flatMap((p) => egressRules(p.props.spec ?? {}).flatMap((r) => dnsProtocols(r, ns, config))),
                );
                DNS_PROTOCOLS.filter((proto) => !allowed.has(proto)).forEach((proto) => missing.add(proto));
            }
            if (missing.size > 0) {
                const list = DNS_PROTOCOLS.filter((p) => missing.has(p))
                    .map((p) => `${p} ${DNS_PORT}`)
                    .join(", ");
                report(
                    `namespace "${ns}" restricts egress but does not allow DNS to ${config.dnsNamespace} pods ` +
                        `${formatLabels(config.dnsPodLabels)} (missing ${list})`,
                    namespaceUrns.get(ns) ?? isolating[0].urn,
                );
            }
        }
    },
};
