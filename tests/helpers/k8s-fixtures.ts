import { fixture } from "./policy";
import { K8sType } from "../../contract/k8s-types";

/** A compliant governed namespace: Namespace, ResourceQuota, LimitRange, default deny — as GovernedNamespace makes it. */
export function governedNamespace(ns: string) {
    return [
        fixture(K8sType.namespace, ns, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }),
        fixture(K8sType.resourceQuota, `${ns}-quota`, {
            metadata: { name: `${ns}-quota`, namespace: ns },
            spec: {
                hard: {
                    "requests.cpu": "4",
                    "requests.memory": "8Gi",
                    "limits.cpu": "8",
                    "limits.memory": "16Gi",
                    pods: "10",
                },
            },
        }),
        fixture(K8sType.limitRange, `${ns}-limits`, {
            metadata: { name: `${ns}-limits`, namespace: ns },
            spec: {
                limits: [
                    {
                        type: "Container",
                        max: { cpu: "2", memory: "4Gi" },
                        min: { cpu: "100m", memory: "128Mi" },
                        default: { cpu: "500m", memory: "1Gi" },
                        defaultRequest: { cpu: "200m", memory: "512Mi" },
                    },
                ],
            },
        }),
        fixture(K8sType.networkPolicy, `${ns}-default-deny`, {
            metadata: { name: `${ns}-default-deny`, namespace: ns },
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        }),
    ];
}

/** A compliant Deployment with one container; tests mutate one field per case. */
export function deployment(ns: string, name: string, overrides: Record<string, unknown> = {}) {
    return fixture(K8sType.deployment, name, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: ns, labels: { app: name } },
        spec: {
            selector: { matchLabels: { app: name } },
            template: {
                metadata: { labels: { app: name } },
                spec: {
                    containers: [
                        {
                            name: "app",
                            image: "registry.example.com/app:1.2.3",
                            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                        },
                    ],
                },
            },
        },
        ...overrides,
    });
}
