import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowPlaintextSecretEnv as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-plaintext-secret-env";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, hardenedDeployment } from "./fixtures";

type Env = { name: string; value?: unknown; valueFrom?: unknown };

const withEnv = (...env: Env[]) =>
    changeApp(hardenedDeployment(), (c) => {
        c.env.push(...env);
    });

describe("kubernetes-core-v1-container-disallow-plaintext-secret-env", () => {
    it("passes a hardened Deployment whose password comes from a Secret", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it.each([
        "DB_PASSWORD",
        "MYSQL_ROOT_PASSWD",
        "OIDC_CLIENT_SECRET",
        "HF_TOKEN",
        "OPENAI_API_KEY",
        "APIKEY",
        "TLS_PRIVATE_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AZURE_CLIENT_SECRET",
        "AZURE_STORAGE_KEY",
        "OCI_CLI_KEY_CONTENT",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "WORDPRESS_LOGGED_IN_SALT",
        "AZURE_DEVOPS_EXT_PAT",
    ])("flags %s set as a literal value", async (name) => {
        expect(await messages(policy, [withEnv({ name, value: "kT9#q2LmZx" })])).toEqual([
            `container "app" sets ${name} as a literal value instead of valueFrom.secretKeyRef`,
        ]);
    });

    it.each(["DB_PASS", "MYSQL_PWD", "CREDENTIALS", "AUTH_HEADER", "AWS_ACCESS_KEY", "x-api-key", "KEY_CONTENT"])(
        "flags %s, named like a secret by one of its words, set as a literal value",
        async (name) => {
            expect(await messages(policy, [withEnv({ name, value: "kT9#q2LmZx" })])).toEqual([
                `container "app" sets ${name} as a literal value instead of valueFrom.secretKeyRef`,
            ]);
        },
    );

    it.each([
        ["DATABASE_URL", "mysql://app:hunter2@db:3306/x", "a URL password"],
        ["SIGNING_PEM", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n", "a private key"],
        ["UPSTREAM_HEADERS", "Authorization: Bearer 9f8e7d6c5b4a", "an authorization header"],
        ["JAVA_OPTS", "-Xmx512m -Dspring.datasource.password=hunter2", "a secret setting"],
        ["UPSTREAM_CLONE", "ghp_8fK2mQ9xL4vR7tZ1wN6yB3cD5eH0jS2aP4uG", "a GitHub token"],
        ["BUILD_SEED", "q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE", "a high-entropy string"],
        ["AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"],
        [
            "GOOGLE_APPLICATION_CREDENTIALS",
            '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIB\\n-----END PRIVATE KEY-----\\n"}',
            "a private key",
        ],
        [
            "NPM_CONFIG_USERCONFIG_LINE",
            "//registry.npmjs.org/:_authToken=npm_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7aB3dE6gH9",
            "an npm token",
        ],
        ["PULUMI_BACKEND_HINT", "pul-0123456789abcdef0123456789abcdef01234567", "a Pulumi access token"],
    ])(
        "flags %s, whose literal value is shaped like a secret, without showing the value",
        async (name, value, kind) => {
            expect(await messages(policy, [withEnv({ name, value })])).toEqual([
                `container "app" sets ${name} as a literal value holding ${kind} instead of valueFrom.secretKeyRef`,
            ]);
        },
    );

    it("passes names that describe a secret instead of holding it", async () => {
        const described = withEnv(
            { name: "TOKEN_AUDIENCE", value: "https://kubernetes.default.svc" },
            { name: "OIDC_TOKEN_URL", value: "https://sso.example.com/token" },
            { name: "SECRET_NAME", value: "web-db" },
            { name: "MAX_TOKENS", value: "4096" },
            { name: "TOKENIZERS_PARALLELISM", value: "false" },
            {
                name: "PUBLIC_KEY",
                value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3cD0n8x2Lr5uJ7kP1mQ9vT4wY ops@bastion",
            },
            { name: "KEY_FILE", value: "/etc/tls/tls.key" },
            { name: "GOOGLE_APPLICATION_CREDENTIALS", value: "/var/secrets/google/key.json" },
            { name: "PWD", value: "/app" },
            { name: "AUTH_TYPE", value: "oidc" },
            { name: "ACCESS_KEY_ID", value: "app-reader" },
            { name: "AWS_ACCESS_KEY_ID", value: "loki-reader" },
            { name: "CACHE_KEY_PREFIX", value: "wp:" },
            { name: "OCI_CLI_KEY_FILE", value: "/etc/oci/key.pem" },
            { name: "SSH_PUBLIC_KEY", value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3cD0n8x2Lr5uJ7kP1mQ9vT4wY ops" },
        );
        expect(await messages(policy, [described])).toEqual([]);
    });

    it("passes values that only look like secrets: references, URLs without a password, digests", async () => {
        const references = withEnv(
            { name: "DB_PASSWORD", value: "$(DB_PASSWORD_FROM_SECRET)" },
            { name: "DATABASE_URL", value: "postgres://app@db.data.svc:5432/app" },
            { name: "CACHE_URL", value: "redis://:${REDIS_PASSWORD}@cache:6379/0" },
            {
                name: "IMAGE",
                value: "ghcr.io/acme/web@sha256:0d4e9b1ff2d6e0a3c8f1b2a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4",
            },
            { name: "CONTROLLER", value: "HorizontalPodAutoscalerV2Beta2" },
            { name: "RUN_ID", value: "04da6b54-80e4-46f7-96ec-b56ff0331ba8" },
        );
        expect(await messages(policy, [references])).toEqual([]);
    });

    it("judges a variable by its value only when the value is known at preview", async () => {
        const unknown = withEnv({ name: "POD_IP", value: PREVIEW_UNKNOWN }, { name: "DB_PASS", value: "kT9#q2LmZx" });
        expect(await messages(policy, [unknown])).toEqual([
            'container "app" sets DB_PASS as a literal value instead of valueFrom.secretKeyRef',
        ]);
    });

    it("flags the seed's POSTGRES_PASSWORD literal in an init container", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.env = [{ name: "POSTGRES_PASSWORD", value: "password123" }];
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" sets POSTGRES_PASSWORD as a literal value instead of valueFrom.secretKeyRef',
        ]);
    });

    it("flags DB_PASS taken from a ConfigMap", async () => {
        const fromConfigMap = withEnv({
            name: "DB_PASS",
            valueFrom: { configMapKeyRef: { name: "web-env", key: "DB_PASS" } },
        });
        expect(await messages(policy, [fromConfigMap])).toEqual([
            'container "app" takes DB_PASS from ConfigMap "web-env" instead of a Secret',
        ]);
    });

    it("flags a password taken from a ConfigMap", async () => {
        const fromConfigMap = withEnv({
            name: "WORDPRESS_DB_PASSWORD",
            valueFrom: { configMapKeyRef: { name: "wordpress-env-cm", key: "WORDPRESS_DB_PASSWORD" } },
        });
        expect(await messages(policy, [fromConfigMap])).toEqual([
            'container "app" takes WORDPRESS_DB_PASSWORD from ConfigMap "wordpress-env-cm" instead of a Secret',
        ]);
    });

    it("leaves empty values to the weak-password rule", async () => {
        expect(await messages(policy, [withEnv({ name: "DB_PASSWORD", value: "" })])).toEqual([]);
    });

    it("passes variables that name where a secret is mounted", async () => {
        const paths = withEnv(
            { name: "GF_SECURITY_ADMIN_PASSWORD__FILE", value: "/etc/secrets/admin-password" },
            { name: "TOKEN_PATH", value: "/var/run/secrets/token" },
        );
        expect(await messages(policy, [paths])).toEqual([]);
    });

    it("leaves the allow-empty-password flags to the weak-password rule", async () => {
        expect(await messages(policy, [withEnv({ name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "yes" })])).toEqual([]);
    });

    it("passes a variable the profile allows, though named like a secret", async () => {
        const deployment = withEnv({ name: "PASS_THROUGH_HEADERS", value: "x-request-id" });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" sets PASS_THROUGH_HEADERS as a literal value instead of valueFrom.secretKeyRef',
        ]);
        expect(await messages(policy, [deployment], { allowedVariables: ["PASS_THROUGH_HEADERS"] })).toEqual([]);
    });

    it("reports that it cannot run when a secret variable's value is unknown at preview", async () => {
        expect(await messages(policy, [withEnv({ name: "HF_TOKEN", value: PREVIEW_UNKNOWN })])).toEqual([
            cannotRun("spec.template.spec.containers.0.env.2.value"),
        ]);
    });
});
