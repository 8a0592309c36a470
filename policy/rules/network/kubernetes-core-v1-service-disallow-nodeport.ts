import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { qualifiedName } from "../../lib/network-selectors";
import type { Props } from "../../lib/resources";

const DEFAULTS = { allowNodePort: false };

export const kubernetesCoreV1ServiceDisallowNodeport: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-service-disallow-nodeport",
    description: "No Service is of type NodePort, which would open a port on every node around the Gateway.",
    severity: "medium",
    tags: [Topic.network],
    remediationSteps:
        "Use a ClusterIP Service and expose it with an HTTPRoute on the shared Gateway (the Workload building block's route).",
    configSchema: {
        properties: {
            allowNodePort: {
                type: "boolean",
                description: "Accept NodePort Services (a lab without MetalLB).",
                default: DEFAULTS.allowNodePort,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.core.v1.Service, (service, args, report) => {
        const { allowNodePort } = withDefaults(DEFAULTS, args.getConfig);
        const props = service as Props;
        if (allowNodePort || props.spec?.type !== "NodePort") {
            return;
        }
        const nodePorts = ((props.spec?.ports ?? []) as Props[])
            .map((p) => p.nodePort)
            .filter((p): p is number => p !== undefined);
        const ports = nodePorts.length > 0 ? ` (nodePort ${nodePorts.join(", ")})` : "";
        report(`Service "${qualifiedName(props)}" is type NodePort${ports}, which opens a port on every node`);
    }),
};
