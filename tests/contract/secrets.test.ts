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
