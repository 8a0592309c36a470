import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isNode, isScalar, parseDocument, type Document } from "yaml";
import { CONFIG_NAMESPACE, ConfigError, configKey } from "../../stacks/config/errors";
import { checkStackConfig, requiredSecrets } from "../../stacks/config/loader";
import { MAX_DEPTH, TOO_DEEP_MESSAGE } from "../../stacks/config/plain";
import { setSecretCommand } from "../../stacks/config/secrets";

/** Config as the CLI hands it to a program: full keys to strings, plus which keys are secret. */
export interface StackConfig {
    readonly file: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

/** The value a `secure:` entry gets offline: render cannot decrypt, and every writer redacts it anyway. */
export const OFFLINE_SECRET = "offline-render-placeholder";

/** The yaml package's guard against aliases that expand exponentially ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

const TO_JS = { mapAsMap: true, maxAliasCount: MAX_ALIAS_COUNT } as const;

/** A stack file that cannot be read or is not YAML with a `config` mapping. */
export class StackFileError extends Error {
    constructor(file: string, problem: string) {
        super(`${file}: ${problem}`);
        this.name = "StackFileError";
    }
}

const firstLine = (e: unknown) => (e as Error).message.split("\n")[0];

const describeKey = (key: unknown) => (key !== null && typeof key === "object" ? "a collection" : JSON.stringify(key));

/** Whether a call throws. */
function fails(call: () => unknown): boolean {
    try {
        call();
        return false;
    } catch {
        return true;
    }
}

/**
 * The document as data, `<<` merges applied and aliases expanded. When an alias expands too far (or a merge source
 * is no mapping), the error names the config entry whose value does it.
 */
function toData(doc: Document.Parsed, file: string): unknown {
    try {
        return doc.toJS(TO_JS);
    } catch (e) {
        const config = doc.get("config", true);
        const culprit = isMap(config)
            ? config.items.find(({ value }) => isNode(value) && fails(() => value.toJS(doc, TO_JS)))
            : undefined;
        const key = culprit && isScalar(culprit.key) ? `${String(culprit.key.value)}: ` : "";
        throw new StackFileError(file, `${key}${firstLine(e)}`);
    }
}

/**
 * One config entry's value as the CLI passes it to the program: a string as it is, anything else JSON-encoded.
 * Like the CLI (config.isSecureValue), a mapping whose only key is `secure` with a string is a secret, at any
 * depth; offline it becomes OFFLINE_SECRET and the whole key is secret.
 */
function entryValue(file: string, fullKey: string, value: unknown): { text: string; secret: boolean } {
    const colon = fullKey.indexOf(":");
    const namespace = fullKey.slice(0, colon);
    const fail = (at: readonly PropertyKey[], problem: string) =>
        new StackFileError(file, `${configKey(at, namespace)}: ${problem}`);
    let secret = false;
    const convert = (v: unknown, at: readonly PropertyKey[]): unknown => {
        if (!(v instanceof Map) && !Array.isArray(v)) {
            return v;
        }
        // `at` starts with the key, so its length is the value's level; an alias of its own ancestor ends here too.
        if (at.length > MAX_DEPTH) {
            throw fail(at, TOO_DEEP_MESSAGE);
        }
        if (Array.isArray(v)) {
            return v.map((item, i) => convert(item, [...at, i]));
        }
        if (v.size === 1 && typeof v.get("secure") === "string") {
            secret = true;
            return OFFLINE_SECRET;
        }
        const out: Record<string, unknown> = Object.create(null);
        for (const [key, item] of v) {
            if (typeof key !== "string") {
                throw fail(at, `mapping keys must be strings, not ${describeKey(key)}`);
            }
            out[key] = convert(item, [...at, key]);
        }
        return out;
    };
    const data = convert(value, [fullKey.slice(colon + 1)]);
    return { text: typeof data === "string" ? data : JSON.stringify(data), secret };
}

/**
 * Reads a Pulumi.<stack>.yaml the way the CLI does, without decrypting `secure:` values: `<<` merge keys applied,
 * an unqualified key in the project's namespace, nesting and alias expansion capped with the key named.
 */
export function readStackFile(file: string): StackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new StackFileError(file, firstLine(e));
    }
    const doc = parseDocument(text, { merge: true });
    // Nesting that exhausts the parser's stack is reported below with its key, from what did parse.
    const syntax = doc.errors.find((e) => e.code !== "RESOURCE_EXHAUSTION");
    if (syntax) {
        throw new StackFileError(file, firstLine(syntax));
    }
    const root = toData(doc, file) ?? new Map();
    const entries = root instanceof Map ? (root.get("config") ?? new Map()) : undefined;
    if (!(entries instanceof Map)) {
        throw new StackFileError(file, "`config` must be a mapping of keys to values");
    }
    const config = new Map<string, string>();
    const secretKeys: string[] = [];
    for (const [key, value] of entries) {
        if (typeof key !== "string") {
            throw new StackFileError(file, `config keys must be strings, not ${describeKey(key)}`);
        }
        // The CLI puts a key without a namespace in the project's, which is the program's.
        const fullKey = key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
        if (config.has(fullKey)) {
            throw new StackFileError(file, `${fullKey}: set twice, with and without its namespace`);
        }
        const entry = entryValue(file, fullKey, value);
        config.set(fullKey, entry.text);
        if (entry.secret) {
            secretKeys.push(fullKey);
        }
    }
    if (doc.errors.length > 0) {
        throw new StackFileError(file, firstLine(doc.errors[0]));
    }
    return { file, config: Object.fromEntries(config), secretKeys };
}

/** A stack's config as the offline render hands it to the program. */
export interface OfflineConfig extends StackConfig {
    /** Secret keys the file lacks although the config requires them; the render supplies OFFLINE_SECRET for each. */
    readonly standIns: readonly string[];
    /** Keys for the engine or the kubernetes provider: a real preview uses them, the offline render does not. */
    readonly otherKeys: readonly string[];
}

/**
 * The file's config plus a stand-in for every required secret it lacks (a real preview needs `pulumi config set
 * --secret` for those); throws a ConfigError listing every problem that remains.
 */
export function offlineConfig(stackConfig: StackConfig, stack: string): OfflineConfig {
    const first = checkStackConfig(stackConfig.config, stackConfig.secretKeys, stack);
    const standIns = requiredSecrets(first, stackConfig.config).map((s) => `${CONFIG_NAMESPACE}:${s}`);
    const config = { ...stackConfig.config, ...Object.fromEntries(standIns.map((k) => [k, OFFLINE_SECRET])) };
    const secretKeys = [...stackConfig.secretKeys, ...standIns];
    const checked = standIns.length === 0 ? first : checkStackConfig(config, secretKeys, stack);
    if (checked.config === undefined) {
        throw new ConfigError(checked.issues);
    }
    return { file: stackConfig.file, config, secretKeys, standIns, otherKeys: checked.otherKeys };
}

/** What a render says about its input: each stand-in secret, and each key it leaves to a real preview. */
export function offlineNotes(offline: OfflineConfig, stack: string): string[] {
    const file = path.basename(offline.file);
    return [
        ...offline.standIns.map(
            (key) =>
                `stand-in secret ${key}: ${file} does not set it, so this render uses a placeholder; before a real preview run \`${setSecretCommand(key, stack)}\``,
        ),
        ...offline.otherKeys.map(
            (key) => `not rendered ${key}: a real preview hands it to the engine or the kubernetes provider`,
        ),
    ];
}
