// Grafana as kube-prometheus-stack's subchart (grafana 12.11.1, values under `grafana.`): its admin from our own
// Secret, dashboards from labelled ConfigMaps in every namespace, the Prometheus, Alertmanager and Loki datasources,
// and its Service, which an HTTPRoute on the shared Gateway exposes.
import type { ContainerResources } from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";

/** The Secret Grafana's admin comes from (`grafana.admin.existingSecret`), in the stack's namespace. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Its keys (`grafana.admin.userKey` / `passwordKey`); the sidecars log in with the same two. */
export const GRAFANA_ADMIN_USER_KEY = "admin-user";
export const GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";
/** The admin's login name. */
export const GRAFANA_ADMIN_USER = "admin";

/** The label and value of ConfigMaps the dashboard sidecar loads, from every namespace. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

/** Datasource uids dashboards and alert rules refer to. */
export const GRAFANA_DATASOURCE_UIDS = {
    prometheus: "prometheus",
    alertmanager: "alertmanager",
    loki: "loki",
} as const;

/** The non-root user of the Grafana image (uid and gid 472), the chart's default. */
const GRAFANA_UID = 472;

/** What the Grafana values depend on. */
export interface GrafanaSettings {
    /** The public hostname Grafana is served on (behind the Gateway, over HTTPS). */
    readonly hostname: string;
    readonly resources: ContainerResources;
    /** Requests and limits shared by the dashboard and datasource sidecars. */
    readonly sidecarResources: ContainerResources;
    /** Loki's query URL, e.g. `http://loki.monitoring.svc.cluster.local:3100`; no Loki datasource without it. */
    readonly lokiUrl?: string;
}

/** The URL Grafana is reached at. */
export function grafanaUrl(hostname: string): string {
    return `https://${hostname}/`;
}

/**
 * The `grafana` values: one replica without persistence (dashboards come from ConfigMaps, the admin from the
 * Secret; users and preferences kept in SQLite are lost on restart); admin from GRAFANA_ADMIN_SECRET, so the chart
 * neither renders its own Secret nor generates a password; the dashboard sidecar loading ConfigMaps labelled
 * `grafana_dashboard: "1"` from every namespace; the kube-prometheus-stack Prometheus (default) and Alertmanager
 * datasources, and Loki through `additionalDataSources`; no Ingress (an HTTPRoute exposes it); its public URL and no
 * update checks or usage reporting through `env` (Grafana's environment overrides grafana.ini); the restricted
 * security settings explicitly; the helm-test pod and init-chown-data off.
 */
export function grafanaValues(settings: GrafanaSettings): Record<string, unknown> {
    const loki =
        settings.lokiUrl === undefined
            ? []
            : [
                  {
                      name: "Loki",
                      type: "loki",
                      uid: GRAFANA_DATASOURCE_UIDS.loki,
                      access: "proxy",
                      url: settings.lokiUrl,
                      isDefault: false,
                  },
              ];
    return {
        enabled: true,
        replicas: 1,
        resources: withEphemeralStorage(settings.resources),
        admin: {
            existingSecret: GRAFANA_ADMIN_SECRET,
            userKey: GRAFANA_ADMIN_USER_KEY,
            passwordKey: GRAFANA_ADMIN_PASSWORD_KEY,
        },
        ingress: { enabled: false },
        persistence: { enabled: false },
        initChownData: { enabled: false },
        testFramework: { enabled: false },
        env: {
            GF_SERVER_ROOT_URL: grafanaUrl(settings.hostname),
            GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
            GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: "false",
            GF_ANALYTICS_REPORTING_ENABLED: "false",
        },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: GRAFANA_UID,
            runAsGroup: GRAFANA_UID,
            fsGroup: GRAFANA_UID,
        },
        containerSecurityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        sidecar: {
            resources: withEphemeralStorage(settings.sidecarResources),
            securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            dashboards: {
                enabled: true,
                label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0],
                labelValue: GRAFANA_DASHBOARD_LABEL.grafana_dashboard,
                searchNamespace: "ALL",
            },
            datasources: {
                enabled: true,
                defaultDatasourceEnabled: true,
                isDefaultDatasource: true,
                name: "Prometheus",
                uid: GRAFANA_DATASOURCE_UIDS.prometheus,
                alertmanager: { enabled: true, name: "Alertmanager", uid: GRAFANA_DATASOURCE_UIDS.alertmanager },
            },
        },
        additionalDataSources: loki,
    };
}
