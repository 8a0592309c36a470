export { change } from "../../../helpers/policy";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

export function cannotRun(path: string): string {
    return `can't run policy during preview: string value at .${path} can't be known during preview`;
}

/** cert-manager as the network component installs it: Chart v4, pinned, from its upstream repository. */
export function certManager(): HarnessResource {
    return fixture(K8sType.chartV4, "cert-manager", {
        name: "cert-manager",
        namespace: "cert-manager",
        chart: "cert-manager",
        version: "v1.16.2",
        repositoryOpts: { repo: "https://charts.jetstack.io" },
        values: { crds: { enabled: true }, image: { tag: "v1.16.2" }, webhook: { image: { tag: "" } } },
    });
}

/** Envoy Gateway from its OCI chart reference. */
export function envoyGateway(): HarnessResource {
    return fixture(K8sType.chartV4, "envoy-gateway", {
        name: "envoy-gateway",
        namespace: "envoy-gateway-system",
        chart: "oci://docker.io/envoyproxy/gateway-helm",
        version: "1.2.4",
    });
}

/** A release of a chart no pin declares. */
export function unpinnedOperator(): HarnessResource {
    return fixture(K8sType.releaseV3, "acme-operator", {
        name: "acme-operator",
        chart: "acme-operator",
        version: "0.36.0",
        repositoryOpts: { repo: "https://charts.acme.example/acme-operator" },
        values: { image: { repository: "registry.acme.example/acme-operator", tag: "0.36.0" } },
    });
}

export function charts(): HarnessResource[] {
    return [certManager(), envoyGateway(), unpinnedOperator()];
}

/** Requests and a memory limit, as every declared chart container must set them. */
function resources(): Record<string, unknown> {
    return { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } };
}

/** The three pinned charts with resources at every declared container's path, MetalLB in layer 2 mode. */
export function pinnedCharts(): HarnessResource[] {
    return [
        fixture(K8sType.chartV4, "metallb", {
            name: "metallb",
            chart: "metallb",
            version: "0.16.1",
            values: {
                frrk8s: { enabled: false },
                controller: { resources: resources() },
                speaker: { resources: resources() },
            },
        }),
        fixture(K8sType.chartV4, "cert-manager", {
            name: "cert-manager",
            chart: "cert-manager",
            version: "v1.21.3",
            values: {
                resources: resources(),
                webhook: { resources: resources() },
                cainjector: { resources: resources() },
                startupapicheck: { resources: resources() },
            },
        }),
        fixture(K8sType.chartV4, "envoy-gateway", {
            name: "envoy-gateway",
            chart: "oci://docker.io/envoyproxy/gateway-helm",
            version: "v1.9.3",
            values: {
                deployment: { envoyGateway: { resources: resources() } },
                certgen: { job: { resources: resources() } },
            },
        }),
    ];
}
