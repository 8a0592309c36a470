import { NetworkNamespace } from "../../contract/namespaces";
import type { SystemBudget } from "../tenancy/manifests";

function budget(requestsCpu: string, requestsMemory: string, limitsMemory: string, pods: number): SystemBudget {
    return {
        quota: {
            requestsCpu,
            requestsMemory,
            // Limits reserve nothing; generous enough that LimitRange defaults never block a rollout.
            limitsCpu: "8",
            limitsMemory,
            pods,
            services: 5,
            persistentVolumeClaims: 0,
            requestsStorage: "0",
            gpus: 0,
        },
        limits: {
            max: { cpu: "2", memory: "1Gi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "500m", memory: "256Mi" },
            defaultRequest: { cpu: "50m", memory: "64Mi" },
        },
    };
}

/**
 * metallb-system's budget: a speaker on every node (and frr-k8s's pod beside it in BGP mode) plus the controller
 * (and frr-k8s's status cleaner), each Deployment with one surge pod; the numbers are METALLB_RESOURCES summed. The
 * quota's requests count toward the cluster's promised capacity, so it is sized to what runs, not rounded up.
 */
export function metallbBudget(nodes: number, bgp: boolean): SystemBudget {
    const perNode = bgp ? { cpu: 70, memory: 288 } : { cpu: 10, memory: 64 };
    return budget(
        `${nodes * perNode.cpu + (bgp ? 40 : 20)}m`,
        `${nodes * perNode.memory + (bgp ? 256 : 128)}Mi`,
        `${nodes * (bgp ? 676 : 100) + (bgp ? 456 : 200)}Mi`,
        nodes * (bgp ? 2 : 1) + 4,
    );
}

/**
 * Quota and LimitRange of the other system namespaces, sized for the pods the charts run with their declared
 * resources (three cert-manager pods and a surge pod each, plus startupapicheck; the Envoy Gateway controller and a
 * surge pod, two proxies with their shutdown managers and a surge pod; up to four HTTP-01 solver pods in the
 * Gateway's namespace). Small, so tenants keep the cluster's capacity.
 */
export const SYSTEM_BUDGETS: Readonly<
    Record<Exclude<NetworkNamespace, typeof NetworkNamespace.metallb>, SystemBudget>
> = {
    [NetworkNamespace.certManager]: budget("70m", "352Mi", "1536Mi", 8),
    [NetworkNamespace.envoyGateway]: budget("550m", "1Gi", "3584Mi", 10),
    [NetworkNamespace.gateway]: budget("40m", "256Mi", "512Mi", 6),
};
