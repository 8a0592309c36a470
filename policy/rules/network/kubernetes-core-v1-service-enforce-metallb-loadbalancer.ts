import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GATEWAY_NAMESPACES, GatewayType } from "../../lib/network-gateway";
import { formatList, qualifiedName } from "../../lib/network-selectors";
import { metadataNamespace, type Props } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";

/** MetalLB's pool annotation: `metallb.io/` since v0.14, `metallb.universe.tf/` before and still honoured. */
export const METALLB_POOL_ANNOTATIONS: readonly string[] = [
    "metallb.io/address-pool",
    "metallb.universe.tf/address-pool",
];

const DEFAULTS = { allowedNamespaces: [...GATEWAY_NAMESPACES] };

/** The Service a resource declares or makes a controller generate: a Service, or an EnvoyProxy's envoyService. */
function loadBalancerOf(type: string, props: Props): Props | undefined {
    if (type === K8sType.service) {
        return props.spec?.type === "LoadBalancer"
            ? { annotations: props.metadata?.annotations, loadBalancerIP: props.spec?.loadBalancerIP }
            : undefined;
    }
    if (type === GatewayType.envoyProxy) {
        const service: Props | undefined = props.spec?.provider?.kubernetes?.envoyService;
        // Envoy Gateway generates a LoadBalancer Service unless the EnvoyProxy asks for another type.
        const provider: string = props.spec?.provider?.type ?? "Kubernetes";
        return provider === "Kubernetes" && (service?.type ?? "LoadBalancer") === "LoadBalancer"
            ? { annotations: service?.annotations, loadBalancerIP: service?.loadBalancerIP }
            : undefined;
    }
    return undefined;
}

export const kubernetesCoreV1ServiceEnforceMetallbLoadbalancer: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-service-enforce-metallb-loadbalancer",
    description:
        "LoadBalancer Services exist only in the gateway namespaces and take their address from a named MetalLB pool.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Expose applications through the shared Gateway; on the gateway's Service (or EnvoyProxy envoyService) set the metallb.io/address-pool annotation and request a fixed address with metallb.io/loadBalancerIPs, not spec.loadBalancerIP.",
    configSchema: {
        properties: {
            allowedNamespaces: {
                type: "array",
                items: { type: "string" },
                description: "Namespaces allowed to declare LoadBalancer Services (the gateway).",
                default: DEFAULTS.allowedNamespaces,
            },
        },
    },
    validateResource: (args, report) => {
        const service = loadBalancerOf(args.type, args.props);
        if (service === undefined) {
            return;
        }
        const { allowedNamespaces } = withDefaults(DEFAULTS, args.getConfig);
        const subject = `${args.type === K8sType.service ? "Service" : "EnvoyProxy"} "${qualifiedName(args.props)}"`;
        const ns = metadataNamespace(args.props);
        if (!allowedNamespaces.includes(ns)) {
            report(
                `${subject} asks for a LoadBalancer in namespace "${ns}"; ` +
                    `namespaces allowed to: ${formatList(allowedNamespaces)}`,
            );
        }
        const annotations: Props = service.annotations ?? {};
        if (!METALLB_POOL_ANNOTATIONS.some((key) => (annotations[key] ?? "") !== "")) {
            report(`${subject} asks for a LoadBalancer without a ${METALLB_POOL_ANNOTATIONS[0]} annotation`);
        }
        if (service.loadBalancerIP !== undefined) {
            report(
                `${subject} sets loadBalancerIP, deprecated since Kubernetes 1.24; ` +
                    `use the metallb.io/loadBalancerIPs annotation`,
            );
        }
    },
};
