import {
    ALERTMANAGER_SECRETS_DIR,
    alertmanagerConfig,
    alertReceiversProblem,
    defaultReceiver,
    receiverSecretData,
    type AlertReceiver,
} from "../../../components/observability/alertmanager-config";

const PAGER: AlertReceiver = {
    name: "pager",
    severities: ["critical"],
    webhook: { url: "https://pager.example/hook" },
};
const CHAT: AlertReceiver = {
    name: "chat",
    severities: ["critical", "warning"],
    slack: { url: "https://chat.example/hooks/abc", channel: "#alerts" },
};
const MAIL: AlertReceiver = {
    name: "mail",
    severities: ["warning"],
    email: {
        to: "ops@example.com",
        from: "alertmanager@example.com",
        smarthost: "smtp.example.com:587",
        username: "alertmanager",
        password: "smtp-secret",
    },
};

type Route = { receiver: string; matchers: string[]; continue?: boolean; repeat_interval?: string };
const routesOf = (config: Record<string, unknown>) => (config.route as { routes: Route[] }).routes;

describe("alertmanagerConfig", () => {
    const config = alertmanagerConfig([PAGER, CHAT, MAIL]);

    it("groups by alert name and namespace, defaulting to the first critical receiver", () => {
        expect(config.route).toMatchObject({
            receiver: "pager",
            group_by: ["alertname", "namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
        });
    });

    it("sends Watchdog, InfoInhibitor and info alerts to null before any severity route", () => {
        expect(routesOf(config).slice(0, 2)).toEqual([
            { receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
            { receiver: "null", matchers: ['severity="info"'] },
        ]);
    });

    it("routes each severity to every receiver of it, continuing past all but the last", () => {
        expect(routesOf(config).slice(2)).toEqual([
            { receiver: "pager", matchers: ['severity="critical"'], repeat_interval: "4h", continue: true },
            { receiver: "chat", matchers: ['severity="critical"'], repeat_interval: "4h" },
            { receiver: "chat", matchers: ['severity="warning"'], continue: true },
            { receiver: "mail", matchers: ['severity="warning"'] },
        ]);
    });

    it("sends a severity no receiver takes to null rather than to the default receiver", () => {
        expect(routesOf(alertmanagerConfig([PAGER])).slice(2)).toEqual([
            { receiver: "pager", matchers: ['severity="critical"'], repeat_interval: "4h" },
            { receiver: "null", matchers: ['severity="warning"'] },
        ]);
    });

    it("lets a critical alert mute the warning of the same alert in the same namespace", () => {
        expect(config.inhibit_rules).toEqual([
            {
                source_matchers: ['severity="critical"'],
                target_matchers: ['severity="warning"'],
                equal: ["alertname", "namespace"],
            },
        ]);
    });

    it("reads every URL and password from the mounted Secret's files, never inline", () => {
        expect(config.receivers).toEqual([
            { name: "null" },
            {
                name: "pager",
                webhook_configs: [{ url_file: `${ALERTMANAGER_SECRETS_DIR}/pager-webhook-url`, send_resolved: true }],
            },
            {
                name: "chat",
                slack_configs: [
                    {
                        api_url_file: `${ALERTMANAGER_SECRETS_DIR}/chat-slack-url`,
                        channel: "#alerts",
                        send_resolved: true,
                    },
                ],
            },
            {
                name: "mail",
                email_configs: [
                    {
                        to: "ops@example.com",
                        from: "alertmanager@example.com",
                        smarthost: "smtp.example.com:587",
                        auth_username: "alertmanager",
                        auth_password_file: `${ALERTMANAGER_SECRETS_DIR}/mail-email-password`,
                        send_resolved: true,
                    },
                ],
            },
        ]);
        expect(ALERTMANAGER_SECRETS_DIR).toBe("/etc/alertmanager/receivers");
        const text = JSON.stringify(config);
        for (const secret of ["https://pager.example/hook", "https://chat.example/hooks/abc", "smtp-secret"]) {
            expect(text).not.toContain(secret);
        }
    });

    it("puts each URL and password in the Secret under the key its file names", () => {
        expect(receiverSecretData([PAGER, CHAT, MAIL])).toEqual({
            "pager-webhook-url": "https://pager.example/hook",
            "chat-slack-url": "https://chat.example/hooks/abc",
            "mail-email-password": "smtp-secret",
        });
        const unauthenticated = { ...MAIL, email: { ...MAIL.email!, password: undefined } };
        expect(receiverSecretData([unauthenticated])).toEqual({});
        expect(alertmanagerConfig([unauthenticated]).receivers).toEqual([
            { name: "null" },
            {
                name: "mail",
                email_configs: [
                    {
                        to: "ops@example.com",
                        from: "alertmanager@example.com",
                        smarthost: "smtp.example.com:587",
                        auth_username: "alertmanager",
                        send_resolved: true,
                    },
                ],
            },
        ]);
    });

    it("discards everything without receivers", () => {
        const none = alertmanagerConfig([]);
        expect(none.receivers).toEqual([{ name: "null" }]);
        expect((none.route as { receiver: string }).receiver).toBe("null");
        expect(routesOf(none).every((r) => r.receiver === "null")).toBe(true);
    });

    it("defaults to the first critical receiver, else the first receiver, else null", () => {
        expect(defaultReceiver([MAIL, CHAT])).toBe("chat");
        expect(defaultReceiver([MAIL])).toBe("mail");
        expect(defaultReceiver([])).toBe("null");
    });
});

describe("alertReceiversProblem", () => {
    it("accepts a webhook, a Slack-compatible webhook and email", () => {
        expect(alertReceiversProblem([PAGER, CHAT, MAIL])).toBeUndefined();
        expect(alertReceiversProblem([])).toBeUndefined();
    });

    it.each([
        [{ ...PAGER, webhook: undefined }, /^args\.alertmanager\.receivers\[1\] "pager" has none of webhook, slack/],
        [
            { ...PAGER, slack: { url: "https://x" } },
            /^args\.alertmanager\.receivers\[1\] "pager" has webhook and slack; give each channel a receiver/,
        ],
        [{ ...PAGER, severities: [] }, /^args\.alertmanager\.receivers\[1\] "pager" has no severities/],
        [{ ...PAGER, severities: ["critical", "critical"] }, /receivers\[1\] "pager" lists a severity more than once/],
        [
            { ...PAGER, severities: ["info"] },
            /receivers\[1\] "pager": severities must be critical or warning, not info/,
        ],
        [
            { ...CHAT },
            /^args\.alertmanager\.receivers\[1\] "chat": the name is also args\.alertmanager\.receivers\[0\]/,
        ],
        [{ ...PAGER, name: "null" }, /receivers\[1\] "null": the name "null" is the receiver that discards/],
        [{ ...PAGER, name: "On Call" }, /receivers\[1\] "On Call": the name must be a DNS label/],
        [
            { ...MAIL, email: { ...MAIL.email!, smarthost: "smtp.example.com" } },
            /receivers\[1\] "mail": email\.smarthost "smtp\.example\.com" is not host:port/,
        ],
        [
            { ...MAIL, email: { ...MAIL.email!, username: undefined } },
            /receivers\[1\] "mail": email\.password needs email\.username/,
        ],
        [{ ...MAIL, email: { ...MAIL.email!, to: " " } }, /receivers\[1\] "mail": email\.to and email\.from must not/],
    ])("rejects %j, naming the receiver", (receiver, message) => {
        expect(alertReceiversProblem([CHAT, receiver as AlertReceiver])).toMatch(message);
    });
});
