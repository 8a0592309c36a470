import { CHARTS, withMirroredImages } from "../../contract/versions";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

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

/**
 * Requests and limits of every container MetalLB 0.16 runs (see CHARTS.metallb.containers). The controller and
 * speaker limits are the chart's own commented suggestion (100m / 100Mi); frr-k8s's controller requests are its
 * upstream manifests' (10m / 64Mi). Every request meets the system LimitRange minimum (10m / 16Mi), and each
 * container names a cpu limit because that LimitRange bounds cpu (it would inject its 500m default otherwise).
 */
export const METALLB_RESOURCES = {
    controller: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "100Mi" } },
    speaker: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "100Mi" } },
    /** frr-k8s's controller on every node, and its status cleaner (the chart gives both one resources block). */
    frrK8s: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
    /** bgpd, zebra and friends; room for the routes a few peers send. */
    frr: { requests: { cpu: "20m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    /** Runs frr-reload.py (Python) on each configuration change. */
    reloader: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "50m", memory: "64Mi" } },
    frrMetrics: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "50m", memory: "64Mi" } },
    frrStatus: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "50m", memory: "64Mi" } },
} as const;

/**
 * Helm values for the metallb chart: CRDs on, explicit resources for every container, images through the mirror
 * when set (the tags stay the chart version's). BGP runs on frr-k8s, MetalLB's default backend from 0.16; layer 2
 * needs no FRR at all, so the frr-k8s subchart is off there. The deprecated FRR mode stays off (the chart rejects it
 * together with frr-k8s).
 */
export function metallbValues(options: { readonly bgp: boolean; readonly mirror?: string }): Record<string, unknown> {
    const r = METALLB_RESOURCES;
    const values = {
        crds: { enabled: true },
        frrk8s: { enabled: options.bgp },
        // The chart's pod securityContext (non-root, uid 65534) merged with the runtime's default seccomp profile,
        // which the restricted Pod Security Standard requires and the chart leaves unset.
        controller: {
            resources: withEphemeralStorage(r.controller),
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        },
        speaker: { resources: withEphemeralStorage(r.speaker), frr: { enabled: false } },
        ...(options.bgp
            ? {
                  "frr-k8s": {
                      frrk8s: {
                          resources: withEphemeralStorage(r.frrK8s),
                          frr: { resources: withEphemeralStorage(r.frr) },
                          reloader: { resources: withEphemeralStorage(r.reloader) },
                          frrMetrics: { resources: withEphemeralStorage(r.frrMetrics) },
                          frrStatus: { resources: withEphemeralStorage(r.frrStatus) },
                      },
                  },
              }
            : {}),
    };
    const classed = withPriorityClass(values, CHARTS.metallb, PriorityClassName.platform);
    return options.mirror === undefined ? classed : withMirroredImages(classed, CHARTS.metallb, options.mirror);
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
