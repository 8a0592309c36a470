import * as fs from "node:fs";
import * as path from "node:path";
import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture, inventoryConfigMap } from "../../../helpers/policy";
import { chartArgs, chartSource } from "../../../../components/lib/helm";
import { certManagerValues } from "../../../../components/network/cert-manager-manifests";
import {
    ENVOY_GATEWAY_API,
    envoyGatewayValues,
    envoyProxySpec,
} from "../../../../components/network/gateway-manifests";
import { metallbValues } from "../../../../components/network/metallb-manifests";
import { inventoryData } from "../../../../contract/inventory";
import { K8sType } from "../../../../contract/k8s-types";
import { NetworkNamespace } from "../../../../contract/namespaces";
import { CHARTS } from "../../../../contract/versions";
import { ROOT } from "../../../../tools/render/render";

/** The mirror Pulumi.prod.yaml declares (platform:registry.mirror), which prod.json allows. */
export const PROD_MIRROR = "harbor.platform.example.com/mirror";

export const ENVOY_PROXY_TYPE = `kubernetes:${ENVOY_GATEWAY_API}:EnvoyProxy`;

/** A rule's entry in a policy profile, as the CLI gets it with `--policy-pack-config`. */
export function profileEntry(stack: "stage" | "prod", policy: string): Record<string, unknown> {
    const profile = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "profiles", `${stack}.json`), "utf8"));
    return profile[policy];
}

/** The cluster inventory ConfigMap as the stack publishes it (contract/inventory), with or without a mirror. */
export function inventory(registryMirror?: string): HarnessResource {
    return inventoryConfigMap(
        inventoryData({
            nodes: [],
            capacity: { cpu: 24, memory: 48 * 2 ** 30, gpus: 0 },
            registryMirror,
            namespaces: [],
            offline: false,
            networks: [],
        }),
    );
}

function chart(name: string, args: object): HarnessResource {
    return fixture(K8sType.chartV4, name, args as Record<string, unknown>);
}

/**
 * The image sources the network area declares, from the components' own values functions: the three charts (from
 * their upstream repositories, as when registry.offline is false) and the EnvoyProxy, through `mirror` when set.
 */
export function networkImages(mirror?: string, options: { readonly bgp?: boolean } = {}): HarnessResource[] {
    return [
        inventory(mirror),
        chart(
            "metallb-chart",
            chartArgs(
                chartSource(CHARTS.metallb),
                NetworkNamespace.metallb,
                metallbValues({ bgp: options.bgp ?? false, mirror }),
            ),
        ),
        chart(
            "cert-manager-chart",
            chartArgs(chartSource(CHARTS.certManager), NetworkNamespace.certManager, certManagerValues(mirror)),
        ),
        chart(
            "gateway-chart",
            chartArgs(chartSource(CHARTS.envoyGateway), NetworkNamespace.envoyGateway, envoyGatewayValues(mirror)),
        ),
        fixture(ENVOY_PROXY_TYPE, "gateway-envoy-proxy", {
            apiVersion: ENVOY_GATEWAY_API,
            kind: "EnvoyProxy",
            metadata: { name: "platform", namespace: NetworkNamespace.envoyGateway },
            spec: envoyProxySpec({ address: "10.0.0.180", pool: "default", replicas: 2, mirror }),
        }),
    ];
}
