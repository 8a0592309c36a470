import { CHARTS, withMirroredImages } from "../../contract/versions";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

export const CERT_MANAGER_API = "cert-manager.io/v1";

/** The ClusterIssuers the platform creates, by role. */
export const IssuerName = {
    selfSigned: "selfsigned-root",
    internalCa: "internal-ca",
    letsEncryptStaging: "letsencrypt-staging",
    letsEncryptProd: "letsencrypt-prod",
} as const;
export type IssuerName = (typeof IssuerName)[keyof typeof IssuerName];

export const ACME_SERVERS = {
    [IssuerName.letsEncryptStaging]: "https://acme-staging-v02.api.letsencrypt.org/directory",
    [IssuerName.letsEncryptProd]: "https://acme-v02.api.letsencrypt.org/directory",
} as const;

export const AcmeChallenge = { http01: "http01", dns01: "dns01" } as const;
export type AcmeChallenge = (typeof AcmeChallenge)[keyof typeof AcmeChallenge];

export const Dns01Provider = { route53: "route53", cloudflare: "cloudflare", rfc2136: "rfc2136" } as const;
export type Dns01Provider = (typeof Dns01Provider)[keyof typeof Dns01Provider];

/** DNS-01 provider settings; the credential itself travels separately, as a secret. */
export type Dns01Settings =
    | {
          readonly provider: "route53";
          readonly region: string;
          readonly accessKeyId: string;
          readonly hostedZoneId?: string;
      }
    | { readonly provider: "cloudflare" }
    | {
          readonly provider: "rfc2136";
          readonly nameserver: string;
          readonly tsigKeyName: string;
          readonly tsigAlgorithm: string;
      };

/** Where an HTTP-01 solver route attaches: the shared Gateway's plain-HTTP listener. */
export interface GatewayParent {
    readonly name: string;
    readonly namespace: string;
    readonly sectionName: string;
}

export type AcmeSolverSettings =
    | { readonly challenge: "http01"; readonly gateway: GatewayParent }
    | { readonly challenge: "dns01"; readonly dns01: Dns01Settings; readonly credentialSecret: string };

/** The key the DNS-01 credential is stored under in its Secret. */
export const DNS01_SECRET_KEY = "credential";

/**
 * Requests and limits of every container the chart runs (see CHARTS.certManager.containers): the chart's own
 * example requests (10m / 32Mi), with more memory for the controller and cainjector, whose caches grow with the
 * certificates and webhooks they watch. A cpu limit on each, because the system LimitRange bounds cpu.
 */
export const CERT_MANAGER_RESOURCES = {
    controller: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    webhook: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    cainjector: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "256Mi" } },
    startupapicheck: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
} as const;

/**
 * ACME HTTP-01 solver pods, which cert-manager creates next to each Challenge (the Gateway's namespace): the
 * chart has no resources value for them, the controller's configuration does. These are cert-manager's defaults,
 * stated so the footprint is declared rather than implied.
 */
export const ACME_SOLVER_RESOURCES = {
    solverResourceRequestCPU: "10m",
    solverResourceRequestMemory: "64Mi",
    solverResourceLimitsCPU: "100m",
    solverResourceLimitsMemory: "64Mi",
} as const;

/**
 * Helm values for cert-manager: CRDs with the chart (kept on uninstall), Gateway API support (the HTTP-01
 * gatewayHTTPRoute solver needs it; `gatewayAPI.enabled` replaces the deprecated `enableGatewayAPI`), explicit
 * resources for every container and for the solver pods, images through the mirror when set.
 */
export function certManagerValues(mirror?: string): Record<string, unknown> {
    const r = CERT_MANAGER_RESOURCES;
    const values = {
        crds: { enabled: true, keep: true },
        config: {
            apiVersion: "controller.config.cert-manager.io/v1alpha1",
            kind: "ControllerConfiguration",
            gatewayAPI: { enabled: true },
            acmeHTTP01Config: ACME_SOLVER_RESOURCES,
        },
        resources: withEphemeralStorage(r.controller),
        webhook: { resources: withEphemeralStorage(r.webhook) },
        cainjector: { resources: withEphemeralStorage(r.cainjector) },
        startupapicheck: { resources: withEphemeralStorage(r.startupapicheck) },
    };
    const classed = withPriorityClass(values, CHARTS.certManager, PriorityClassName.platform);
    return mirror === undefined ? classed : withMirroredImages(classed, CHARTS.certManager, mirror);
}

export function selfSignedIssuerSpec(): Record<string, unknown> {
    return { selfSigned: {} };
}

/** The internal root CA: a long-lived CA certificate signed by the self-signed issuer. */
export function caCertificateSpec(secretName: string, commonName: string): Record<string, unknown> {
    return {
        isCA: true,
        commonName,
        secretName,
        duration: "87600h",
        renewBefore: "720h",
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        issuerRef: { name: IssuerName.selfSigned, kind: "ClusterIssuer", group: "cert-manager.io" },
    };
}

export function caIssuerSpec(secretName: string): Record<string, unknown> {
    return { ca: { secretName } };
}

function dns01Solver(settings: Dns01Settings, secret: string): Record<string, unknown> {
    const ref = { name: secret, key: DNS01_SECRET_KEY };
    switch (settings.provider) {
        case "route53":
            return {
                route53: {
                    region: settings.region,
                    accessKeyID: settings.accessKeyId,
                    secretAccessKeySecretRef: ref,
                    ...(settings.hostedZoneId === undefined ? {} : { hostedZoneID: settings.hostedZoneId }),
                },
            };
        case "cloudflare":
            return { cloudflare: { apiTokenSecretRef: ref } };
        case "rfc2136":
            return {
                rfc2136: {
                    nameserver: settings.nameserver,
                    tsigKeyName: settings.tsigKeyName,
                    tsigAlgorithm: settings.tsigAlgorithm,
                    tsigSecretSecretRef: ref,
                },
            };
    }
}

/** An ACME ClusterIssuer: account key in `<issuer>-account-key`, one solver for every name. */
export function acmeIssuerSpec(
    issuer: typeof IssuerName.letsEncryptStaging | typeof IssuerName.letsEncryptProd,
    email: string,
    solver: AcmeSolverSettings,
): Record<string, unknown> {
    const solverSpec =
        solver.challenge === AcmeChallenge.http01
            ? {
                  http01: {
                      gatewayHTTPRoute: {
                          parentRefs: [
                              {
                                  group: "gateway.networking.k8s.io",
                                  kind: "Gateway",
                                  name: solver.gateway.name,
                                  namespace: solver.gateway.namespace,
                                  sectionName: solver.gateway.sectionName,
                              },
                          ],
                      },
                  },
              }
            : { dns01: dns01Solver(solver.dns01, solver.credentialSecret) };
    return {
        acme: {
            server: ACME_SERVERS[issuer],
            email,
            privateKeySecretRef: { name: `${issuer}-account-key` },
            solvers: [solverSpec],
        },
    };
}

/** A serving certificate for one hostname, stored in `secretName` next to the Gateway that uses it. */
export function certificateSpec(hostname: string, secretName: string, issuer: string): Record<string, unknown> {
    return {
        secretName,
        dnsNames: [hostname],
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        usages: ["server auth", "digital signature", "key encipherment"],
        issuerRef: { name: issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
    };
}
