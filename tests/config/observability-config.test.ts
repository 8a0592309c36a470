import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

describe("observability settings of the stack files", () => {
    it("parse stage: 7 days of metrics in 4GB of a 5Gi claim, logs through the API server, no receivers", () => {
        const { observability } = parsePlatformConfig(stackSections("stage"));
        expect(observability).toMatchObject({
            prometheus: { retention: "7d", retentionSize: "4GB", storageSize: "5Gi" },
            alertmanager: { storageSize: "1Gi", receivers: {} },
            grafana: { hostname: "grafana.cccr-miniproject.com" },
            loki: { retention: "168h", storageSize: "5Gi" },
            logs: { collection: "api" },
            protect: false,
        });
    });

    it("parse prod: seed 003's 30 days / 45 GB on 50Gi, a webhook and mail for criticals, node log tailing", () => {
        const { observability } = parsePlatformConfig(stackSections("prod"));
        expect(observability).toMatchObject({
            prometheus: { retention: "30d", retentionSize: "45GB", storageSize: "50Gi" },
            alertmanager: {
                receivers: {
                    webhook: { severities: ["critical", "warning"] },
                    email: { smarthost: "smtp.platform.example.com:587", severities: ["critical"] },
                },
            },
            loki: { retention: "744h" },
            logs: { collection: "node" },
            protect: true,
        });
    });
});

describe("bad observability settings", () => {
    it.each(["thirty", "30", "0d", "1.5d"])("rejects the retention %j", (retention) => {
        expect(problemsAfter("stage", (c) => (c.observability.prometheus.retention = retention))).toEqual([
            `platform:observability.prometheus.retention: ${JSON.stringify(retention)} is not a duration such as 30d, 12h or 1w`,
        ]);
    });

    it("rejects a retention size the volume cannot hold with room for the WAL", () => {
        expect(problemsAfter("stage", (c) => (c.observability.prometheus.retentionSize = "5GB"))).toEqual([
            "platform:observability.prometheus.retentionSize: 5GB does not fit the 5Gi volume (storageSize): keep it at most 90 % of it, so the write-ahead log and compaction have room",
        ]);
        expect(problemsAfter("stage", (c) => (c.observability.prometheus.retentionSize = "45 GB"))).toEqual([
            'platform:observability.prometheus.retentionSize: "45 GB" contains a space (U+0020) at index 2; values are used as written, so remove it',
        ]);
    });

    it.each(["31d", "0h", "12.5h"])("rejects the log retention %j (whole hours only)", (retention) => {
        expect(problemsAfter("stage", (c) => (c.observability.loki.retention = retention))).toEqual([
            `platform:observability.loki.retention: ${JSON.stringify(retention)} is not a whole number of hours such as 744h`,
        ]);
    });

    it("requires each receiver's secret, naming the command that sets it", () => {
        expect(
            problemsAfter("stage", (c) => (c.observability.alertmanager.receivers = { webhook: {}, slack: {} })),
        ).toEqual([
            "platform:alertWebhookUrl: is required by observability.alertmanager.receivers.webhook; run `pulumi config set --secret platform:alertWebhookUrl <value> --stack <stack>`",
            "platform:alertSlackUrl: is required by observability.alertmanager.receivers.slack; run `pulumi config set --secret platform:alertSlackUrl <value> --stack <stack>`",
        ]);
    });

    it("rejects a secret no receiver uses, and a smarthost without a port", () => {
        expect(problemsAfter("stage", (c) => (c.alertSlackUrl = "https://chat.example.com/hooks/x"))).toEqual([
            "platform:alertSlackUrl: is set, but observability.alertmanager.receivers.slack is not: nothing would use it",
        ]);
        const email = { to: "a@example.com", from: "b@example.com", smarthost: "smtp.example.com" };
        expect(problemsAfter("stage", (c) => (c.observability.alertmanager.receivers = { email }))).toEqual([
            "platform:observability.alertmanager.receivers.email.smarthost: must be host:port, e.g. smtp.example.com:587",
        ]);
    });

    it("names unknown receivers and severities", () => {
        expect(
            problemsAfter(
                "stage",
                (c) => (c.observability.alertmanager.receivers = { pager: {}, webhook: { severities: ["page"] } }),
            ),
        ).toEqual(
            expect.arrayContaining([
                'platform:observability.alertmanager.receivers: unknown receiver "pager"; known: webhook, slack, email',
            ]),
        );
        expect(
            problemsAfter("stage", (c) => {
                c.observability.alertmanager.receivers = { webhook: { severities: ["page"] } };
                c.alertWebhookUrl = "https://hooks.example.com/x";
            }),
        ).toEqual([
            'platform:observability.alertmanager.receivers.webhook.severities[0]: "page" is not a severity (critical, warning)',
        ]);
    });

    it("needs Grafana's hostname on the Gateway and the metrics and logs roles", () => {
        expect(problemsAfter("stage", (c) => (c.observability.grafana.hostname = "grafana.example.org"))).toEqual([
            "platform:observability.grafana.hostname: grafana.example.org is not served by the shared Gateway (network.gateway.hostnames: cccr-miniproject.com, inference.cccr-miniproject.com, grpc.inference.cccr-miniproject.com, grafana.cccr-miniproject.com)",
        ]);
        expect(
            problemsAfter("stage", (c) => {
                delete c.storage.roles.metrics;
                delete c.storage.roles.logs;
            }),
        ).toEqual([
            "platform:observability.prometheus.storageSize: needs platform:storage.roles.metrics, the class of its claim",
            "platform:observability.loki.storageSize: needs platform:storage.roles.logs, the class of its claim",
        ]);
    });

    it("is optional: without it no secret is wanted", () => {
        // Stage's Triton scales on metrics only Prometheus has: without observability it keeps a fixed count.
        const raw = withChange("stage", (c) => {
            delete c.observability;
            delete c.inference.services[0].scaling;
        });
        expect(parsePlatformConfig(raw).observability).toBeUndefined();
    });
});
