import { parseQuantity } from "../../../contract/quantity";
import { configKey, type ConfigIssue } from "../../config/errors";
import { setSecretCommand } from "../../config/secrets";
import type { NetworkConfig } from "../network/schema";
import type { StorageConfig } from "../storage/schema";
import type { ObservabilityConfig } from "./schema";

const AT = ["observability"];

/** Prometheus reads its size units as powers of 1024 (`GB` is GiB). */
const PROM_UNITS: Readonly<Record<string, number>> = {
    B: 1,
    KB: 2 ** 10,
    MB: 2 ** 20,
    GB: 2 ** 30,
    TB: 2 ** 40,
    PB: 2 ** 50,
    EB: 2 ** 60,
};

/** Bytes of a Prometheus size such as `45GB` (the schema has checked its form). */
export function promSizeBytes(size: string): number {
    const match = /^(\d+(?:\.\d+)?)([A-Z]+)$/.exec(size)!;
    return Number(match[1]) * PROM_UNITS[match[2]];
}

/** The share of the volume retentionSize may take: the WAL and compaction need the rest. */
const RETENTION_SHARE = 0.9;

function retentionIssues(observability: ObservabilityConfig): ConfigIssue[] {
    const { retentionSize, storageSize } = observability.prometheus;
    const volume = parseQuantity(storageSize) ?? 0;
    if (promSizeBytes(retentionSize) <= RETENTION_SHARE * volume) {
        return [];
    }
    return [
        {
            path: [...AT, "prometheus", "retentionSize"],
            message: `${retentionSize} does not fit the ${storageSize} volume (storageSize): keep it at most 90 % of it, so the write-ahead log and compaction have room`,
        },
    ];
}

/** Each receiver needs its secret, and a secret needs its receiver. */
function receiverIssues(
    receivers: Partial<ObservabilityConfig["alertmanager"]["receivers"]>,
    given: (section: string) => boolean,
): ConfigIssue[] {
    const needs: [string, boolean, string][] = [
        ["alertWebhookUrl", receivers.webhook !== undefined, "receivers.webhook"],
        ["alertSlackUrl", receivers.slack !== undefined, "receivers.slack"],
        ["alertSmtpPassword", receivers.email?.username !== undefined, "receivers.email.username"],
    ];
    return needs.flatMap(([secret, needed, by]): ConfigIssue[] => {
        const at = `observability.alertmanager.${by}`;
        if (needed && !given(secret)) {
            return [
                {
                    path: [secret],
                    message: `is required by ${at}; run \`${setSecretCommand(configKey([secret]))}\``,
                },
            ];
        }
        if (!needed && given(secret)) {
            return [{ path: [secret], message: `is set, but ${at} is not: nothing would use it` }];
        }
        return [];
    });
}

/**
 * Cross-field checks of platform:observability. `network` and `storage` are given when their sections are sound;
 * `given` says whether the stack sets a (secret) section at all.
 */
export function checkObservability(
    observability: ObservabilityConfig | undefined,
    sections: { network?: NetworkConfig; storage?: StorageConfig },
    given: (section: string) => boolean,
): ConfigIssue[] {
    if (observability === undefined) {
        // Unset, no secret has a receiver; set but malformed, its own problems report first.
        return given("observability") ? [] : receiverIssues({}, given);
    }
    const issues: ConfigIssue[] = [
        ...retentionIssues(observability),
        ...receiverIssues(observability.alertmanager.receivers, given),
    ];
    const hostnames = sections.network?.gateway.hostnames;
    if (hostnames !== undefined && !hostnames.includes(observability.grafana.hostname)) {
        issues.push({
            path: [...AT, "grafana", "hostname"],
            message: `${observability.grafana.hostname} is not served by the shared Gateway (network.gateway.hostnames: ${hostnames.join(", ")})`,
        });
    }
    const roles = sections.storage?.roles;
    for (const [role, key] of [
        ["metrics", "prometheus"],
        ["logs", "loki"],
    ] as const) {
        if (roles !== undefined && roles[role] === undefined) {
            issues.push({
                path: [...AT, key, "storageSize"],
                message: `needs platform:storage.roles.${role}, the class of its claim`,
            });
        }
    }
    return issues;
}
