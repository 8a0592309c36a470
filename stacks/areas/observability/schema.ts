import { z } from "zod";
import { ALLOY_DEFAULT_RESOURCES } from "../../../components/observability/alloy-values";
import { LOKI_DEFAULT_RESOURCES } from "../../../components/observability/loki-values";
import { display, dnsName, option, quantity, text, unknownKeys } from "../../config/primitives";
import { secretSection } from "../../config/secrets";

const resourcePair = z.strictObject({ cpu: quantity, memory: quantity });

/** Requests and limits with defaults, as every data and observability section takes them. */
function resources(defaults: { readonly requests: ResourcePair; readonly limits: ResourcePair }, what: string) {
    return z
        .strictObject({
            requests: resourcePair.default(defaults.requests),
            limits: resourcePair.default(defaults.limits),
        })
        .prefault({})
        .describe(
            `Requests and limits of ${what}. @default ${defaults.requests.cpu}/${defaults.requests.memory}, limits ${defaults.limits.cpu}/${defaults.limits.memory}`,
        );
}
type ResourcePair = { readonly cpu: string; readonly memory: string };

/** A Prometheus duration (`30d`, `12h`, `1w`), above zero. */
const promDuration = text.refine((v) => /^(\d+(y|w|d|h|ms|m|s))+$/.test(v) && /[1-9]/.test(v), {
    error: (issue) => `${display(String(issue.input))} is not a duration such as 30d, 12h or 1w`,
});

/** A size as Prometheus's retention size reads it (`45GB`: its units are powers of 1024). */
const promSize = text.refine((v) => /^\d+(\.\d+)?(B|KB|MB|GB|TB|PB|EB)$/.test(v) && /[1-9]/.test(v), {
    error: (issue) => `${display(String(issue.input))} is not a size such as 45GB or 512MB`,
});

/** A Go duration in whole hours, as Loki's retention_period reads it (`744h`). */
const hours = text.refine((v) => /^\d+h$/.test(v) && Number.parseInt(v, 10) > 0, {
    error: (issue) => `${display(String(issue.input))} is not a whole number of hours such as 744h`,
});

export const Severities = ["critical", "warning"] as const;
const severities = z
    .array(option(Severities, "a severity"))
    .min(1)
    .default([...Severities])
    .describe("The severities it receives. @default [critical, warning]");

const webhook = z
    .strictObject({ severities }, { error: unknownKeys("key", ["severities"]) })
    .describe("A generic webhook; its URL is the secret platform:alertWebhookUrl.");
const slack = z
    .strictObject(
        {
            channel: text.optional().describe("Channel to post in; the incoming webhook's own when unset."),
            severities,
        },
        { error: unknownKeys("key", ["channel", "severities"]) },
    )
    .describe("Slack or a Slack-compatible chat (Mattermost, Rocket.Chat); its URL is platform:alertSlackUrl.");
const email = z
    .strictObject(
        {
            to: text.describe("Recipient address."),
            from: text.describe("Sender address."),
            smarthost: text
                .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: "must be host:port, e.g. smtp.example.com:587" })
                .describe("SMTP server, host:port."),
            username: text.optional().describe("SMTP user; its password is platform:alertSmtpPassword."),
            severities,
        },
        { error: unknownKeys("key", ["to", "from", "smarthost", "username", "severities"]) },
    )
    .describe("E-mail through an SMTP relay.");

export const DEFAULT_PROMETHEUS_RESOURCES = {
    requests: { cpu: "500m", memory: "2Gi" },
    limits: { cpu: "2", memory: "4Gi" },
} as const;
export const DEFAULT_ALERTMANAGER_RESOURCES = {
    requests: { cpu: "50m", memory: "64Mi" },
    limits: { cpu: "200m", memory: "128Mi" },
} as const;
export const DEFAULT_GRAFANA_RESOURCES = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const;

const prometheus = z
    .strictObject(
        {
            retention: promDuration.describe("How long samples are kept (seed 003: 30d)."),
            retentionSize: promSize.describe(
                "Oldest blocks go first beyond this size (seed 003: 45GB); at most 90 % of storageSize.",
            ),
            storageSize: quantity.describe("The claim (class from platform:storage.roles.metrics)."),
            resources: resources(DEFAULT_PROMETHEUS_RESOURCES, "Prometheus"),
        },
        { error: unknownKeys("key", ["retention", "retentionSize", "storageSize", "resources"]) },
    )
    .describe("Prometheus: what it keeps and where.");

