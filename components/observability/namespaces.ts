import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_ACCESS_LABEL } from "../../contract/labels";
import { ObservabilityNamespace } from "../../contract/namespaces";
import { PodSecurityLevel } from "../../contract/pod-security";
import { GovernedNamespace, type NamespaceResources, type SystemBudget } from "../tenancy";

export interface ObservabilityNamespacesArgs {
    /** Budget of `monitoring` (restricted; routes from the shared Gateway may attach there, for Grafana). */
    monitoring: SystemBudget;
    /** Budget of `node-exporter` (privileged: host network, PID and root file system). */
    nodeExporter: SystemBudget;
    /** Budget of `log-agents` (privileged: hostPath), when Alloy tails the nodes' files. @default none */
    logAgents?: SystemBudget;
}

/**
 * The observability area's governed namespaces, each sized to what runs in it: `monitoring` restricted, and the
 * privileged ones holding nothing but their host-level agent.
 */
export class ObservabilityNamespaces extends pulumi.ComponentResource {
    /** Each namespace by name; flows into one wait for its entry only. */
    public readonly namespaces: NamespaceResources;
    public readonly monitoring: GovernedNamespace;
    public readonly nodeExporter: GovernedNamespace;
    public readonly logAgents?: GovernedNamespace;

    constructor(name: string, args: ObservabilityNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ObservabilityNamespaces", name, {}, opts);
        const child = { parent: this };
        this.monitoring = new GovernedNamespace(
            ObservabilityNamespace.monitoring,
            {
                podSecurity: PodSecurityLevel.restricted,
                ...args.monitoring,
                labels: { [GATEWAY_ACCESS_LABEL]: "true" },
            },
            child,
        );
        this.nodeExporter = new GovernedNamespace(
            ObservabilityNamespace.nodeExporter,
            { podSecurity: PodSecurityLevel.privileged, ...args.nodeExporter },
            child,
        );
        this.logAgents = args.logAgents
            ? new GovernedNamespace(
                  ObservabilityNamespace.logAgents,
                  { podSecurity: PodSecurityLevel.privileged, ...args.logAgents },
                  child,
              )
            : undefined;
        this.namespaces = new Map<string, pulumi.Resource>([
            [ObservabilityNamespace.monitoring, this.monitoring],
            [ObservabilityNamespace.nodeExporter, this.nodeExporter],
            ...(this.logAgents ? [[ObservabilityNamespace.logAgents, this.logAgents] as const] : []),
        ]);
        this.registerOutputs({ namespaces: [...this.namespaces.keys()] });
    }
}
