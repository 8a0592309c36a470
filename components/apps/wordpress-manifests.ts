import { createHash } from "node:crypto";
import type { MariaDbDatabaseRef } from "../data/mariadb";
import type { ValkeyRef } from "../data/valkey";
import type { Endpoint } from "../network/flows";

/** Apache's port: unprivileged, so www-data can bind it with every capability dropped. */
export const WORDPRESS_PORT = 8080;
export const WORDPRESS_PORT_NAME = "http";

/** www-data in the Debian-based official image, which owns the code the entrypoint copies. */
export const WWW_DATA_UID = 33;

/** Where the entrypoint copies WordPress from /usr/src/wordpress at start (the image's VOLUME). */
export const DOCUMENT_ROOT = "/var/www/html";
export const UPLOADS_PATH = `${DOCUMENT_ROOT}/wp-content/uploads`;

/**
 * A static file Apache serves without PHP or the database: the probes pass before WordPress is installed and do
 * not restart every replica when the database is down (/wp-login.php would answer 500 then).
 */
export const HEALTH_PATH = "/wp-includes/images/blank.gif";

/**
 * The writable paths under the read-only root filesystem: PHP's temp and upload files, Apache's pid file and
 * locks (APACHE_RUN_DIR and APACHE_LOCK_DIR in the image's envvars), the document root the entrypoint fills, and
 * wp-content as its own emptyDir so www-data owns a writable directory there (the uploads mount point inside it
 * would otherwise be created root-owned, and the entrypoint could not copy plugins and themes beside it).
 */
export const WORDPRESS_SCRATCH_PATHS: readonly string[] = [
    "/tmp",
    "/var/run/apache2",
    "/var/lock/apache2",
    DOCUMENT_ROOT,
    `${DOCUMENT_ROOT}/wp-content`,
];

/** Replaces the image's ports.conf (`Listen 80`, which needs root or NET_BIND_SERVICE). */
export const APACHE_PORTS_CONF = `Listen ${WORDPRESS_PORT}\n`;

/** A virtual host on the new port; the image's 000-default.conf stays, bound to `*:80` where nothing listens. */
export const APACHE_SITE_CONF = [
    `<VirtualHost *:${WORDPRESS_PORT}>`,
    `\tDocumentRoot ${DOCUMENT_ROOT}`,
    "\tErrorLog ${APACHE_LOG_DIR}/error.log",
    "\tCustomLog ${APACHE_LOG_DIR}/access.log combined",
    "</VirtualHost>",
    "",
].join("\n");

export const APACHE_CONFIG: Readonly<Record<string, string>> = {
    "ports.conf": APACHE_PORTS_CONF,
    "wordpress.conf": APACHE_SITE_CONF,
};

/** Where each Apache config key is mounted (as a file, over or beside the image's). */
export const APACHE_CONFIG_PATHS: Readonly<Record<string, string>> = {
    "ports.conf": "/etc/apache2/ports.conf",
    "wordpress.conf": "/etc/apache2/sites-enabled/wordpress.conf",
};

/** The Apache ConfigMap's name carries a hash of its content, so a change rolls the pods (subPath mounts never update). */
export function apacheConfigMapName(name: string): string {
    const hash = createHash("sha256").update(JSON.stringify(APACHE_CONFIG)).digest("hex").slice(0, 8);
    return `${name}-apache-${hash}`;
}

/**
 * The authentication keys and salts: every replica must share them, or a login cookie from one pod is rejected by
 * the next (the entrypoint generates random ones per pod when they are unset).
 */
export const WORDPRESS_KEYS = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
] as const;

/**
 * Code lives in per-pod emptyDirs, so installing or updating plugins, themes or core from the admin would diverge
 * between replicas and vanish on restart: new code comes with the image. Outbound HTTP is denied by default anyway.
 */
export const WORDPRESS_CONFIG_EXTRA = "define('DISALLOW_FILE_MODS', true);\ndefine('WP_HTTP_BLOCK_EXTERNAL', true);";

/**
 * The Redis Object Cache plugin's settings (it speaks the protocol Valkey serves): the primary, a prefix per
 * database so two sites never share keys, short timeouts so a cache outage slows pages rather than stopping them,
 * and the password the image's wp-config reads from the environment (getenv_docker), never a literal.
 */
export function objectCacheConfig(cache: ValkeyRef, database: MariaDbDatabaseRef): string {
    return [
        `define('WP_REDIS_HOST', '${cache.host}');`,
        `define('WP_REDIS_PORT', ${cache.port});`,
        `define('WP_REDIS_PASSWORD', getenv_docker('${CACHE_PASSWORD_ENV}', ''));`,
        `define('WP_REDIS_PREFIX', '${database.database}:');`,
        "define('WP_REDIS_TIMEOUT', 1);",
        "define('WP_REDIS_READ_TIMEOUT', 1);",
    ].join("\n");
}

/** The variable the cache password is passed in, from the cache's Secret. */
const CACHE_PASSWORD_ENV = "WORDPRESS_REDIS_PASSWORD";

/** The plain environment: where the database (and the cache) are and who connects. Passwords come from Secrets. */
export function wordpressEnv(database: MariaDbDatabaseRef, cache?: ValkeyRef): Record<string, string> {
    return {
        WORDPRESS_DB_HOST: `${database.host}:${database.port}`,
        WORDPRESS_DB_NAME: database.database,
        WORDPRESS_DB_USER: database.user,
        WORDPRESS_CONFIG_EXTRA: [WORDPRESS_CONFIG_EXTRA, ...(cache ? [objectCacheConfig(cache, database)] : [])].join(
            "\n",
        ),
    };
}

/** The database password from the MariaDB Secret, the keys and salts from the app's own, the cache's from its Secret. */
export function wordpressSecretEnv(
    database: MariaDbDatabaseRef,
    keysSecret: string,
    cache?: ValkeyRef,
): { name: string; secretName: string; key: string }[] {
    return [
        { name: "WORDPRESS_DB_PASSWORD", secretName: database.secretName, key: "password" },
        ...WORDPRESS_KEYS.map((key) => ({ name: `WORDPRESS_${key}`, secretName: keysSecret, key })),
        ...(cache ? [{ name: CACHE_PASSWORD_ENV, secretName: cache.secretName, key: "password" }] : []),
    ];
}

/** Pods the app calls, in its own namespace (the database and the cache run there: their Secrets must be). */
export function podsOf(
    namespace: string,
    pods: { readonly name: string; readonly labels: Readonly<Record<string, string>> },
): Endpoint {
    return { kind: "pods", name: `${namespace}/${pods.name}`, namespaces: [namespace], labels: { ...pods.labels } };
}