const alertmanager = z
    .strictObject(
        {
            storageSize: quantity
                .default("1Gi")
                .describe("Claim for silences and the notification log (metrics role). @default 1Gi"),
            receivers: z
                .strictObject(
                    { webhook: webhook.optional(), slack: slack.optional(), email: email.optional() },
                    { error: unknownKeys("receiver", ["webhook", "slack", "email"]) },
                )
                .prefault({})
                .describe(
                    "Where alerts go, each by severity; URLs and the SMTP password are secrets. @default none (alerts stay in Alertmanager)",
                ),
            resources: resources(DEFAULT_ALERTMANAGER_RESOURCES, "Alertmanager"),
        },
        { error: unknownKeys("key", ["storageSize", "receivers", "resources"]) },
    )
    .prefault({})
    .describe("Alertmanager: routing on severity, warnings inhibited by criticals of the same alert.");

const grafana = z
    .strictObject(
        {
            hostname: dnsName.describe("Served over HTTPS on the shared Gateway: one of network.gateway.hostnames."),
            resources: resources(DEFAULT_GRAFANA_RESOURCES, "Grafana"),
        },
        { error: unknownKeys("key", ["hostname", "resources"]) },
    )
    .describe("Grafana: its admin password is random, in a Secret; datasources Prometheus and Loki.");

const loki = z
    .strictObject(
        {
            retention: hours.describe("How long logs are kept, in whole days of hours (744h = 31 days)."),
            storageSize: quantity.describe("The claim (class from platform:storage.roles.logs)."),
            resources: resources(LOKI_DEFAULT_RESOURCES, "Loki"),
        },
        { error: unknownKeys("key", ["retention", "storageSize", "resources"]) },
    )
    .describe("Loki, monolithic, on a filesystem claim; retention by its compactor.");

export const LogCollection = { api: "api", node: "node" } as const;

const logs = z
    .strictObject(
        {
            collection: option([LogCollection.api, LogCollection.node], "a collection mode")
                .default(LogCollection.api)
                .describe(
                    "api: Alloy reads pod logs through the API server (no host access, restricted; more API-server load, no node logs). node: a DaemonSet tails /var/log on every node (hostPath, in the privileged namespace log-agents). @default api",
                ),
            resources: resources(ALLOY_DEFAULT_RESOURCES, "each Alloy pod"),
        },
        { error: unknownKeys("key", ["collection", "resources"]) },
    )
    .prefault({})
    .describe("How Grafana Alloy collects logs for Loki.");

export const observabilitySchema = z
    .strictObject(
        {
            prometheus,
            alertmanager,
            grafana,
            loki,
            logs,
            protect: z
                .boolean()
                .default(true)
                .describe(
                    "Protect the stack's charts (their CRDs and claims hold the metrics and logs) and Grafana's admin Secret. @default true",
                ),
        },
        { error: unknownKeys("key", ["prometheus", "alertmanager", "grafana", "loki", "logs", "protect"]) },
    )
    .optional()
    .describe(
        "Prometheus, Alertmanager, Grafana, Loki and Alloy in `monitoring`, with every area's monitors and rules.",
    );

/** A secret receiver URL or password: one line, no whitespace (not shown in messages). */
const secretLine = z
    .string()
    .min(1)
    .refine((v) => text.safeParse(v).success, {
        message:
            "contains whitespace or an invisible character (not shown: the value is secret); values are used as written, so set it again without it",
    })
    .optional();

/** The config sections the observability area owns. */
export const observabilitySections = {
    observability: observabilitySchema,
    alertWebhookUrl: secretSection(secretLine.describe("URL of the webhook receiver (secret).")),
    alertSlackUrl: secretSection(
        secretLine.describe("Incoming-webhook URL of the Slack-compatible receiver (secret)."),
    ),
    alertSmtpPassword: secretSection(secretLine.describe("Password of the e-mail receiver's SMTP user (secret).")),
} as const;

export type ObservabilityConfig = NonNullable<z.output<typeof observabilitySchema>>;
