import type { PolicyConfigSchema } from "@pulumi/policy";
import { leafName, namesSecret, secretIn, type SecretKind } from "../../contract/secrets";
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

/** Decodes a Secret `data` or ConfigMap `binaryData` value, which the API server stores base64-encoded. */
export function decodeBase64(value: string): string {
    return Buffer.from(value, "base64").toString("utf8");
}

/**
 * The secret that the literal `node[key]` under `name` holds in plain sight (contract/secrets.ts), or undefined.
 * Under a secret name the value is read, so one unknown at preview makes the engine report that the policy could
 * not run; under any other name it is judged only when known (read from the property descriptor), so an unknown
 * address or label never stops the check.
 */
export function plaintextSecret(node: Props, key: string, name: string): SecretKind | undefined {
    const value = namesSecret(name) ? node[key] : Object.getOwnPropertyDescriptor(node, key)?.value;
    return typeof value === "string" || typeof value === "number" ? secretIn(name, String(value)) : undefined;
}

/**
 * A scalar leaf of a values tree: where it sits (`grafana.adminPassword`, `users[0].password`), the name it goes by
 * (its key; for `value` beside a `name`, that name; for a list item, the list's) and how to read it.
 */
export interface ValueLeaf {
    readonly path: string;
    readonly name: string;
    readonly node: Props;
    readonly key: string;
}

/**
 * Every scalar leaf of a Helm values tree. Branches are entered only when they are objects or arrays (read from
 * the property descriptor, so a preview-unknown scalar, such as a load-balancer IP, is never read and does not stop
 * the check); leaves are read by the caller, which decides by name whether an unknown may stop it.
 */
export function leavesOf(node: Props, prefix = "", listName = ""): ValueLeaf[] {
    const leaves: ValueLeaf[] = [];
    const list = Array.isArray(node);
    for (const key of Object.keys(node)) {
        const path = list ? `${prefix}[${key}]` : prefix === "" ? key : `${prefix}.${key}`;
        const name = list ? listName : leafName(key, node);
        const raw = Object.getOwnPropertyDescriptor(node, key)?.value;
        if (raw !== null && typeof raw === "object") {
            leaves.push(...leavesOf(node[key], path, name));
        } else {
            leaves.push({ path, name, node, key });
        }
    }
    return leaves;
}
