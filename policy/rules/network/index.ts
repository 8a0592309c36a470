import type { PlatformPolicy } from "../../lib/metadata";
import { kubernetesCoreV1NamespaceMissingDefaultDeny } from "./kubernetes-core-v1-namespace-missing-default-deny";
import { kubernetesCoreV1NamespaceMissingDnsEgress } from "./kubernetes-core-v1-namespace-missing-dns-egress";
import { kubernetesCoreV1ServiceDisallowExternalIps } from "./kubernetes-core-v1-service-disallow-external-ips";
import { kubernetesCoreV1ServiceDisallowNodeport } from "./kubernetes-core-v1-service-disallow-nodeport";
import { kubernetesCoreV1ServiceEnforceMetallbLoadbalancer } from "./kubernetes-core-v1-service-enforce-metallb-loadbalancer";
import { kubernetesGatewayV1GatewayMissingTlsCertificate } from "./kubernetes-gateway-v1-gateway-missing-tls-certificate";
import { kubernetesGatewayV1HttprouteDisallowPlaintextHttp } from "./kubernetes-gateway-v1-httproute-disallow-plaintext-http";
import { kubernetesNetworkingV1IngressMissingTls } from "./kubernetes-networking-v1-ingress-missing-tls";
import { kubernetesNetworkingV1NetworkpolicyDisallowAllowAllIngress } from "./kubernetes-networking-v1-networkpolicy-disallow-allow-all-ingress";
import { platformDisallowExternalModelSource } from "./platform-disallow-external-model-source";
import { platformMissingWorkloadNetworkPolicy } from "./platform-missing-workload-network-policy";

export const networkPolicies: readonly PlatformPolicy[] = [
    kubernetesCoreV1NamespaceMissingDefaultDeny,
    kubernetesCoreV1NamespaceMissingDnsEgress,
    platformMissingWorkloadNetworkPolicy,
    platformDisallowExternalModelSource,
    kubernetesNetworkingV1NetworkpolicyDisallowAllowAllIngress,
    kubernetesCoreV1ServiceEnforceMetallbLoadbalancer,
    kubernetesCoreV1ServiceDisallowNodeport,
    kubernetesCoreV1ServiceDisallowExternalIps,
    kubernetesGatewayV1GatewayMissingTlsCertificate,
    kubernetesGatewayV1HttprouteDisallowPlaintextHttp,
    kubernetesNetworkingV1IngressMissingTls,
];
