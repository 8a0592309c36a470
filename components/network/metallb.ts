import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartArgs, chartSource } from "../lib/helm";
import { platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";
import { PodSecurityLevel } from "../../contract/pod-security";
import { CHARTS } from "../../contract/versions";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import {
    bgpAdvertisementSpec,
    bgpPeerSpec,
    ipAddressPoolSpec,
    l2AdvertisementSpec,
    metallbValues,
    strictArpScript,
    type BgpSettings,
    type LbPool,
} from "./metallb-manifests";
import { metallbBudget } from "./namespaces";
import type { SystemBudget } from "../tenancy/manifests";
import { NetworkNamespace } from "../../contract/namespaces";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

export const METALLB_API = { v1beta1: "metallb.io/v1beta1", v1beta2: "metallb.io/v1beta2" } as const;

export interface MetalLbArgs {
    /** Address pools LoadBalancer Services draw from; at least one. */
    pools: readonly LbPool[];
    /** Announce the pools over BGP to these peers instead of layer 2 ARP. @default undefined (layer 2) */
    bgp?: BgpSettings;
    /**
     * Set kube-proxy's `strictARP: true` (and restart kube-proxy) with kubectl from where Pulumi runs; needed when
     * kube-proxy runs in IPVS mode. Uses the ambient kubeconfig and context. @default false
     */
    strictArp?: boolean;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /**
     * Mirror the chart is pulled from, as `oci://<chartMirror>/charts/<chart>`; set it for air-gapped clusters.
     * @default undefined (the upstream repository)
     */
    chartMirror?: string;
    /** Nodes in the cluster (a speaker runs on each); sizes the default budget. @default 8 */
    nodeCount?: number;
    /** Quota and limits of metallb-system. @default metallbBudget(nodeCount, BGP in use) */
    budget?: SystemBudget;
}

/**
 * MetalLB in `metallb-system` (privileged: the speaker needs host networking and raw sockets), its address pools,
 * and their layer 2 or BGP announcement. Custom resources wait for the chart that installs their CRDs.
 */
export class MetalLb extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    /** Pool names, in config order. */
    public readonly pools: string[];
    /** `l2` or `bgp`. */
    public readonly mode: "l2" | "bgp";
    /** The governed namespace by name; flows into it need only this, not the chart (which needs the flows). */
    public readonly namespaces: NamespaceResources;

    constructor(name: string, args: MetalLbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:MetalLb", name, {}, opts);
        const problem = metalLbArgsProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`MetalLb ${name}: ${problem}`, this);
        }
        const budget = args.budget ?? metallbBudget(args.nodeCount ?? 8, args.bgp !== undefined);
        const ns = new GovernedNamespace(
            NetworkNamespace.metallb,
            { podSecurity: PodSecurityLevel.privileged, quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const namespace = ns.namespace;
        const prerequisites: pulumi.Resource[] = [];
        if (args.strictArp ?? false) {
            prerequisites.push(
                new command.local.Command(
                    childName(name, "strict-arp"),
                    {
                        create: strictArpScript(true),
                        // Removing the command (kube-proxy back to iptables) restores the kube-proxy default.
                        delete: strictArpScript(false),
                        // Re-run only when the script (and so the wanted setting) changes.
                        triggers: [strictArpScript(true)],
                    },
                    { parent: this, deleteBeforeReplace: true },
                ),
            );
        }
        const bgp = args.bgp !== undefined;
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(
                chartSource(CHARTS.metallb, args.chartMirror),
                namespace,
                metallbValues({ bgp, mirror: args.registryMirror }),
            ),
            {
                parent: this,
                dependsOn: [ns, ...prerequisites],
                transforms: [chartPodDefaults(PriorityClassName.platform)],
            },
        );
        const cr = (
            apiVersion: string,
            kind: string,
            role: string,
            objectName: string,
            spec: Record<string, unknown>,
        ) =>
            new k8s.apiextensions.CustomResource(
                childName(name, role),
                { apiVersion, kind, metadata: { name: objectName, namespace, labels: platformLabels() }, spec },
                { parent: this, dependsOn: [chart] },
            );
        for (const pool of args.pools) {
            cr(METALLB_API.v1beta1, "IPAddressPool", `pool-${pool.name}`, pool.name, ipAddressPoolSpec(pool));
        }
        const poolNames = args.pools.map((p) => p.name);
        if (args.bgp) {
            cr(METALLB_API.v1beta1, "BGPAdvertisement", "bgp", "platform", bgpAdvertisementSpec(poolNames));
            for (const peer of args.bgp.peers) {
                cr(
                    METALLB_API.v1beta2,
                    "BGPPeer",
                    `peer-${peer.name}`,
                    peer.name,
                    bgpPeerSpec(args.bgp.localAsn, peer),
                );
            }
        } else {
            cr(METALLB_API.v1beta1, "L2Advertisement", "l2", "platform", l2AdvertisementSpec(poolNames));
        }
        this.namespace = namespace;
        this.namespaces = new Map([[NetworkNamespace.metallb, ns]]);
        this.pools = poolNames;
        this.mode = bgp ? "bgp" : "l2";
        this.registerOutputs({ namespace, pools: poolNames, mode: this.mode });
    }
}

/** Why the args cannot work, or undefined. */
export function metalLbArgsProblem(args: MetalLbArgs): string | undefined {
    if (args.pools.length === 0) {
        return "args.pools must name at least one pool";
    }
    if (args.bgp && args.bgp.peers.length === 0) {
        return "args.bgp.peers must name at least one peer";
    }
    return undefined;
}
