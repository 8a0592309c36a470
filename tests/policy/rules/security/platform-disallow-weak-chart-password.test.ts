import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformDisallowWeakChartPassword as policy } from "../../../../policy/rules/security/platform-disallow-weak-chart-password";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, changeProps } from "./fixtures";

const CHART = "kubernetes:helm.sh/v4:Chart";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * kube-prometheus-stack as the observability component installs it: Grafana's admin from an existing Secret, a
 * datasource URL without credentials and settings that only name secrets.
 */
const monitoring = fixture(CHART, "monitoring", {
    chart: "kube-prometheus-stack",
    version: "65.1.1",
    namespace: "monitoring",
    repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
    values: {
        grafana: {
            admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
            service: { loadBalancerIP: PREVIEW_UNKNOWN },
            env: { GF_AUTH_GENERIC_OAUTH_TOKEN_URL: "https://sso.example.com/token" },
            datasources: [{ name: "loki", url: "http://loki.monitoring.svc:3100" }],
        },
        prometheus: { prometheusSpec: { retention: "30d", retentionSize: "45GB", secrets: [] } },
    },
});

const DEFAULT_LEFT =
    'chart "kube-prometheus-stack" leaves values.grafana.adminPassword at its default "prom-operator"; set it or grafana.admin.existingSecret';

describe("platform-disallow-weak-chart-password", () => {
    it("passes kube-prometheus-stack with Grafana's admin in an existing Secret", async () => {
        expect(await messages(policy, [monitoring])).toEqual([]);
    });

    it("flags kube-prometheus-stack left at Grafana's default password prom-operator", async () => {
        const defaults = changeProps(monitoring, (p) => {
            delete p.values.grafana.admin;
        });
        expect(await messages(policy, [defaults])).toEqual([DEFAULT_LEFT]);
    });

    it("flags the default for a chart referenced by repo/name or OCI address", async () => {
        for (const chart of [
            "prometheus-community/kube-prometheus-stack",
            "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack",
            "./charts/kube-prometheus-stack-65.1.1.tgz",
        ]) {
            const defaults = changeProps(monitoring, (p) => {
                p.chart = chart;
                delete p.values;
            });
            expect(await messages(policy, [defaults])).toEqual([DEFAULT_LEFT]);
        }
    });

    it("flags prom-operator set explicitly in the values", async () => {
        const explicit = changeProps(monitoring, (p) => {
            p.values.grafana.adminPassword = "prom-operator";
        });
        expect(await messages(policy, [explicit])).toEqual([
            "values.grafana.adminPassword holds a well-known password",
        ]);
    });

    it("passes an empty adminPassword, with which the Grafana chart generates one", async () => {
        const generated = changeProps(monitoring, (p) => {
            delete p.values.grafana.admin;
            p.values.grafana.adminPassword = "";
        });
        expect(await messages(policy, [generated])).toEqual([]);
    });

    it("treats an empty existingSecret as unset", async () => {
        const empty = changeProps(monitoring, (p) => {
            p.values.grafana.admin.existingSecret = "";
        });
        expect(await messages(policy, [empty])).toEqual([DEFAULT_LEFT]);
    });

    it("passes Grafana's admin password set through GF_SECURITY_ADMIN_PASSWORD__FILE", async () => {
        const fromFile = changeProps(monitoring, (p) => {
            delete p.values.grafana.admin;
            p.values.grafana.env = { GF_SECURITY_ADMIN_PASSWORD__FILE: "/etc/secrets/grafana/admin-password" };
        });
        expect(await messages(policy, [fromFile])).toEqual([]);
    });

    it("passes a chart with no chart reference to match defaults against", async () => {
        const local = changeProps(monitoring, (p) => {
            delete p.chart;
            delete p.values.grafana.admin;
        });
        expect(await messages(policy, [local])).toEqual([]);
    });

    it("passes kube-prometheus-stack with Grafana disabled", async () => {
        const noGrafana = changeProps(monitoring, (p) => {
            p.values.grafana = { enabled: false };
        });
        expect(await messages(policy, [noGrafana])).toEqual([]);
    });

    it("flags well-known passwords anywhere in a Release's values, arrays included", async () => {
        const release = fixture(RELEASE, "redis", {
            chart: "redis",
            version: "20.6.0",
            values: {
                auth: { password: "changeme", existingSecretPasswordKey: "" },
                users: [{ name: "app", password: "Secret" }],
                sentinel: { enabled: true },
            },
        });
        expect(await messages(policy, [release])).toEqual([
            "values.auth.password holds a well-known password",
            "values.users[0].password holds a well-known password",
        ]);
    });

    it("flags a rootPassword the profile lists as well-known", async () => {
        const release = fixture(RELEASE, "mariadb", {
            chart: "mariadb",
            values: { auth: { rootPassword: "mariadb" } },
        });
        expect(await messages(policy, [release])).toEqual([
            "values.auth.rootPassword holds a password-like value; reference an existing Secret instead",
        ]);
        expect(await messages(policy, [release], { wellKnownPasswords: ["mariadb"] })).toEqual([
            "values.auth.rootPassword holds a well-known password",
        ]);
    });

    it("flags secrets in plain sight anywhere in the values, by name or by form, without showing them", async () => {
        const release = fixture(RELEASE, "app", {
            chart: "app",
            values: {
                auth: { password: "kT9#q2LmZx", pin: 12345678, secretKey: 12345678 },
                externalDatabase: { url: "mysql://app:hunter2@db:3306/x" },
                extraEnv: [{ name: "DB_PASS", value: "kT9#q2LmZx" }],
                args: ["--verbose", "--api-token=9f8e7d6c5b4a"],
                tls: { bundle: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n" },
                sync: { upstream: "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567" },
            },
        });
        const instead = "; reference an existing Secret instead";
        expect(await messages(policy, [release])).toEqual([
            `values.auth.password holds a password-like value${instead}`,
            `values.auth.secretKey holds a password-like value${instead}`,
            `values.externalDatabase.url holds a URL password${instead}`,
            `values.extraEnv[0].value holds a password-like value${instead}`,
            `values.args[1] holds a secret setting${instead}`,
            `values.tls.bundle holds a private key${instead}`,
            `values.sync.upstream holds a Hugging Face token${instead}`,
        ]);
    });

    it("judges a value under an unrelated key only when it is known at preview", async () => {
        const release = fixture(RELEASE, "app", {
            chart: "app",
            values: { service: { loadBalancerIP: PREVIEW_UNKNOWN }, auth: { token: "kT9#q2LmZx" } },
        });
        expect(await messages(policy, [release])).toEqual([
            "values.auth.token holds a password-like value; reference an existing Secret instead",
        ]);
    });

    it("ignores resources that are not charts", async () => {
        const configMap = { ...changeProps(monitoring, (p) => delete p.values), type: "kubernetes:core/v1:ConfigMap" };
        expect(await messages(policy, [configMap])).toEqual([]);
    });

    it("reports that it cannot run when a password value is unknown at preview", async () => {
        const unknown = changeProps(monitoring, (p) => {
            p.values.grafana.adminPassword = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [unknown])).toEqual([cannotRun("values.grafana.adminPassword")]);
    });
});
