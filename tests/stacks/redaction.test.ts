import { parseAllDocuments } from "yaml";
import { PREVIEW_UNKNOWN } from "../../policy/harness/evaluate";
import { chartsJson, manifestsYaml, resourcesJson } from "../../tools/render/artifacts";
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
