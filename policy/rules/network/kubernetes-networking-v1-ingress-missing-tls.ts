import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { qualifiedName } from "../../lib/network-selectors";
import type { Props } from "../../lib/resources";

/** Whether a TLS host entry covers a rule host; `*.example.com` covers exactly one more label. */
function covers(tlsHost: string, host: string): boolean {
    if (tlsHost.startsWith("*.")) {
        const suffix = tlsHost.slice(1);
        return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".") && host.length > suffix.length;
    }
    return tlsHost === host;
}

/**
 * Every host an Ingress serves must be listed in one of its spec.tls entries. A rule without a host (or a
 * defaultBackend) answers any host, so it needs a TLS entry that names no hosts (the controller's default).
 */
export const kubernetesNetworkingV1IngressMissingTls: PlatformResourcePolicy = {
    name: "kubernetes-networking-v1-ingress-missing-tls",
    description: "Every host an Ingress serves is covered by one of its TLS entries.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Prefer an HTTPRoute on the shared Gateway; otherwise list each host under spec.tls with a certificate Secret from cert-manager.",
    validateResource: validateResourceOfType(k8s.networking.v1.Ingress, (ingress, _args, report) => {
        const props = ingress as Props;
        const tls: Props[] = props.spec?.tls ?? [];
        const tlsHosts = tls.flatMap((t) => (t.hosts ?? []) as string[]);
        const catchAll = tls.some((t) => (t.hosts ?? []).length === 0);
        const hosts: (string | undefined)[] = ((props.spec?.rules ?? []) as Props[]).map((r) => r.host);
        if (props.spec?.defaultBackend !== undefined) {
            hosts.push(undefined);
        }
        const uncovered = new Set<string>();
        for (const host of hosts) {
            if (host === undefined ? !catchAll : !catchAll && !tlsHosts.some((t) => covers(t, host))) {
                uncovered.add(host ?? "*");
            }
        }
        for (const host of uncovered) {
            report(`Ingress "${qualifiedName(props)}" serves host "${host}" without TLS`);
        }
    }),
};
