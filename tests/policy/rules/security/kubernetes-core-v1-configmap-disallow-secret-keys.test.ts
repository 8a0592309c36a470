import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ConfigmapDisallowSecretKeys as policy } from "../../../../policy/rules/security/kubernetes-core-v1-configmap-disallow-secret-keys";
import { fixture, messages } from "../../../helpers/policy";
import { changeProps, NS } from "./fixtures";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const PRIVATE_KEY =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
/** A Google service-account key file as `gcloud iam service-accounts keys create` writes it, shortened. */
const SERVICE_ACCOUNT = JSON.stringify({
    type: "service_account",
    project_id: "acme",
    private_key_id: "0d4e9b1ff2d6e0a3c8f1b2a4d5e6f7a8b9c0d1e2",
    private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n",
    client_email: "app@acme.iam.gserviceaccount.com",
});
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Seed 001's wordpress-env-cm without its password key: connection settings only. */
const wordpressEnv = fixture(CONFIG_MAP, "wordpress-env-cm", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "wordpress-env-cm", namespace: NS },
    data: {
        WORDPRESS_DB_HOST: "mariadb-primary.data.svc.cluster.local",
        WORDPRESS_DB_USER: "wordpress",
        WORDPRESS_DB_NAME: "wordpress",
    },
});

