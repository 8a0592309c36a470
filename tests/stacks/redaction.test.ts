import { parseAllDocuments } from "yaml";
import { evaluatePolicies, PREVIEW_UNKNOWN, type Violation } from "../../policy/harness/evaluate";
import { policies } from "../../policy/pack";
import {
    chartsJson,
    manifestsYaml,
    policyReportJson,
    policyReportSarif,
    resourcesJson,
    type ReportContext,
} from "../../tools/render/artifacts";
import { reachability } from "../../tools/render/flows";
import { reachabilityJson, reachabilityMarkdown } from "../../tools/render/flows-report";
import { footprintJson, footprintMarkdown } from "../../tools/render/footprint";
import { REDACTED, redact, UNKNOWN_TEXT } from "../../tools/render/redact";
import { toHarnessResource } from "../../tools/render/render";
import { SecretValue, type CapturedResource } from "../../tools/runtime/capture";
import { capture, findResource } from "../helpers/capture";

// Distinctive values, so a leak anywhere in the output text is found by a plain substring search.
const STRING_DATA = "plain-string-data-7f3a";
const DATA = "base64-data-payload-91c2";
const PULUMI_SECRET = "pulumi-secret-input-5d0e";
const CHART_SECRET = "chart-secret-value-b44f";
const SECRETS = [STRING_DATA, DATA, Buffer.from(DATA).toString("base64"), PULUMI_SECRET, CHART_SECRET];

describe("render artifacts of a program that declares secrets and preview-unknowns", () => {
    let resources: readonly CapturedResource[];
    let outputs: Record<string, string>;

    beforeAll(async () => {
        const pulumi = await import("@pulumi/pulumi");
        const k8s = await import("@pulumi/kubernetes");
        const run = await capture(() => {
            const ns = new k8s.core.v1.Namespace("app", { metadata: { name: "app" } });
            new k8s.core.v1.Secret("creds", {
                metadata: { name: "creds", namespace: "app" },
                stringData: { password: STRING_DATA },
                data: { token: Buffer.from(DATA).toString("base64") },
            });
            new k8s.core.v1.ConfigMap("settings", {
                metadata: {
                    name: "settings",
                    namespace: "app",
                    // `status` is not among the Namespace's inputs, so it stays unknown during preview.
                    labels: { phase: ns.status.phase },
                },
                data: { apiKey: pulumi.secret(PULUMI_SECRET), plain: "visible" },
            });
            new k8s.helm.v4.Chart("grafana", {
                chart: "grafana",
                namespace: "app",
                version: "8.5.1",
                repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
                values: { adminPassword: pulumi.secret(CHART_SECRET), replicas: 1 },
            });
        });
        resources = run.resources;
        outputs = {
            "manifests.yaml": manifestsYaml(resources),
            "charts.json": chartsJson(resources),
            "resources.json": resourcesJson(resources),
        };
    });

    it("writes no secret value, in plain text or base64, into any artifact", () => {
        for (const [file, text] of Object.entries(outputs)) {
            for (const secret of SECRETS) {
                expect({ file, leaked: text.includes(secret) ? secret : undefined }).toEqual({
                    file,
                    leaked: undefined,
                });
            }
        }
    });

    it("shows every secret as <redacted> in each artifact", () => {
        for (const text of Object.values(outputs)) {
            expect(text).toContain(REDACTED);
        }
    });

    it("redacts a Secret's data and stringData values, which the typed Secret marks secret as a whole, keeping keys", () => {
        const docs = parseAllDocuments(outputs["manifests.yaml"]).map((d) => d.toJS());
        const secret = docs.find((m) => m.kind === "Secret");
        expect([secret.stringData, secret.data]).toEqual([{ password: REDACTED }, { token: REDACTED }]);
    });

    it("keeps the keys of a secret map in resources.json too", () => {
        const listed = JSON.parse(outputs["resources.json"]);
        const creds = listed.find((r: { name: string }) => r.name === "creds");
        expect(creds.inputs.stringData).toEqual({ password: REDACTED });
    });

    it("redacts a pulumi.secret input and leaves its plain neighbours alone", () => {
        const docs = parseAllDocuments(outputs["manifests.yaml"]).map((d) => d.toJS());
        expect(docs.find((m) => m.kind === "ConfigMap").data).toEqual({ apiKey: REDACTED, plain: "visible" });
    });

    it("redacts secret chart values in charts.json", () => {
        const charts = JSON.parse(outputs["charts.json"]);
        expect(charts).toEqual([
            {
                name: "grafana",
                type: "kubernetes:helm.sh/v4:Chart",
                namespace: "app",
                chart: "grafana",
                version: "8.5.1",
                repository: "https://grafana.github.io/helm-charts",
                values: { adminPassword: REDACTED, replicas: 1 },
            },
        ]);
    });

    it("renders a preview-unknown as <unknown> in manifests and resources", () => {
        const docs = parseAllDocuments(outputs["manifests.yaml"]).map((d) => d.toJS());
        expect(docs.find((m) => m.kind === "ConfigMap").metadata.labels).toEqual({ phase: UNKNOWN_TEXT });
        const listed = JSON.parse(outputs["resources.json"]);
        const settings = listed.find((r: { name: string }) => r.name === "settings");
        expect(settings.inputs.metadata.labels).toEqual({ phase: UNKNOWN_TEXT });
        expect(outputs["manifests.yaml"]).not.toContain(PREVIEW_UNKNOWN);
        expect(outputs["resources.json"]).not.toContain(PREVIEW_UNKNOWN);
    });

    it("hands policies the secret values unwrapped and the unknown as the engine's sentinel", () => {
        const secret = toHarnessResource(findResource(resources, "kubernetes:core/v1:Secret", "creds"));
        expect((secret.props.stringData as Record<string, string>).password).toBe(STRING_DATA);
        const settings = toHarnessResource(findResource(resources, "kubernetes:core/v1:ConfigMap", "settings"));
        expect(settings.props).toMatchObject({
            data: { apiKey: PULUMI_SECRET },
            metadata: { labels: { phase: PREVIEW_UNKNOWN } },
        });
    });
});

