import { CHART_IMAGE_REPOSITORIES, imageRepository } from "../../contract/versions";

/** A MetalLB IPAddressPool as config declares it. */
export interface LbPool {
    readonly name: string;
    /** `first-last` ranges or CIDRs. */
    readonly addresses: readonly string[];
    readonly autoAssign: boolean;
}

export interface BgpPeer {
    /** Object name suffix; a DNS label. */
    readonly name: string;
    readonly address: string;
    readonly asn: number;
    /** @default 179 */
    readonly port?: number;
    /** BGP hold time, e.g. `90s`. @default MetalLB's (90s) */
    readonly holdTime?: string;
}

export interface BgpSettings {
    /** The cluster's AS number, spoken by every speaker. */
    readonly localAsn: number;
    readonly peers: readonly BgpPeer[];
}

const SMALL = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } };
const TINY = { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } };

/**
 * Helm values for the metallb chart: CRDs on, small explicit resources, FRR only when BGP is used, images
 * through the mirror when set (the tags stay the chart version's).
 */
export function metallbValues(options: { readonly bgp: boolean; readonly mirror?: string }): Record<string, unknown> {
    const image = (key: keyof typeof CHART_IMAGE_REPOSITORIES) =>
        options.mirror === undefined
            ? {}
            : { image: { repository: imageRepository(CHART_IMAGE_REPOSITORIES[key], options.mirror) } };
    return {
        crds: { enabled: true },
        controller: { resources: SMALL, ...image("metallbController") },
        speaker: {
            resources: SMALL,
            ...image("metallbSpeaker"),
            frr: { enabled: options.bgp, ...(options.bgp ? { ...image("frr"), resources: SMALL } : {}) },
            ...(options.bgp ? { reloader: { resources: TINY }, frrMetrics: { resources: TINY } } : {}),
        },
    };
}

export function ipAddressPoolSpec(pool: LbPool): Record<string, unknown> {
    return { addresses: [...pool.addresses], autoAssign: pool.autoAssign, avoidBuggyIPs: false };
}

/** Announces the pools over ARP from one elected node per address (layer 2 mode). */
export function l2AdvertisementSpec(pools: readonly string[]): Record<string, unknown> {
    return { ipAddressPools: [...pools] };
}

/** Announces the pools to every BGP peer. */
export function bgpAdvertisementSpec(pools: readonly string[]): Record<string, unknown> {
    return { ipAddressPools: [...pools] };
}

/** metallb.io/v1beta2 BGPPeer spec: eBGP from the cluster's AS to the peer's. */
export function bgpPeerSpec(localAsn: number, peer: BgpPeer): Record<string, unknown> {
    return {
        myASN: localAsn,
        peerASN: peer.asn,
        peerAddress: peer.address,
        ...(peer.port === undefined ? {} : { peerPort: peer.port }),
        ...(peer.holdTime === undefined ? {} : { holdTime: peer.holdTime }),
    };
}

/**
 * The script behind seed 000's set-ipvs-mode.sh, made idempotent: in IPVS mode MetalLB's layer 2 mode needs
 * kube-proxy's `strictARP: true`, else every node answers ARP for every LoadBalancer address. It rewrites the
 * ConfigMap only when the value differs, and restarts kube-proxy only then.
 */
export function strictArpScript(want: boolean): string {
    return [
        "set -eu",
        "cm=$(kubectl -n kube-system get configmap kube-proxy -o yaml)",
        `if printf '%s\\n' "$cm" | grep -Eq '^[[:space:]]*strictARP: ${want}$'; then`,
        `  echo 'kube-proxy strictARP is already ${want}'; exit 0`,
        "fi",
        `printf '%s\\n' "$cm" | sed -E 's/^([[:space:]]*strictARP:) (true|false)$/\\1 ${want}/' | kubectl apply -f -`,
        "kubectl -n kube-system rollout restart daemonset kube-proxy",
        "kubectl -n kube-system rollout status daemonset kube-proxy --timeout=300s",
    ].join("\n");
}
