import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FLOW_ANNOTATION, platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";
import type { NamespaceResources } from "../tenancy/governed-namespace";
import { allFlowPolicies, type Flow, type FlowPolicy } from "./flows";

export interface NetworkFlowsArgs {
    /** The flows to open on top of every namespace's default deny. */
    flows: readonly Flow[];
    /**
     * The default-deny namespaces, each with the resource that creates it: only these get policies (flows ending
     * elsewhere get only their other side), and each policy depends on its own namespace's resource alone.
     */
    namespaces: NamespaceResources;
}

/**
 * Turns a declared list of flows into NetworkPolicies: ingress on the destination side, egress on the source side.
 * Each policy waits for the namespace it is written into and nothing else, so it never waits for the charts whose
 * pods need it to become ready.
 */
export class NetworkFlows extends pulumi.ComponentResource {
    /** `namespace/name` of every policy created. */
    public readonly policies: string[];

    constructor(name: string, args: NetworkFlowsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:NetworkFlows", name, {}, opts);
        const duplicate = duplicateFlowName(args.flows);
        if (duplicate !== undefined) {
            throw new pulumi.ResourceError(`NetworkFlows ${name}: flow name ${duplicate} is used twice`, this);
        }
        const policies = allFlowPolicies(args.flows, new Set(args.namespaces.keys()));
        for (const policy of policies) {
            new k8s.networking.v1.NetworkPolicy(
                childName(name, flowPolicyRole(policy)),
                {
                    metadata: {
                        name: policy.name,
                        namespace: policy.namespace,
                        labels: platformLabels(),
                        annotations: { [FLOW_ANNOTATION]: `${policy.flow} (${policy.direction})` },
                    },
                    spec: policy.spec,
                },
                { parent: this, dependsOn: args.namespaces.get(policy.namespace) },
            );
        }
        this.policies = policies.map((p) => `${p.namespace}/${p.name}`);
        this.registerOutputs({ policies: this.policies });
    }
}

/** The Pulumi name of a flow's NetworkPolicy under its NetworkFlows, after the component's name. */
export function flowPolicyRole(policy: FlowPolicy): string {
    return `${policy.namespace}-${policy.name}`;
}

/** The first flow name used twice (policy names derive from it, so it must be unique), or undefined. */
export function duplicateFlowName(flows: readonly Flow[]): string | undefined {
    const seen = new Set<string>();
    for (const flow of flows) {
        if (seen.has(flow.name)) {
            return flow.name;
        }
        seen.add(flow.name);
    }
    return undefined;
}
