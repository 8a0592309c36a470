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
    ])("flags %s set as a literal value", async (name) => {
        expect(await messages(policy, [withEnv({ name, value: "kT9#q2LmZx" })])).toEqual([
            `container "app" sets ${name} as a literal value instead of valueFrom.secretKeyRef`,
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

    it("passes a variable the profile allows", async () => {
        const deployment = withEnv({ name: "TOKEN_TTL_SECONDS", value: "3600" });
        expect(await messages(policy, [deployment], { allowedVariables: ["TOKEN_TTL_SECONDS"] })).toEqual([]);
    });

    it("reports that it cannot run when a secret variable's value is unknown at preview", async () => {
        expect(await messages(policy, [withEnv({ name: "HF_TOKEN", value: PREVIEW_UNKNOWN })])).toEqual([
            cannotRun("spec.template.spec.containers.0.env.2.value"),
        ]);
    });
});
