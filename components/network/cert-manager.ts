import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartArgs, chartSource } from "../lib/helm";
import { platformLabels } from "../../contract/labels";
import { childName } from "../lib/naming";
import { CHARTS } from "../../contract/versions";
import { GovernedNamespace, type NamespaceResources } from "../tenancy/governed-namespace";
import {
    acmeIssuerSpec,
    caCertificateSpec,
    caIssuerSpec,
    CERT_MANAGER_API,
    certManagerValues,
    DNS01_SECRET_KEY,
    IssuerName,
    selfSignedIssuerSpec,
    type Dns01Settings,
    type GatewayParent,
} from "./cert-manager-manifests";
import { SYSTEM_BUDGETS } from "./namespaces";
import type { SystemBudget } from "../tenancy/manifests";
import { NetworkNamespace } from "../../contract/namespaces";
import { chartPodDefaults } from "../lib/chart-pods";
import { PriorityClassName } from "../../contract/priority-classes";

/** The Secret holding the internal CA's key pair, in cert-manager's namespace. */
export const INTERNAL_CA_SECRET = "platform-internal-ca";

export interface AcmeArgs {
    /** Account e-mail Let's Encrypt sends expiry notices to. */
    email: string;
    /** How to prove control of a name. */
    solver:
        | { challenge: "http01"; gateway: GatewayParent }
        | {
              challenge: "dns01";
              dns01: Dns01Settings;
              /** The provider credential (secret key, API token or TSIG secret); stored as a Secret. */
              credential: pulumi.Input<string>;
          };
}

export interface CertManagerArgs {
    /** Let's Encrypt staging and prod issuers; omitted means only the internal CA. @default undefined */
    acme?: AcmeArgs;
    /** Common name of the internal root CA. @default "Platform internal CA" */
    caCommonName?: string;
    /** Registry mirror the images are pulled through (`<mirror>/<registry>/<repository>`). @default undefined (upstream) */
    registryMirror?: string;
    /**
     * Mirror the chart is pulled from, as `oci://<chartMirror>/charts/<chart>`; set it for air-gapped clusters.
     * @default undefined (the upstream repository)
     */
    chartMirror?: string;
    /** Quota and limits of the cert-manager namespace. @default SYSTEM_BUDGETS["cert-manager"] */
    budget?: SystemBudget;
}

/**
 * cert-manager with its CRDs, and the ClusterIssuers: a self-signed root, an internal CA issuer built on it (for
 * stage and offline clusters), and, when ACME is configured, Let's Encrypt staging and prod issuers solving with
 * HTTP-01 through the shared Gateway or DNS-01 with the provider's credential.
 */
export class CertManager extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    /** Every ClusterIssuer created, in a stable order. */
    public readonly issuers: string[];
    /** The governed namespace by name; flows into it need only this, not the chart (which needs the flows). */
    public readonly namespaces: NamespaceResources;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:CertManager", name, {}, opts);
        if (args.acme && !args.acme.email.includes("@")) {
            throw new pulumi.ResourceError(`CertManager ${name}: args.acme.email must be an e-mail address`, this);
        }
        const budget = args.budget ?? SYSTEM_BUDGETS[NetworkNamespace.certManager];
        const ns = new GovernedNamespace(
            NetworkNamespace.certManager,
            { quota: budget.quota, limits: budget.limits },
            { parent: this },
        );
        const namespace = ns.namespace;
        const chart = new k8s.helm.v4.Chart(
            childName(name, "chart"),
            chartArgs(
                chartSource(CHARTS.certManager, args.chartMirror),
                namespace,
                certManagerValues(args.registryMirror),
            ),
            { parent: this, dependsOn: [ns], transforms: [chartPodDefaults(PriorityClassName.platform)] },
        );
        const meta = (objectName: string, namespaced: boolean) => ({
            name: objectName,
            ...(namespaced ? { namespace } : {}),
            labels: platformLabels(),
        });
        const issuer = (
            role: string,
            issuerName: string,
            spec: Record<string, unknown>,
            dependsOn: pulumi.Resource[],
        ) =>
            new k8s.apiextensions.CustomResource(
                childName(name, role),
                { apiVersion: CERT_MANAGER_API, kind: "ClusterIssuer", metadata: meta(issuerName, false), spec },
                { parent: this, dependsOn: [chart, ...dependsOn] },
            );
        const selfSigned = issuer("selfsigned", IssuerName.selfSigned, selfSignedIssuerSpec(), []);
        const caCert = new k8s.apiextensions.CustomResource(
            childName(name, "ca"),
            {
                apiVersion: CERT_MANAGER_API,
                kind: "Certificate",
                metadata: meta(INTERNAL_CA_SECRET, true),
                spec: caCertificateSpec(INTERNAL_CA_SECRET, args.caCommonName ?? "Platform internal CA"),
            },
            { parent: this, dependsOn: [chart, selfSigned] },
        );
        issuer("internal-ca", IssuerName.internalCa, caIssuerSpec(INTERNAL_CA_SECRET), [caCert]);
        const issuers: string[] = [IssuerName.selfSigned, IssuerName.internalCa];
        if (args.acme) {
            const acme = args.acme;
            const solverDeps: pulumi.Resource[] = [];
            let solver;
            if (acme.solver.challenge === "dns01") {
                const secretName = "dns01-credentials";
                solverDeps.push(
                    new k8s.core.v1.Secret(
                        childName(name, "dns01-credentials"),
                        {
                            metadata: meta(secretName, true),
                            type: "Opaque",
                            stringData: { [DNS01_SECRET_KEY]: pulumi.secret(acme.solver.credential) },
                        },
                        { parent: this, dependsOn: [ns] },
                    ),
                );
                solver = { challenge: "dns01" as const, dns01: acme.solver.dns01, credentialSecret: secretName };
            } else {
                solver = { challenge: "http01" as const, gateway: acme.solver.gateway };
            }
            for (const which of [IssuerName.letsEncryptStaging, IssuerName.letsEncryptProd] as const) {
                issuer(which, which, acmeIssuerSpec(which, acme.email, solver), solverDeps);
                issuers.push(which);
            }
        }
        this.namespace = namespace;
        this.namespaces = new Map([[NetworkNamespace.certManager, ns]]);
        this.issuers = issuers;
        this.registerOutputs({ namespace, issuers });
    }
}
