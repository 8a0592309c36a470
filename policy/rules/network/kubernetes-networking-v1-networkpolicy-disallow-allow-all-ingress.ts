import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GATEWAY_NAMESPACES } from "../../lib/network-gateway";
import { formatList, ingressRules, isEmptySelector, qualifiedName } from "../../lib/network-selectors";
import { metadataNamespace, type Props } from "../../lib/resources";

const DEFAULTS = { allowedNamespaces: [...GATEWAY_NAMESPACES] };

const EVERYWHERE_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

/** Why an ingress rule admits every source, or undefined when it does not. */
function everywhereReason(rule: Props): string | undefined {
    const peers: Props[] = rule.from ?? [];
    if (peers.length === 0) {
        return "it has no from peers";
    }
    for (const peer of peers) {
        if (peer.ipBlock !== undefined && EVERYWHERE_CIDRS.includes(peer.ipBlock.cidr)) {
            return `ipBlock ${peer.ipBlock.cidr} admits every address`;
        }
        if (
            peer.namespaceSelector !== undefined &&
            isEmptySelector(peer.namespaceSelector) &&
            isEmptySelector(peer.podSelector)
        ) {
            return "namespaceSelector {} without a podSelector admits every pod in every namespace";
        }
    }
    return undefined;
}

export const kubernetesNetworkingV1NetworkpolicyDisallowAllowAllIngress: PlatformResourcePolicy = {
    name: "kubernetes-networking-v1-networkpolicy-disallow-allow-all-ingress",
    description: "No NetworkPolicy outside the gateway namespaces admits ingress from every source.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Name the sources in `from` (a namespaceSelector plus podSelector of the calling workload); route external traffic through the shared Gateway.",
    configSchema: {
        properties: {
            allowedNamespaces: {
                type: "array",
                items: { type: "string" },
                description: "Namespaces whose policies may admit ingress from every source (the gateway).",
                default: DEFAULTS.allowedNamespaces,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.networking.v1.NetworkPolicy, (policy, args, report) => {
        const { allowedNamespaces } = withDefaults(DEFAULTS, args.getConfig);
        const props = policy as Props;
        if (allowedNamespaces.includes(metadataNamespace(props))) {
            return;
        }
        ingressRules(props.spec ?? {}).forEach((rule, index) => {
            const reason = everywhereReason(rule);
            if (reason !== undefined) {
                report(
                    `NetworkPolicy "${qualifiedName(props)}" ingress rule ${index} admits traffic from everywhere: ` +
                        `${reason}; namespaces allowed to: ${formatList(allowedNamespaces)}`,
                );
            }
        });
    }),
};