describe("render artifacts of a Secret the program did not mark secret", () => {
    const RAW = "unmarked-secret-value-0c9d";
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        const k8s = await import("@pulumi/kubernetes");
        const run = await capture(() => {
            // A generic object bypasses the typed Secret class, which is what marks data/stringData secret.
            new k8s.apiextensions.CustomResource("raw", {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "raw", namespace: "app" },
                stringData: { password: RAW },
            });
        });
        resources = run.resources;
    });

    it("still redacts its values in manifests.yaml, keeping the keys", () => {
        const docs = parseAllDocuments(manifestsYaml(resources)).map((d) => d.toJS());
        expect(docs).toEqual([expect.objectContaining({ kind: "Secret", stringData: { password: REDACTED } })]);
    });

    // Secret payloads are redacted in resources.json even when the program did not mark them secret.
    it("does not write its values into resources.json", () => {
        expect(resourcesJson(resources)).not.toContain(RAW);
    });
});

describe("render artifacts of a program with secrets in plain sight", () => {
    // Distinctive literals, so a leak anywhere in a written file is found by a plain substring search.
    const DB_PASS = "db-pass-literal-3e8a";
    const MYSQL_PWD = "mysql-pwd-literal-77c1";
    const CREDENTIALS = "credentials-literal-a0f2";
    const AUTH_HEADER = "Bearer auth-header-literal-19bd";
    const URL_PASSWORD = "url-password-literal-41d7";
    const GITHUB_TOKEN = "ghp_8fK2mQ9xL4vR7tZ1wN6yB3cD5eH0jS2aP4uG";
    const GENERATED = "q7Vt2XkLm9PzR4sWb8NcY3hJd6FgQ1aE";
    const ARG_TOKEN = "arg-token-literal-0f5b";
    const CONFIG_PASS = "configmap-pass-literal-c5e0";
    const PROPERTIES_PASSWORD = "properties-password-literal-2b6f";
    const KEY_BODY = "MIIEowIBAAKCAQEAprivateKeyBodyLiteral9d4c";
    const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----\n`;
    const CHART_PASSWORD = "chart-password-literal-8e13";
    const CHART_URL_PASSWORD = "chart-url-password-literal-6a2c";
    const CHART_PIN = 73915468;
    const LITERALS = [
        DB_PASS,
        MYSQL_PWD,
        CREDENTIALS,
        AUTH_HEADER,
        URL_PASSWORD,
        GITHUB_TOKEN,
        GENERATED,
        ARG_TOKEN,
        CONFIG_PASS,
        PROPERTIES_PASSWORD,
        KEY_BODY,
        Buffer.from(PEM).toString("base64"),
        CHART_PASSWORD,
        CHART_URL_PASSWORD,
        String(CHART_PIN),
    ];

    const env = [
        { name: "DB_PASS", value: DB_PASS },
        { name: "MYSQL_PWD", value: MYSQL_PWD },
        { name: "CREDENTIALS", value: CREDENTIALS },
        { name: "AUTH_HEADER", value: AUTH_HEADER },
        { name: "DATABASE_URL", value: `mysql://app:${URL_PASSWORD}@db:3306/x` },
        { name: "UPSTREAM", value: GITHUB_TOKEN },
        { name: "BUILD_SEED", value: GENERATED },
        { name: "TOKEN_AUDIENCE", value: "api" },
    ];
    const redactedEnv = [
        { name: "DB_PASS", value: "<redacted: password-like value>" },
        { name: "MYSQL_PWD", value: "<redacted: password-like value>" },
        { name: "CREDENTIALS", value: "<redacted: password-like value>" },
        { name: "AUTH_HEADER", value: "<redacted: password-like value>" },
        { name: "DATABASE_URL", value: "mysql://app:<redacted: URL password>@db:3306/x" },
        { name: "UPSTREAM", value: "<redacted: GitHub token>" },
        { name: "BUILD_SEED", value: "<redacted: high-entropy string>" },
        { name: "TOKEN_AUDIENCE", value: "api" },
    ];
    const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    let resources: readonly CapturedResource[];
    let violations: Violation[];
    let outputs: Record<string, string>;

    beforeAll(async () => {
        const k8s = await import("@pulumi/kubernetes");
        const container = { name: "web", image: "ghcr.io/acme/web:1.4.2", env, args: [`--api-token=${ARG_TOKEN}`] };
        const spec = {
            selector: { matchLabels: { app: "web" } },
            template: { metadata: { labels: { app: "web" } }, spec: { containers: [container] } },
        };
        const metadata = { name: "web", namespace: "app" };
        const applied = { apiVersion: "apps/v1", kind: "Deployment", metadata, spec };
        const run = await capture(() => {
            new k8s.apps.v1.Deployment("web", {
                metadata: { ...metadata, annotations: { [LAST_APPLIED]: `${JSON.stringify(applied)}\n` } },
                spec,
            });
            new k8s.core.v1.ConfigMap("web-env", {
                metadata: { name: "web-env", namespace: "app" },
                data: {
                    db_pass: CONFIG_PASS,
                    id_rsa: PEM,
                    "app.properties": `user=app\npassword=${PROPERTIES_PASSWORD}\n`,
                    plain: "visible",
                },
                binaryData: { "deploy.keystore": Buffer.from(PEM).toString("base64") },
            });
            new k8s.helm.v4.Chart("app", {
                chart: "app",
                namespace: "app",
                version: "1.0.0",
                repositoryOpts: { repo: "https://charts.example.com" },
                values: {
                    auth: { password: CHART_PASSWORD, secretKey: CHART_PIN },
                    externalDatabase: { url: `mysql://app:${CHART_URL_PASSWORD}@db:3306/x` },
                    replicas: 1,
                },
            });
        });
        resources = run.resources;
        violations = await evaluatePolicies(policies, resources.map(toHarnessResource), { all: "mandatory" });
        const ctx: ReportContext = {
            pack: { name: "test", version: "0.0.0" },
            stack: "test",
            stackFile: "Pulumi.test.yaml",
            profileFile: "policy/profiles/test.json",
            policies,
            exemptions: [],
        };
        const reach = reachability(resources);
        outputs = {
            "manifests.yaml": manifestsYaml(resources),
            "charts.json": chartsJson(resources),
            "resources.json": resourcesJson(resources),
            "policy-report.json": policyReportJson(violations, ctx),
            "policy-report.sarif": policyReportSarif(violations, ctx),
            "network-flows.json": reachabilityJson(reach),
            "network-flows.md": reachabilityMarkdown("test", reach),
            "footprint.json": footprintJson("test", resources),
            "footprint.md": footprintMarkdown("test", resources),
        };
    });

    it("writes none of the literals, nor their base64, into any file the render writes", () => {
        const leaks = Object.entries(outputs).flatMap(([file, text]) =>
            LITERALS.filter((literal) => text.includes(literal)).map((literal) => `${file}: ${literal}`),
        );
        expect(leaks).toEqual([]);
    });

    it("still flags each of them, since the pack judges the real values", () => {
        const messages = violations.map((v) => v.message);
        const literal = (name: string, holding = "") =>
            `container "web" sets ${name} as a literal value${holding} instead of valueFrom.secretKeyRef`;
        const plain = "; ConfigMaps are stored and shown in plain text";
        const instead = "; reference an existing Secret instead";
        expect(messages).toEqual(
            expect.arrayContaining([
                literal("DB_PASS"),
                literal("MYSQL_PWD"),
                literal("CREDENTIALS"),
                literal("AUTH_HEADER"),
                literal("DATABASE_URL", " holding a URL password"),
                literal("UPSTREAM", " holding a GitHub token"),
                literal("BUILD_SEED", " holding a high-entropy string"),
                `ConfigMap key "db_pass" in data is named like a secret${plain}`,
                `ConfigMap key "id_rsa" in data holds a private key${plain}`,
                `ConfigMap key "app.properties" in data holds a secret setting${plain}`,
                `ConfigMap key "deploy.keystore" in binaryData holds a private key${plain}`,
                `values.auth.password holds a password-like value${instead}`,
                `values.auth.secretKey holds a password-like value${instead}`,
                `values.externalDatabase.url holds a URL password${instead}`,
            ]),
        );
    });

    it("redacts env values deterministically, naming the kind and keeping neighbours that hold no secret", () => {
        const docs = parseAllDocuments(outputs["manifests.yaml"]).map((d) => d.toJS());
        const web = docs.find((m) => m.kind === "Deployment").spec.template.spec.containers[0];
        expect(web.env).toEqual(redactedEnv);
        expect(web.args).toEqual(["--api-token=<redacted: secret setting>"]);
        expect(manifestsYaml(resources)).toBe(outputs["manifests.yaml"]);
    });

    it("redacts inside the last-applied-configuration annotation, which stays the JSON kubectl writes", () => {
        for (const file of ["manifests.yaml", "resources.json"]) {
            const deployment =
                file === "manifests.yaml"
                    ? parseAllDocuments(outputs[file])
                          .map((d) => d.toJS())
                          .find((m) => m.kind === "Deployment")
                    : JSON.parse(outputs[file]).find((r: { name: string }) => r.name === "web").inputs;
            const annotation: string = deployment.metadata.annotations[LAST_APPLIED];
            expect(annotation.endsWith("}\n")).toBe(true);
            expect(JSON.parse(annotation).spec.template.spec.containers[0].env).toEqual(redactedEnv);
        }
    });

    it("redacts ConfigMap data and binaryData, whole when named like a secret or encoded, else in place", () => {
        const docs = parseAllDocuments(outputs["manifests.yaml"]).map((d) => d.toJS());
        const configMap = docs.find((m) => m.kind === "ConfigMap");
        expect([configMap.data, configMap.binaryData]).toEqual([
            {
                db_pass: "<redacted: password-like value>",
                id_rsa: "<redacted: private key>",
                "app.properties": "user=app\npassword=<redacted: secret setting>\n",
                plain: "visible",
            },
            { "deploy.keystore": "<redacted: private key>" },
        ]);
    });

    it("redacts chart values in charts.json and resources.json", () => {
        const values = {
            auth: { password: "<redacted: password-like value>", secretKey: "<redacted: password-like value>" },
            externalDatabase: { url: "mysql://app:<redacted: URL password>@db:3306/x" },
            replicas: 1,
        };
        expect(JSON.parse(outputs["charts.json"])[0].values).toEqual(values);
        expect(
            JSON.parse(outputs["resources.json"]).find((r: { name: string }) => r.name === "app").inputs.values,
        ).toEqual(values);
    });
});

describe("redact", () => {
    it("redacts every leaf of a secret object or list and keeps its shape", () => {
        expect(redact(new SecretValue({ a: "x", b: [1, { c: true }] }))).toEqual({
            a: REDACTED,
            b: [REDACTED, { c: REDACTED }],
        });
        expect(redact(new SecretValue("x"))).toBe(REDACTED);
    });

    it("turns the engine's unknown sentinel into <unknown> at any depth", () => {
        expect(redact({ a: [PREVIEW_UNKNOWN, { b: PREVIEW_UNKNOWN }], c: "known" })).toEqual({
            a: [UNKNOWN_TEXT, { b: UNKNOWN_TEXT }],
            c: "known",
        });
    });
});
