// Alertmanager's configuration from the platform's receivers: the routing tree, the receivers and the inhibit rule
// go in the chart values (`alertmanager.config`, visible and testable); every URL and password goes in a Secret
// mounted into the Alertmanager container, which the receivers read through their `*_file` fields.
import type * as pulumi from "@pulumi/pulumi";
import { Severity } from "./telemetry";

/** Where one group of alerts is sent: exactly one of a webhook, a Slack-compatible webhook or email. */
export interface AlertReceiver {
    /** Receiver name, unique; a DNS-label-like word. */
    readonly name: string;
    /** Severities it gets; the route sends each alert to every receiver of its severity. */
    readonly severities: readonly ("critical" | "warning")[];
    /** A generic webhook (Alertmanager's JSON payload); the URL is a Pulumi secret in practice. */
    readonly webhook?: { readonly url: pulumi.Input<string> };
    /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat), posting to `channel` when given. */
    readonly slack?: { readonly url: pulumi.Input<string>; readonly channel?: string };
    /** Mail through `smarthost` (`host:port`, STARTTLS required), authenticating as `username` when given. */
    readonly email?: {
        readonly to: string;
        readonly from: string;
        readonly smarthost: string;
        readonly username?: string;
        readonly password?: pulumi.Input<string>;
    };
}

/** The receiver that discards: Watchdog, InfoInhibitor, `info` alerts and severities no receiver wants. */
export const NULL_RECEIVER = "null";

/** The Secret holding the receivers' URLs and passwords, mounted into the Alertmanager container. */
export const ALERTMANAGER_RECEIVERS_SECRET = "alertmanager-receivers";

/** Where the Alertmanager container mounts that Secret (read-only): one file per key. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/receivers";

/** The severities routed, most urgent first. */
export const ROUTED_SEVERITIES = [Severity.critical, Severity.warning] as const;

/**
 * How alerts are batched: one notification per alert name and namespace, sent 30s after the first alert of a group,
 * at most every 5m for changes, and repeated every 12h while firing (critical every 4h).
 */
export const ALERT_TIMING = {
    group_by: ["alertname", "namespace"],
    group_wait: "30s",
    group_interval: "5m",
    repeat_interval: "12h",
} as const;
const CRITICAL_REPEAT = "4h";

type Channel = "webhook" | "slack" | "email";
const CHANNELS: readonly Channel[] = ["webhook", "slack", "email"];

/** The Secret key of a receiver's URL or password. */
function secretKey(receiver: AlertReceiver, channel: Channel): string {
    return `${receiver.name}-${channel === "email" ? "email-password" : `${channel}-url`}`;
}

function secretFile(receiver: AlertReceiver, channel: Channel): string {
    return `${ALERTMANAGER_SECRETS_DIR}/${secretKey(receiver, channel)}`;
}