describe("kubernetes-core-v1-configmap-disallow-secret-keys", () => {
    it("passes a ConfigMap of connection settings", async () => {
        expect(await messages(policy, [wordpressEnv])).toEqual([]);
    });

    it("flags the seed's WORDPRESS_DB_PASSWORD in a ConfigMap", async () => {
        const seed = changeProps(wordpressEnv, (p) => {
            p.data.WORDPRESS_DB_PASSWORD = "";
        });
        expect(await messages(policy, [seed])).toEqual([
            'ConfigMap key "WORDPRESS_DB_PASSWORD" in data is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it("flags a token in binaryData", async () => {
        const binary = changeProps(wordpressEnv, (p) => {
            p.binaryData = { "registry-token": "c2VjcmV0" };
        });
        expect(await messages(policy, [binary])).toEqual([
            'ConfigMap key "registry-token" in binaryData is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it.each(["db_pass", "CREDENTIALS", "aws-access-key"])(
        "flags %s, named like a secret by one of its words",
        async (key) => {
            const named = changeProps(wordpressEnv, (p) => {
                p.data[key] = "kT9#q2LmZx";
            });
            expect(await messages(policy, [named])).toEqual([
                `ConfigMap key "${key}" in data is named like a secret; ConfigMaps are stored and shown in plain text`,
            ]);
        },
    );

    it.each([
        "AWS_SECRET_ACCESS_KEY",
        "AZURE_CLIENT_SECRET",
        "OCI_CLI_KEY_CONTENT",
        "WORDPRESS_NONCE_SALT",
        "GITHUB_PAT",
    ])("flags %s, a cloud SDK's or an app's secret name", async (key) => {
        const named = changeProps(wordpressEnv, (p) => {
            p.data[key] = "kT9#q2LmZx";
        });
        expect(await messages(policy, [named])).toEqual([
            `ConfigMap key "${key}" in data is named like a secret; ConfigMaps are stored and shown in plain text`,
        ]);
    });

    it.each([
        ["AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"],
        ["credentials.json", SERVICE_ACCOUNT, "a private key"],
        [
            "ALERT_WEBHOOK",
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "a Slack webhook URL",
        ],
        [
            "sops.agekey",
            `AGE-SECRET-KEY-1${"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".repeat(2).slice(0, 58)}`,
            "an age secret key",
        ],
    ])("flags %s by the secret its value holds, though its name alone would pass", async (key, value, kind) => {
        const shaped = changeProps(wordpressEnv, (p) => {
            p.data[key] = value;
        });
        expect(await messages(policy, [shaped])).toEqual([
            `ConfigMap key "${key}" in data holds ${kind}; ConfigMaps are stored and shown in plain text`,
        ]);
    });

    it("flags id_rsa holding a PEM private key, naming the key and not the value", async () => {
        const identity = changeProps(wordpressEnv, (p) => {
            p.data.id_rsa = PRIVATE_KEY;
        });
        expect(await messages(policy, [identity])).toEqual([
            'ConfigMap key "id_rsa" in data holds a private key; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it.each([
        ["WORDPRESS_DB_URL", "mysql://wordpress:hunter2@mariadb-primary:3306/wordpress", "a URL password"],
        [
            "app.properties",
            "spring.datasource.url=jdbc:mysql://db/app\nspring.datasource.password=hunter2\n",
            "a secret setting",
        ],
        ["settings.json", '{"registry": {"auth": "dXNlcjpodW50ZXIy"}}', "a secret setting"],
        ["UPSTREAM", "glpat-x9Kq2LmZ8vR3pQwE5yT1", "a GitLab token"],
        ["SESSION_SEED", "q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE", "a high-entropy string"],
    ])("flags %s, whose value holds a secret, whatever the key is named", async (key, value, kind) => {
        const shaped = changeProps(wordpressEnv, (p) => {
            p.data[key] = value;
        });
        expect(await messages(policy, [shaped])).toEqual([
            `ConfigMap key "${key}" in data holds ${kind}; ConfigMaps are stored and shown in plain text`,
        ]);
    });

    it("decodes binaryData before judging its value", async () => {
        const binary = changeProps(wordpressEnv, (p) => {
            p.binaryData = { "deploy.keystore": b64(PRIVATE_KEY), "logo.png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" };
        });
        expect(await messages(policy, [binary])).toEqual([
            'ConfigMap key "deploy.keystore" in binaryData holds a private key; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it("passes keys that describe a secret and values that only look like one", async () => {
        const described = changeProps(wordpressEnv, (p) => {
            p.data.TOKEN_AUDIENCE = "https://kubernetes.default.svc";
            p.data.SECRET_NAME = "wordpress-db";
            p.data.MAX_TOKENS = "4096";
            p.data.PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3cD0n8x2Lr5uJ7kP1mQ9vT4wY ops@bastion";
            p.data["id_rsa.pub"] = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 ops@bastion";
            p.data["ca.crt"] = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXz\n-----END CERTIFICATE-----\n";
            p.data.DATABASE_URL = "postgres://app@db.data.svc:5432/app";
            p.data.CACHE_KEY_PREFIX = "wordpress:";
            p.data.SSH_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3cD0n8x2Lr5uJ7kP1mQ9vT4wY ops@bastion";
            p.data.AWS_ACCESS_KEY_ID = "loki-reader";
            p.data["grafana.ini"] = "[auth]\ndisable_login_form = true\n[security]\nadmin_password = ${GF_PASSWORD}\n";
        });
        expect(await messages(policy, [described])).toEqual([]);
    });

    it("passes whole files whose names mention secrets, such as a dashboard", async () => {
        const dashboards = changeProps(wordpressEnv, (p) => {
            p.data["secrets-overview.json"] = "{}";
            p.data["PASSWORD_FILE"] = "/etc/wordpress/password";
        });
        expect(await messages(policy, [dashboards])).toEqual([]);
    });

    it("passes a key the profile allows, though named like a secret", async () => {
        const passThrough = changeProps(wordpressEnv, (p) => {
            p.data.PASS_THROUGH_HEADERS = "x-request-id";
        });
        expect(await messages(policy, [passThrough])).toEqual([
            'ConfigMap key "PASS_THROUGH_HEADERS" in data is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
        expect(await messages(policy, [passThrough], { allowedKeys: ["PASS_THROUGH_HEADERS"] })).toEqual([]);
    });

    it("judges keys without reading their unknown values at preview", async () => {
        const unknown = changeProps(wordpressEnv, (p) => {
            p.data.WORDPRESS_DB_HOST = PREVIEW_UNKNOWN;
            p.data.DB_PASSWORD = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [unknown])).toEqual([
            'ConfigMap key "DB_PASSWORD" in data is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });
});
