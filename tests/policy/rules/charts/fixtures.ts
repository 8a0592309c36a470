export { change } from "../../../helpers/policy";
import { K8sType } from "../../../../policy/lib/resources";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";

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

/** mariadb-operator as a v3 Release (its chart installs CRDs through hooks). */
export function mariadbOperator(): HarnessResource {
    return fixture(K8sType.releaseV3, "mariadb-operator", {
        name: "mariadb-operator",
        chart: "mariadb-operator",
        version: "0.36.0",
        repositoryOpts: { repo: "https://helm.mariadb.com/mariadb-operator" },
        values: { image: { repository: "docker-registry1.mariadb.com/mariadb-operator", tag: "0.36.0" } },
    });
}

export function charts(): HarnessResource[] {
    return [certManager(), envoyGateway(), mariadbOperator()];
}
