import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartArgs, chartSource } from "../lib/helm";
import { GATEWAY_ACCESS_LABEL, platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";
import { CHARTS } from "../../contract/versions";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import { CERT_MANAGER_API, certificateSpec } from "./cert-manager-manifests";
import {
    certificateRole,
    ENVOY_GATEWAY_API,
    envoyGatewayValues,
    envoyProxySpec,
    GATEWAY_API,
    gatewayClassSpec,
    gatewayProxyEndpoint,
    gatewaySpec,
    httpsRedirectRouteSpec,
    listenerName,
    tlsSecretName,
    type GatewayRef,
} from "./gateway-manifests";
import { SYSTEM_BUDGETS } from "./namespaces";
import type { SystemBudget } from "../tenancy/manifests";
import { NetworkNamespace } from "../../contract/namespaces";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

/** The Gateway object's name (and its GatewayClass's and EnvoyProxy's) unless args say otherwise. */
export const DEFAULT_GATEWAY_NAME = "platform";

export interface SharedGatewayArgs {
    /** The LoadBalancer address, taken from a MetalLB pool. */
    address: string;
    /** The MetalLB IPAddressPool that holds `address`. */
    addressPool: string;
    /** Hostnames served over HTTPS; one listener and one certificate each. */
    hostnames: readonly string[];
    /** The ClusterIssuer that signs the listeners' certificates. */
    issuer: string;
    /** Resources that must exist before Certificates are created (the cert-manager component). @default [] */
    issuerDependencies?: pulumi.Resource[];
    /** Envoy proxy replicas; 2 or more adds a PodDisruptionBudget. @default 1 */
    replicas?: number;
    /** Name of the Gateway object (and of its GatewayClass and EnvoyProxy). @default "platform" */
    gatewayName?: string;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /**
     * Mirror the chart is pulled from, as `oci://<chartMirror>/charts/<chart>`; set it for air-gapped clusters.
     * @default undefined (the upstream repository)
     */
    chartMirror?: string;
    /** Quota and limits of envoy-gateway-system. @default SYSTEM_BUDGETS["envoy-gateway-system"] */
    controllerBudget?: SystemBudget;
    /** Quota and limits of the Gateway's namespace. @default SYSTEM_BUDGETS["gateway-system"] */
    gatewayBudget?: SystemBudget;
}

/**
 * Envoy Gateway (which also installs the Gateway API CRDs), a GatewayClass whose EnvoyProxy asks MetalLB for the
 * configured address, and one shared Gateway in its own namespace: HTTP only redirects to HTTPS, and each hostname
 * gets an HTTPS listener with a certificate from the stack's issuer.
 */
export class SharedGateway extends pulumi.ComponentResource {
    public readonly address: string;
    public readonly hostnames: string[];
    /** What routes and flows need to reach this Gateway. */
    public readonly ref: GatewayRef;
    /** The governed namespaces by name; flows into each need only its entry, not the chart (which needs the flows). */
    public readonly namespaces: NamespaceResources;

    constructor(name: string, args: SharedGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:SharedGateway", name, {}, opts);
        const problem = sharedGatewayArgsProblem(args);
        if (problem !== undefined) {
            throw new pulumi.ResourceError(`SharedGateway: ${problem}`, this);
        }
        const replicas = args.replicas ?? 1;
        const gatewayName = args.gatewayName ?? DEFAULT_GATEWAY_NAME;
        const controllerBudget = args.controllerBudget ?? SYSTEM_BUDGETS[NetworkNamespace.envoyGateway];
        const gatewayBudget = args.gatewayBudget ?? SYSTEM_BUDGETS[NetworkNamespace.gateway];
        const controllerNs = new GovernedNamespace(
            NetworkNamespace.envoyGateway,
            { quota: controllerBudget.quota, limits: controllerBudget.limits },
            { parent: this },
        );
        const gatewayNs = new GovernedNamespace(
            NetworkNamespace.gateway,
            { quota: gatewayBudget.quota, limits: gatewayBudget.limits },
            { parent: this },
        );
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(
                chartSource(CHARTS.envoyGateway, args.chartMirror),
                controllerNs.namespace,
                envoyGatewayValues(args.registryMirror),
            ),
            { parent: this, dependsOn: [controllerNs], transforms: [chartPodDefaults(PriorityClassName.platform)] },
        );
        const cr = (
            role: string,
            apiVersion: string,
            kind: string,
            metadata: Record<string, unknown>,
            spec: Record<string, unknown>,
            dependsOn: pulumi.Resource[],
        ) =>
            new k8s.apiextensions.CustomResource(
                childName(name, role),
                { apiVersion, kind, metadata: { ...metadata, labels: platformLabels() }, spec },
                { parent: this, dependsOn: [chart, ...dependsOn] },
            );
        const proxy = cr(
            "envoy-proxy",
            ENVOY_GATEWAY_API,
            "EnvoyProxy",
            { name: gatewayName, namespace: controllerNs.namespace },
            envoyProxySpec({ address: args.address, pool: args.addressPool, replicas, mirror: args.registryMirror }),
            [],
        );
        const gatewayClass = cr(
            "class",
            GATEWAY_API,
            "GatewayClass",
            { name: gatewayName },
            gatewayClassSpec({ name: gatewayName, namespace: NetworkNamespace.envoyGateway }),
            [proxy],
        );
        const certificates = args.hostnames.map(
            (hostname) =>
                new k8s.apiextensions.CustomResource(
                    childName(name, certificateRole(hostname)),
                    {
                        apiVersion: CERT_MANAGER_API,
                        kind: "Certificate",
                        metadata: {
                            name: tlsSecretName(hostname),
                            namespace: gatewayNs.namespace,
                            labels: platformLabels(),
                        },
                        spec: certificateSpec(hostname, tlsSecretName(hostname), args.issuer),
                    },
                    { parent: this, dependsOn: [gatewayNs, ...(args.issuerDependencies ?? [])] },
                ),
        );
        const gateway = cr(
            "gateway",
            GATEWAY_API,
            "Gateway",
            { name: gatewayName, namespace: gatewayNs.namespace },
            gatewaySpec({ className: gatewayName, hostnames: args.hostnames, accessLabel: GATEWAY_ACCESS_LABEL }),
            [gatewayClass, gatewayNs, ...certificates],
        );
        cr(
            "https-redirect",
            GATEWAY_API,
            "HTTPRoute",
            { name: "https-redirect", namespace: gatewayNs.namespace },
            httpsRedirectRouteSpec(gatewayName, NetworkNamespace.gateway),
            [gateway],
        );
        this.address = args.address;
        this.namespaces = new Map([
            [NetworkNamespace.envoyGateway, controllerNs],
            [NetworkNamespace.gateway, gatewayNs],
        ]);
        this.hostnames = [...args.hostnames];
        this.ref = {
            name: gatewayName,
            namespace: NetworkNamespace.gateway,
            listeners: Object.fromEntries(args.hostnames.map((h) => [h, listenerName(h)])),
            proxy: gatewayProxyEndpoint(gatewayName),
        };
        this.registerOutputs({ address: this.address, hostnames: this.hostnames, gateway: gatewayName });
    }
}

/** Why the args cannot work, or undefined. */
export function sharedGatewayArgsProblem(args: SharedGatewayArgs): string | undefined {
    const replicas = args.replicas ?? 1;
    if (args.hostnames.length === 0) {
        return "args.hostnames must name at least one hostname";
    }
    if (!Number.isInteger(replicas) || replicas < 1) {
        return `args.replicas must be a positive integer, got ${replicas}`;
    }
    return undefined;
}
