import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GatewayType } from "../../lib/network-gateway";
import { qualifiedName } from "../../lib/network-selectors";
import type { Props } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";

const WHY =
    "kube-proxy on every node then captures traffic to those addresses, so whoever can write a Service can " +
    "intercept traffic meant for any IP (CVE-2020-8554)";

/** The externalIPs a resource sets on a Service: its own, or those an EnvoyProxy patches into its envoyService. */
function externalIpsOf(type: string, props: Props): { readonly subject: string; readonly ips: unknown } | undefined {
    if (type === K8sType.service) {
        return { subject: `Service "${qualifiedName(props)}"`, ips: props.spec?.externalIPs };
    }
    if (type === GatewayType.envoyProxy) {
        // envoyService has no externalIPs field, but its patch (StrategicMerge or JSONMerge) can add one.
        const patch: Props | undefined = props.spec?.provider?.kubernetes?.envoyService?.patch;
        return {
            subject: `EnvoyProxy "${qualifiedName(props)}" envoyService.patch`,
            ips: patch?.value?.spec?.externalIPs,
        };
    }
    return undefined;
}

export const kubernetesCoreV1ServiceDisallowExternalIps: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-service-disallow-external-ips",
    description:
        "No Service sets spec.externalIPs, which lets any Service author intercept traffic to arbitrary addresses (CVE-2020-8554), as Kyverno's restrict-external-ips forbids.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Remove spec.externalIPs; expose the workload with an HTTPRoute on the shared Gateway, or (gateway " +
        "namespaces only) a LoadBalancer Service that takes its address from a MetalLB pool " +
        "(metallb.io/address-pool, metallb.io/loadBalancerIPs).",
    validateResource: (args, report) => {
        const found = externalIpsOf(args.type, args.props);
        // An empty list exposes nothing; the API server treats it as unset.
        if (found === undefined || !Array.isArray(found.ips) || found.ips.length === 0) {
            return;
        }
        report(`${found.subject} sets spec.externalIPs ${found.ips.map(String).join(", ")}: ${WHY}`);
    },
};
