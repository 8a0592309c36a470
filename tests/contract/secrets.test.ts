import {
    isHighEntropy,
    leafName,
    namesPassword,
    namesSecret,
    redactSecretsIn,
    secretFormIn,
    secretIn,
} from "../../contract/secrets";

const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAw1x\n-----END RSA PRIVATE KEY-----";
/** Filler in the alphabets token formats are written in, cut to each format's length. */
const TOKEN = "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7".repeat(8);
const HEX = "0123456789abcdef".repeat(8);

describe("namesSecret", () => {
    it.each([
        ["DB_PASS", "pass"],
        ["MYSQL_PWD", "pwd"],
        ["PGPASSWORD", "a run-together password"],
        ["CREDENTIALS", "credentials"],
        ["AUTH_HEADER", "auth"],
        ["OAuth2Token", "camelCase, digits dropped"],
        ["x-api-key", "api + key"],
        ["apiKey", "camelCase api + key"],
        ["SECRET_KEY", "secret key"],
        ["TLS_KEY", "any *_KEY"],
        ["tls.key", "a key file's content"],
        ["KEY_CONTENT", "key material"],
        ["VAULT_SECRET_ID", "Vault's AppRole secret_id"],
        ["id_rsa", "an OpenSSH identity"],
        ["AWS_SECRET_ACCESS_KEY", "a cloud SDK's secret key"],
        ["AWS_SESSION_TOKEN", "a cloud SDK's token"],
        ["AZURE_CLIENT_SECRET", "a cloud SDK's client secret"],
        ["AZURE_STORAGE_KEY", "a storage account key"],
        ["OCI_CLI_KEY_CONTENT", "key material"],
        ["GOOGLE_APPLICATION_CREDENTIALS", "credentials, unless a path"],
        ["WORDPRESS_NONCE_SALT", "a salt that signs cookies"],
        ["GITHUB_PAT", "a personal access token"],
        ["GOOGLE_CLOUD_KEYFILE_JSON", "a key file's content"],
        ["SA_KEY_JSON", "key material"],
        ["MINIO_SECRETKEY", "a run-together secret key"],
        ["MINIO_ACCESSKEY", "a run-together access key"],
        ["SIGNINGPRIVATEKEY", "a run-together private key"],
    ])("names a secret: %s (%s)", (name) => {
        expect(namesSecret(name)).toBe(true);
    });

    it.each([
        ["KEY_FILE", "where it is"],
        ["PASSWORD_FILE", "where it is"],
        ["GF_SECURITY_ADMIN_PASSWORD__FILE", "where it is"],
        ["SECRET_NAME", "what it is called"],
        ["secretKeyRef", "a reference"],
        ["existingSecretPasswordKey", "a reference"],
        ["passwordKey", "which key of a Secret holds it"],
        ["ACCESS_KEY_ID", "an identifier"],
        ["TOKEN_AUDIENCE", "whom it is for"],
        ["AUTH_URL", "whom it is for"],
        ["TOKEN_TTL_SECONDS", "how it is handled"],
        ["AUTH_TYPE", "how it is handled"],
        ["PUBLIC_KEY", "the public half"],
        ["id_rsa.pub", "the public half"],
        ["PARTITION_KEY", "a data key"],
        ["topologyKey", "the node label an affinity term spreads over"],
        ["usersExistingSecret", "the name of the Secret that holds it"],
        ["MAX_TOKENS", "a count of tokens"],
        ["TOKENIZERS_PARALLELISM", "a tokenizer setting"],
        ["SESSION_DRIVER", "a session setting"],
        ["PASSWORDLESS_LOGIN", "a flag"],
        ["PWD", "the shell's working directory"],
        ["key", "the key of a secretKeyRef"],
        ["AWS_ACCESS_KEY_ID", "the public half of a key pair, like a user name; its AKIA form is judged by value"],
        ["CACHE_KEY_PREFIX", "a cache's key prefix"],
        ["SSH_PUBLIC_KEY", "the public half"],
        ["OCI_CLI_KEY_FILE", "where it is"],
        ["SALT_LENGTH", "how it is handled"],
        ["COMPAT_MODE", "no word pat"],
    ])("does not name a secret: %s (%s)", (name) => {
        expect(namesSecret(name)).toBe(false);
    });

    it("tells passwords, whose value must not be weak, from other secrets", () => {
        expect(["MYSQL_PWD", "db-pass", "JWT_SECRET", "PGPASSWORD"].map(namesPassword)).toEqual([
            true,
            true,
            true,
            true,
        ]);
        expect(["API_KEY", "HF_TOKEN", "passwordKey", "PASSWORD_FILE"].map(namesPassword)).toEqual([
            false,
            false,
            false,
            false,
        ]);
    });
});

