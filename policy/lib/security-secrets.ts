import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Props } from "./resources";

/**
 * Passwords an attacker tries first: product defaults (Grafana `admin`, kube-prometheus-stack's `prom-operator`,
 * MySQL's `root`/`mysql`) and the usual placeholders. Compared case-insensitively.
 */
export const WELL_KNOWN_PASSWORDS: readonly string[] = [
    "admin",
    "password",
    "prom-operator",
    "changeme",
    "root",
    "secret",
    "123456",
    "mysql",
];

/**
 * Variables with which database images start with an empty root password. The MySQL and MariaDB images treat
 * any non-empty value (even "no") as yes; Bitnami images read ALLOW_EMPTY_PASSWORD.
 */
export const ALLOW_EMPTY_PASSWORD_VARIABLES: readonly string[] = [
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
    "MARIADB_ALLOW_EMPTY_PASSWORD",
    "ALLOW_EMPTY_PASSWORD",
];

/** Names of variables and keys whose value must not be empty or well-known. */
export const PASSWORD_NAME = /PASSWORD|PASSWD|SECRET/i;

/** Names of variables and keys that hold any secret value. */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY/i;

/** `*_FILE`, `*_PATH` and `*_DIR` names hold where a secret is mounted, not the secret itself. */
const LOCATION_SUFFIX = /[_.-](FILE|PATH|DIR)$/i;

/** Whether `name` names a secret value (not the location of one). */
export function namesSecret(name: string, pattern: RegExp): boolean {
    return pattern.test(name) && !LOCATION_SUFFIX.test(name);
}

export function isWellKnown(value: string, wellKnown: readonly string[]): boolean {
    const lower = value.toLowerCase();
    return wellKnown.some((known) => known.toLowerCase() === lower);
}

export const wellKnownPasswordsProperty: PolicyConfigSchema["properties"] = {
    wellKnownPasswords: {
        type: "array",
        items: { type: "string" },
        description: "Passwords treated as published defaults (compared case-insensitively).",
        default: [...WELL_KNOWN_PASSWORDS],
    },
};

/** Decodes a Secret `data` value; the API server stores it base64-encoded. */
export function decodeBase64(value: string): string {
    return Buffer.from(value, "base64").toString("utf8");
}

/** A leaf of a values tree: where it sits (`grafana.adminPassword`, `users[0].password`) and its key. */
export interface ValueLeaf {
    readonly path: string;
    readonly key: string;
    readonly read: () => unknown;
}

/**
 * Every leaf of a Helm values tree whose key satisfies `wanted`. Branches are entered only when they are objects
 * or arrays (read from the property descriptor, so a preview-unknown scalar under an unrelated key, such as a
 * load-balancer IP, is never read and does not stop the check); a wanted leaf is read by the caller, so an
 * unknown password still makes the engine report that the policy could not run.
 */
export function leavesOf(node: Props, wanted: (key: string) => boolean, prefix = ""): ValueLeaf[] {
    const leaves: ValueLeaf[] = [];
    for (const key of Object.keys(node)) {
        const path = Array.isArray(node) ? `${prefix}[${key}]` : prefix === "" ? key : `${prefix}.${key}`;
        const raw = Object.getOwnPropertyDescriptor(node, key)?.value;
        if (raw !== null && typeof raw === "object") {
            leaves.push(...leavesOf(node[key], wanted, path));
        } else if (!Array.isArray(node) && wanted(key)) {
            leaves.push({ path, key, read: () => node[key] });
        }
    }
    return leaves;
}