function channelsOf(receiver: AlertReceiver): Channel[] {
    return CHANNELS.filter((c) => receiver[c] !== undefined);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SMARTHOST = /^[^\s:]+:[0-9]{1,5}$/;

/** Why one receiver cannot work, or undefined; `at` names it (`args.alertmanager.receivers[0] "ops"`). */
function receiverProblem(receiver: AlertReceiver, at: string): string | undefined {
    const channels = channelsOf(receiver);
    const severities = receiver.severities;
    const email = receiver.email;
    const checks: (() => string | undefined)[] = [
        () =>
            DNS_LABEL.test(receiver.name) && receiver.name.length <= 63
                ? undefined
                : `${at}: the name must be a DNS label (lower-case letters, digits and "-")`,
        () =>
            receiver.name === NULL_RECEIVER
                ? `${at}: the name "${NULL_RECEIVER}" is the receiver that discards; choose another`
                : undefined,
        () => (severities.length === 0 ? `${at} has no severities, so no alert would reach it` : undefined),
        () => {
            const unknown = severities.filter((s) => !(ROUTED_SEVERITIES as readonly string[]).includes(s));
            return unknown.length > 0
                ? `${at}: severities must be ${ROUTED_SEVERITIES.join(" or ")}, not ${unknown.join(", ")}`
                : undefined;
        },
        () => (new Set(severities).size === severities.length ? undefined : `${at} lists a severity more than once`),
        () => (channels.length === 0 ? `${at} has none of webhook, slack or email` : undefined),
        () =>
            channels.length > 1
                ? `${at} has ${channels.join(" and ")}; give each channel a receiver of its own`
                : undefined,
        () =>
            email !== undefined && (email.to.trim() === "" || email.from.trim() === "")
                ? `${at}: email.to and email.from must not be empty`
                : undefined,
        () =>
            email !== undefined && !SMARTHOST.test(email.smarthost)
                ? `${at}: email.smarthost ${JSON.stringify(email.smarthost)} is not host:port`
                : undefined,
        () =>
            email?.password !== undefined && (email.username ?? "").trim() === ""
                ? `${at}: email.password needs email.username`
                : undefined,
    ];
    return checks.map((check) => check()).find((problem) => problem !== undefined);
}

/** Why the receivers cannot work (the first problem, naming `args.alertmanager.receivers[i]`), or undefined. */
export function alertReceiversProblem(receivers: readonly AlertReceiver[]): string | undefined {
    for (const [i, receiver] of receivers.entries()) {
        const at = `args.alertmanager.receivers[${i}] ${JSON.stringify(receiver.name)}`;
        const first = receivers.findIndex((r) => r.name === receiver.name);
        if (first !== i) {
            return `${at}: the name is also args.alertmanager.receivers[${first}]'s`;
        }
        const problem = receiverProblem(receiver, at);
        if (problem !== undefined) {
            return problem;
        }
    }
    return undefined;
}

/**
 * The Secret's string data: each receiver's URL or password under its key (`<name>-webhook-url`,
 * `<name>-slack-url`, `<name>-email-password`). The caller wraps each value with pulumi.secret.
 */
export function receiverSecretData(receivers: readonly AlertReceiver[]): Record<string, pulumi.Input<string>> {
    const data: Record<string, pulumi.Input<string>> = {};
    for (const receiver of receivers) {
        if (receiver.webhook !== undefined) {
            data[secretKey(receiver, "webhook")] = receiver.webhook.url;
        }
        if (receiver.slack !== undefined) {
            data[secretKey(receiver, "slack")] = receiver.slack.url;
        }
        if (receiver.email?.password !== undefined) {
            data[secretKey(receiver, "email")] = receiver.email.password;
        }
    }
    return data;
}

/** One receiver's Alertmanager config, every URL and password read from its mounted file; resolved alerts too. */
function receiverConfig(receiver: AlertReceiver): Record<string, unknown> {
    if (receiver.webhook !== undefined) {
        return {
            name: receiver.name,
            webhook_configs: [{ url_file: secretFile(receiver, "webhook"), send_resolved: true }],
        };
    }
    if (receiver.slack !== undefined) {
        const channel = receiver.slack.channel;
        return {
            name: receiver.name,
            slack_configs: [
                {
                    api_url_file: secretFile(receiver, "slack"),
                    ...(channel === undefined ? {} : { channel }),
                    send_resolved: true,
                },
            ],
        };
    }
    const email = receiver.email!;
    return {
        name: receiver.name,
        email_configs: [
            {
                to: email.to,
                from: email.from,
                smarthost: email.smarthost,
                ...(email.username === undefined ? {} : { auth_username: email.username }),
                ...(email.password === undefined ? {} : { auth_password_file: secretFile(receiver, "email") }),
                send_resolved: true,
            },
        ],
    };
}

/** The child routes of one severity: to each receiver of it in order (each but the last continuing), else null. */
function severityRoutes(receivers: readonly AlertReceiver[], severity: Severity): Record<string, unknown>[] {
    const matchers = [`severity="${severity}"`];
    const timing = severity === Severity.critical ? { repeat_interval: CRITICAL_REPEAT } : {};
    const targets = receivers.filter((r) => r.severities.includes(severity));
    if (targets.length === 0) {
        return [{ receiver: NULL_RECEIVER, matchers }];
    }
    return targets.map((r, i) => ({
        receiver: r.name,
        matchers,
        ...timing,
        ...(i < targets.length - 1 ? { continue: true } : {}),
    }));
}

/**
 * The default receiver, for alerts no child route matches (no severity label, or one the platform does not use):
 * the first receiver of critical alerts, else the first receiver, else null. So an alert whose rule forgot its
 * severity still reaches someone rather than being dropped.
 */
export function defaultReceiver(receivers: readonly AlertReceiver[]): string {
    const critical = receivers.find((r) => r.severities.includes(Severity.critical));
    return (critical ?? receivers[0])?.name ?? NULL_RECEIVER;
}

/**
 * Alertmanager's configuration (`alertmanager.config` in the chart values; Helm merges it into the chart's default,
 * whose `global.resolve_timeout` and `templates` stay, while the lists here replace the defaults' whole):
 * - route: grouped by alert name and namespace, to the default receiver unless a child route matches. Children,
 *   first match wins unless it continues: Watchdog (the always-firing dead man's switch) and InfoInhibitor to null;
 *   `severity="info"` to null (the chart's informational alerts page no one); then per severity, critical before
 *   warning, one route to each receiver of that severity, all but the last with `continue`, so every one of them
 *   gets the alert; a severity no receiver takes goes to null.
 * - inhibit_rules: a firing critical alert mutes the warning of the same alert name in the same namespace.
 * - receivers: null, then each receiver with its URL or password read from the mounted Secret.
 */
export function alertmanagerConfig(receivers: readonly AlertReceiver[]): Record<string, unknown> {
    return {
        route: {
            receiver: defaultReceiver(receivers),
            ...ALERT_TIMING,
            group_by: [...ALERT_TIMING.group_by],
            routes: [
                { receiver: NULL_RECEIVER, matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
                { receiver: NULL_RECEIVER, matchers: ['severity="info"'] },
                ...ROUTED_SEVERITIES.flatMap((severity) => severityRoutes(receivers, severity)),
            ],
        },
        inhibit_rules: [
            {
                source_matchers: [`severity="${Severity.critical}"`],
                target_matchers: [`severity="${Severity.warning}"`],
                equal: ["alertname", "namespace"],
            },
        ],
        receivers: [{ name: NULL_RECEIVER }, ...receivers.map(receiverConfig)],
    };
}