describe("secretFormIn", () => {
    it.each([
        [PEM, "a private key"],
        ["-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF", "a private key"],
        ["mysql://app:hunter2@db:3306/x", "a URL password"],
        ["redis://:s3cr3t@cache:6379/0", "a URL password"],
        ['curl -H "Authorization: Basic YXBwOmh1bnRlcjI=" https://api', "an authorization header"],
        ["host=db user=app password=hunter2 dbname=app", "a secret setting"],
        ['{"db": {"password": "hunter2"}}', "a secret setting"],
        ["AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"],
        ["ghp_8fK2mQ9xL4vR7tZ1wN6yB3cD5eH0jS2aP4uG", "a GitHub token"],
        ["github_pat_11ABCDEFG0123456789abcdefghij", "a GitHub token"],
        ["glpat-x9Kq2LmZ8vR3pQwE5yT1", "a GitLab token"],
        ["xoxb-1234567890-abcdefghij", "a Slack token"],
        ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"],
        ["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "a Google API key"],
        ["hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567", "a Hugging Face token"],
        ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlLWJ5dGVz", "a JSON web token"],
        ["ASIAY34FZKBOKMUTVV7A", "an AWS access key ID"],
        [`Zx98Q~${TOKEN.slice(0, 34)}`, "an Azure AD client secret"],
        ["gho_8fK2mQ9xL4vR7tZ1wN6yB3cD5eH0jS2aP4uG", "a GitHub token"],
        ["gldt-x9Kq2LmZ8vR3pQwE5yT1", "a GitLab token"],
        ["glrt-x9Kq2LmZ8vR3pQwE5yT1", "a GitLab token"],
        ["xapp-1-A0123456789-1234567890123-abcdef0123456789", "a Slack token"],
        ["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "a Slack webhook URL"],
        ["sk_test_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"],
        [`sk-proj-${TOKEN.slice(0, 58)}T3BlbkFJ${TOKEN.slice(0, 58)}`, "an OpenAI API key"],
        [`sk-ant-api03-${TOKEN.slice(0, 93)}AA`, "an Anthropic API key"],
        [`npm_${TOKEN.slice(0, 36)}`, "an npm token"],
        [`pypi-AgEIcHlwaS5vcmc${TOKEN.slice(0, 60)}`, "a PyPI token"],
        [`dop_v1_${HEX.slice(0, 64)}`, "a DigitalOcean token"],
        [`glsa_${TOKEN.slice(0, 32)}_${HEX.slice(0, 8)}`, "a Grafana token"],
        [`SG.${TOKEN.slice(0, 22)}.${TOKEN.slice(0, 43)}`, "a SendGrid API key"],
        [`abcdefgh012345.atlasv1.${TOKEN.slice(0, 64).toLowerCase()}`, "a Terraform Cloud token"],
        [`hvs.${TOKEN.slice(0, 95)}`, "a Vault token"],
        [`pul-${HEX.slice(0, 40)}`, "a Pulumi access token"],
        [`AGE-SECRET-KEY-1${"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".repeat(2).slice(0, 58)}`, "an age secret key"],
        ["api_org_abcdefghijklmnopqrstuvwxyzABCDEFGH", "a Hugging Face token"],
        [
            '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIB\\n-----END PRIVATE KEY-----\\n"}',
            "a private key",
        ],
        ["-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkq\n-----END ENCRYPTED PRIVATE KEY-----", "a private key"],
        [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n-----END OPENSSH PRIVATE KEY-----",
            "a private key",
        ],
        [`AccountName=acct;AccountKey=${TOKEN.slice(0, 40)}==;EndpointSuffix=core.windows.net`, "a secret setting"],
        ["q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE", "a high-entropy string"],
    ])("finds a secret in %j: %s", (value, phrase) => {
        expect(secretFormIn(value)?.phrase).toBe(phrase);
    });

    it.each([
        ["-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXz\n-----END CERTIFICATE-----", "a certificate"],
        ["postgres://app@db:5432/app", "a URL without a password"],
        ["postgres://app:${DB_PASSWORD}@db:5432/app", "a URL whose password is a stand-in"],
        ["https://example.com:8443/path", "a URL with a port"],
        ["password: ${DB_PASSWORD}\ntoken: ''\nauth: true\nsecret: |", "stand-ins, empty values, flags"],
        ["bearer_token_file: /var/run/secrets/token", "a location"],
        ["sha256:0d4e9b1ff2d6e0a3c8f1b2a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4", "a digest"],
        ["HorizontalPodAutoscalerV2Beta2", "an identifier"],
        ["AKIAIOSFODNN7EXAMPLEX", "an AWS-like ID one character too long"],
        ["glpat-short-example", "a GitLab prefix with too short a token"],
        ["sk_live_short", "a Stripe prefix with too short a key"],
        ["https://hooks.slack.com/services/", "a Slack webhook without its secret path"],
        ["npm_install_timeout", "an npm setting"],
        [`pul-${HEX.slice(0, 39)}`, "a Pulumi prefix one digit short"],
    ])("finds no secret in %j (%s)", (value) => {
        expect(secretFormIn(value)).toBeUndefined();
    });
});

describe("isHighEntropy", () => {
    const token = "q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE";

    it("takes 24 to 256 token characters with lower case, upper case and digits", () => {
        expect([token.slice(0, 24), token.slice(0, 23)].map(isHighEntropy)).toEqual([true, false]);
        expect([token.toLowerCase(), token.replace(/\d/g, "x"), `${token}:${token}`].map(isHighEntropy)).toEqual([
            false,
            false,
            false,
        ]);
        expect(isHighEntropy(token.repeat(9))).toBe(false);
    });

    it("rejects strings of mixed classes whose characters repeat like words", () => {
        expect(
            ["v1alpha1ControllerConfig", "Password123Password123Pass", "ExternalSecretsOperatorV1beta1"].map(
                isHighEntropy,
            ),
        ).toEqual([false, false, false]);
    });
});

describe("secretIn and redactSecretsIn", () => {
    it("judge a literal under a secret name, but no stand-in, location or flag", () => {
        expect(secretIn("DB_PASS", "hunter2")?.phrase).toBe("a password-like value");
        expect(["", "$(DB_PASS_FROM_SECRET)", "/run/secrets/db", "true"].map((v) => secretIn("DB_PASS", v))).toEqual([
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
    });

    it("redact a secret-named or generated value whole and a secret inside a text in place", () => {
        expect(redactSecretsIn("DB_PASS", "hunter2")).toBe("<redacted: password-like value>");
        expect(redactSecretsIn("SEED", "q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE")).toBe("<redacted: high-entropy string>");
        expect(redactSecretsIn("DATABASE_URL", "mysql://app:hunter2@db:3306/x")).toBe(
            "mysql://app:<redacted: URL password>@db:3306/x",
        );
        expect(redactSecretsIn("app.conf", `user = app\npassword = hunter2  \nkey: |\n${PEM}\n`)).toBe(
            "user = app\npassword = <redacted: secret setting>  \nkey: |\n<redacted: private key>\n",
        );
        expect(redactSecretsIn("TOKEN_AUDIENCE", "api")).toBe("api");
    });

    it("name an env entry's value by the entry's name", () => {
        expect([leafName("value", { name: "DB_PASS" }), leafName("value", {}), leafName("url", { name: "x" })]).toEqual(
            ["DB_PASS", "value", "url"],
        );
    });
});
