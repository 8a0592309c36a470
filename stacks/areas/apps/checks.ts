import type { ConfigIssue } from "../../config/errors";
import type { DataConfig } from "../data/schema";
import type { NetworkConfig } from "../network/schema";
import type { StorageConfig } from "../storage/schema";
import type { WordPressConfig } from "./schema";

const AT = ["apps", "wordpress"];

/**
 * Cross-field checks of platform:apps. Each other section is given only when it is sound (its own problems report
 * there): the Gateway's hostnames, the database it uses, the shared role of its uploads.
 */
export function checkWordPress(
    wordpress: WordPressConfig | undefined,
    sections: { network?: NetworkConfig; data?: DataConfig; storage?: StorageConfig },
): ConfigIssue[] {
    if (wordpress === undefined) {
        return [];
    }
    const issues: ConfigIssue[] = [];
    const { autoscaling } = wordpress;
    if (autoscaling.maxReplicas < autoscaling.minReplicas) {
        issues.push({
            path: [...AT, "autoscaling", "maxReplicas"],
            message: `${autoscaling.maxReplicas} is below minReplicas ${autoscaling.minReplicas}`,
        });
    }
    const hostnames = sections.network?.gateway.hostnames;
    if (hostnames !== undefined && !hostnames.includes(wordpress.hostname)) {
        issues.push({
            path: [...AT, "hostname"],
            message: `${wordpress.hostname} is not served by the shared Gateway (network.gateway.hostnames: ${hostnames.join(", ")})`,
        });
    }
    if (sections.data !== undefined) {
        const mariadb = sections.data.mariadb;
        const names = mariadb?.databases.map((d) => d.name) ?? [];
        if (!names.includes(wordpress.database)) {
            issues.push({
                path: [...AT, "database"],
                message: `${wordpress.database} is not one of data.mariadb.databases (${names.join(", ") || "none"})`,
            });
        } else if (mariadb!.namespace !== wordpress.namespace) {
            issues.push({
                path: [...AT, "namespace"],
                message: `${wordpress.namespace} is not data.mariadb.namespace (${mariadb!.namespace}); the app reads its database's Secret there`,
            });
        }
    }
    const valkey = sections.data?.valkey;
    if (wordpress.objectCache && sections.data !== undefined && valkey?.namespace !== wordpress.namespace) {
        issues.push({
            path: [...AT, "objectCache"],
            message:
                valkey === undefined
                    ? "needs data.valkey, the cache it uses"
                    : `needs data.valkey in ${wordpress.namespace}, not ${valkey.namespace}; the app reads the cache's Secret there`,
        });
    }
    if (sections.storage !== undefined && sections.storage.roles.shared === undefined) {
        issues.push({
            path: [...AT, "uploadsSize"],
            message: "needs platform:storage.roles.shared for the uploads claim",
        });
    }
    return issues;
}
