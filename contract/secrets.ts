// Secrets in plain sight: which names name a secret value, and which values are secrets whatever their name. The
// policy pack flags them where the cluster shows them (env values, ConfigMaps, chart values); the render redacts
// them in every file it writes. Callers walk their own trees; no message or marker made here shows a value.

/** Why a value is taken for a secret: `label` for redaction markers, `phrase` for messages. Neither holds the value. */
export interface SecretKind {
    readonly label: string;
    readonly phrase: string;
}

const kind = (label: string, article = "a"): SecretKind => ({ label, phrase: `${article} ${label}` });

export const SECRET_KINDS = {
    named: kind("password-like value"),
    setting: kind("secret setting"),
    privateKey: kind("private key"),
    urlPassword: kind("URL password"),
    authorization: kind("authorization header", "an"),
    highEntropy: kind("high-entropy string"),
} as const satisfies Record<string, SecretKind>;

/** The text that replaces a secret in written output: deterministic, naming the kind and never the value. */
export function redactionMarker(secret: SecretKind): string {
    return `<redacted: ${secret.label}>`;
}

/** Whether written text holds a redaction marker (whole or in part, as in a URL with its password redacted). */
export function holdsRedaction(text: string): boolean {
    return /<redacted: [^>]+>/.test(text);
}

// ---- Names -------------------------------------------------------------------------------------------------------

/** A name's words, lowercased: split on `_`, `-`, `.`, `/` and camelCase (`accessKeyID` → access key id). */
function nameWords(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((word) => word !== "");
}

/** Words that name a password: the ones a weak or empty value matters for. */
const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets"]);

/**
 * Words that name any secret value. `tokens` (MAX_TOKENS) and `session` (SESSION_DRIVER) are settings, not secrets.
 * `salt`: WordPress's `*_SALT` keys sign its cookies like its `*_KEY`s; `pat`: a personal access token
 * (`GITHUB_PAT`, Azure DevOps' `AZURE_DEVOPS_EXT_PAT`); `keyfile`: a key file's content
 * (`GOOGLE_CLOUD_KEYFILE_JSON`), whose path the value test lets pass.
 */
const SECRET_WORDS = new Set([
    ...PASSWORD_WORDS,
    ...["token", "credential", "credentials", "creds", "apikey", "privatekey", "auth", "salt", "pat", "keyfile"],
]);

/** Long words that also end a run-together word: `PGPASSWORD`, `clientsecret`, `accesstoken`, `MINIO_SECRETKEY`. */
const PASSWORD_ENDINGS = ["password", "passwd", "passphrase", "secret"];
const SECRET_ENDINGS = [...PASSWORD_ENDINGS, "token", "apikey", "secretkey", "accesskey", "privatekey"];

/**
 * Last words with which a name describes a secret instead of holding it: where it is (`PASSWORD_FILE`,
 * `TOKEN_PATH`, `SECRET_NAME`, `secretKeyRef`, `ACCESS_KEY_ID`), whom it is for (`TOKEN_AUDIENCE`, `AUTH_URL`,
 * `DB_USER`) or how it is handled (`TOKEN_TTL`, `PASSWORD_MIN_LENGTH`, `AUTH_ENABLED`, `AUTH_TYPE`).
 */
const DESCRIPTOR_WORDS = new Set([
    ...["file", "path", "dir", "directory", "mount", "location", "name", "ref", "arn", "id"],
    ...["url", "uri", "endpoint", "host", "port", "user", "username", "audience", "issuer", "realm", "scope"],
    ...["type", "kind", "mode", "method", "scheme", "strategy", "provider", "backend", "policy", "algorithm"],
    ...["enabled", "enable", "disabled", "required", "length", "size", "limit", "count", "version", "format"],
    ...["ttl", "timeout", "expiry", "expiration", "lifetime", "interval", "seconds", "minutes", "hours", "days"],
]);

/** Public halves of key pairs and keys meant to be published (`PUBLIC_KEY`, `id_rsa.pub`, Stripe's publishable key). */
const PUBLIC_WORDS = new Set(["public", "pub", "publishable"]);

/**
 * Words before `key` for which `<word>Key` is no secret: which key of a Secret holds it (`passwordKey`, `tokenKey`,
 * `userKey`, as charts name them), a data key (`PARTITION_KEY`, `CACHE_KEY`) or a label key (a pod anti-affinity's
 * `topologyKey`). Any other `*_KEY` is key material.
 */
const KEY_OF = new Set([
    ...["password", "passwd", "pwd", "pass", "token", "user", "username"],
    ...["partition", "sort", "routing", "cache", "primary", "foreign", "idempotency"],
    ...["topology", "label", "annotation"],
]);

/** Words after `key` that still name its material: `KEY_CONTENT`, `SSH_KEY_DATA`, `SIGNING_KEY_PEM`, `SA_KEY_JSON`. */
const KEY_MATERIAL = new Set(["content", "data", "material", "pem", "b64", "base64", "json"]);

/** OpenSSH's private identity files (`id_rsa`, `id_ed25519`); their `.pub` halves are public. */
const SSH_IDENTITIES = new Set(["rsa", "dsa", "ecdsa", "ed25519"]);

const isWordOf = (word: string, words: ReadonlySet<string>, endings: readonly string[]): boolean => {
    const bare = word.replace(/\d+$/, "");
    return words.has(bare) || endings.some((ending) => bare.endsWith(ending));
};

/** Whether `name` names a secret value itself: not where it is mounted, what it is called or how it is used. */
export function namesSecret(name: string): boolean {
    // The shell's working directory, not MySQL's MYSQL_PWD.
    if (name === "PWD") {
        return false;
    }
    const all = nameWords(name);
    const last = all[all.length - 1];
    // `existingSecret`, `usersExistingSecret`: the name of a Secret that holds it, as charts spell it.
    if (last === undefined || all.includes("existing") || all.some((word) => PUBLIC_WORDS.has(word))) {
        return false;
    }
    // Vault's AppRole secret_id is a credential; any other `*_ID` identifies one.
    if (DESCRIPTOR_WORDS.has(last) && !(last === "id" && all[all.length - 2] === "secret")) {
        return false;
    }
    if (all[0] === "id" && SSH_IDENTITIES.has(all[1])) {
        return true;
    }
    const key = all.lastIndexOf("key");
    const material = key === all.length - 1 ? key > 0 : key >= 0 && key === all.length - 2 && KEY_MATERIAL.has(last);
    if (material && KEY_OF.has(all[key - 1])) {
        return false;
    }
    return material || all.some((word) => isWordOf(word, SECRET_WORDS, SECRET_ENDINGS));
}

/** Whether `name` names a password or secret, whose value must not be empty or well-known. */
export function namesPassword(name: string): boolean {
    return namesSecret(name) && nameWords(name).some((word) => isWordOf(word, PASSWORD_WORDS, PASSWORD_ENDINGS));
}

// ---- Values ------------------------------------------------------------------------------------------------------

/** Stand-ins, not values: `$(VAR)`, `${VAR}`, `$VAR`, `{{ .Values.x }}`, `<redacted>`, `****`, a YAML block marker. */
const PLACEHOLDER = /^(?:\$\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{.*\}\}|<[^<>]*>|\*+|[|>][-+]?)$/s;

/** A path names where the secret is mounted (`GOOGLE_APPLICATION_CREDENTIALS`, `SSL_KEY=/etc/ssl/key.pem`). */
const LOCATION = /^(?:~|\.{0,2})\/\S*$/;

/** Flags and nothing: no one's password. */
const NON_VALUE = /^(?:true|false|yes|no|on|off|null|none|~)$/i;

/** Whether a literal under a secret name is a value at all rather than empty, a stand-in, a location or a flag. */
export function isLiteral(value: string): boolean {
    const text = value.trim();
    return text !== "" && !PLACEHOLDER.test(text) && !LOCATION.test(text) && !NON_VALUE.test(text);
}

/** Where a secret sits in a text, end exclusive. */
interface SecretSpan {
    readonly kind: SecretKind;
    readonly start: number;
    readonly end: number;
}

/** A form a secret takes in text; the named group `secret`, if any, is the part to redact. */
interface SecretForm {
    readonly kind: SecretKind;
    readonly pattern: RegExp;
}

/**
 * Tokens whose issuers give them a fixed, greppable shape, after gitleaks' default rules (its rule ids in the
 * comments), narrowed to the prefix or checksum that makes each one unambiguous: a rule gitleaks backs with an
 * entropy threshold or a nearby keyword is left to the high-entropy test and the name.
 */
const TOKEN_FORMATS: readonly (readonly [string, string, RegExp])[] = [
    // aws-access-token. The ID is the public half of a key pair, but its shape says a key pair is in plain sight.
    ["AWS access key ID", "an", /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/],
    // azure-ad-client-secret: three characters, a digit, `Q~`, then the secret.
    ["Azure AD client secret", "an", /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/],
    // github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat
    ["GitHub token", "a", /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/],
    // gitlab-pat, -deploy-token, -runner-authentication-token, -ptt, -feed-token, -oauth-app-secret, -scim-token,
    // -cicd-job-token, -kubernetes-agent-token, -incoming-mail-token, -feature-flag-client-token, -rrt
    [
        "GitLab token",
        "a",
        /\b(?:gl(?:pat|dt|rt|ptt|ft|oas|soat|cbt|agent|imt|ffct)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})/,
    ],
    // slack-bot-token, -user-token, -legacy-*, -config-access-token, -config-refresh-token, -app-token
    ["Slack token", "a", /\b(?:xox[abposr]|xoxe(?:\.xox[bp])?|xapp)-[A-Za-z0-9-]{10,}/],
    // slack-webhook-url: the URL is the credential.
    ["Slack webhook URL", "a", /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/],
    // stripe-access-token: test-mode keys too, which read and write the account's test data.
    ["Stripe secret key", "a", /\b[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,99}/],
    // gcp-api-key
    ["Google API key", "a", /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/],
    // huggingface-access-token, huggingface-organization-api-token
    ["Hugging Face token", "a", /\b(?:hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z]{34})/],
    // openai-api-key: every key carries the base64 of "OpenAI" (T3BlbkFJ).
    ["OpenAI API key", "an", /\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}/],
    // anthropic-api-key, anthropic-admin-api-key
    ["Anthropic API key", "an", /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{93}AA/],
    // npm-access-token
    ["npm token", "an", /\bnpm_[A-Za-z0-9]{36}\b/],
    // pypi-upload-token: the macaroon's fixed header.
    ["PyPI token", "a", /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/],
    // digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token
    ["DigitalOcean token", "a", /\bdo[por]_v1_[a-f0-9]{64}\b/],
    // grafana-service-account-token, grafana-cloud-api-token, grafana-api-key (base64 of `{"k":"`)
    [
        "Grafana token",
        "a",
        /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2}|eyJrIjoi[A-Za-z0-9]{70,400}={0,2})/,
    ],
    // sendgrid-api-token
    ["SendGrid API key", "a", /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/],
    // hashicorp-tf-api-token
    ["Terraform Cloud token", "a", /\b[a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}/],
    // vault-service-token, vault-batch-token (the current hvs./hvb. forms; the legacy `s.` form is too short to tell)
    ["Vault token", "a", /\bhv[sb]\.[A-Za-z0-9_-]{90,300}/],
    // pulumi-api-token
    ["Pulumi access token", "a", /\bpul-[a-f0-9]{40}\b/],
    // age-secret-key: SOPS' and age's identities, in bech32.
    ["age secret key", "an", /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/],
    // jwt
    ["JSON web token", "a", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
];

const SECRET_FORMS: readonly SecretForm[] = [
    {
        kind: SECRET_KINDS.privateKey,
        pattern:
            /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/dg,
    },
    { kind: SECRET_KINDS.urlPassword, pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:(?<secret>[^\s@/?#]+)@/dgi },
    {
        kind: SECRET_KINDS.authorization,
        pattern:
            /\bAuthorization["']?[ \t]*[:=]?[ \t]*["']?(?:Basic|Bearer|Token)[ \t]+(?<secret>[A-Za-z0-9+/=._~-]{8,})/dgi,
    },
    ...TOKEN_FORMATS.map(([label, article, pattern]) => ({
        kind: kind(label, article),
        pattern: new RegExp(pattern, "dg"),
    })),
];

function formSpans(form: SecretForm, text: string): SecretSpan[] {
    return [...text.matchAll(form.pattern)]
        .map((match) => match.indices?.groups?.secret ?? match.indices?.[0] ?? [0, 0])
        .filter(([start, end]) => isLiteral(text.slice(start, end)))
        .map(([start, end]) => ({ kind: form.kind, start, end }));
}

/** `password=…` in a config file, `--db-password=…` in args, `"token": "…"` in JSON, `?token=…` in a URL. */
const ASSIGNMENT = /(?<![\w.])-{0,2}(["']?)([A-Za-z_][\w.-]*)\1[ \t]*[:=][ \t]*/g;

/** Values assigned to secret names in text: a quoted value to its quote, a bare one to the end of its line. */
function assignedSpans(text: string): SecretSpan[] {
    const spans: SecretSpan[] = [];
    for (const match of text.matchAll(ASSIGNMENT)) {
        if (!namesSecret(match[2])) {
            continue;
        }
        const from = (match.index ?? 0) + match[0].length;
        const rest = text.slice(from);
        const line = rest.search(/[\r\n]|$/);
        const close = rest[0] === '"' || rest[0] === "'" ? rest.indexOf(rest[0], 1) : -1;
        const [start, end] = close > 0 && close < line ? [1, close] : [0, rest.slice(0, line).trimEnd().length];
        if (isLiteral(rest.slice(start, end))) {
            spans.push({ kind: SECRET_KINDS.setting, start: from + start, end: from + end });
        }
    }
    return spans;
}

/** Every secret inside `text` found by its form alone, whatever it is called: ordered, overlaps merged. */
function secretSpans(text: string): SecretSpan[] {
    const spans = [...SECRET_FORMS.flatMap((form) => formSpans(form, text)), ...assignedSpans(text)].sort(
        (a, b) => a.start - b.start,
    );
    const merged: SecretSpan[] = [];
    for (const span of spans) {
        const previous = merged[merged.length - 1];
        if (previous !== undefined && span.start < previous.end) {
            merged[merged.length - 1] = { ...previous, end: Math.max(previous.end, span.end) };
        } else {
            merged.push(span);
        }
    }
    return merged;
}

/** Base64, base64url and alphanumeric runs: the alphabets generated tokens are written in. */
const TOKEN_ALPHABET = /^[A-Za-z0-9+/=_-]+$/;
const MIN_TOKEN_LENGTH = 24;
const MAX_TOKEN_LENGTH = 256;

/** Shannon entropy of `text` in bits per character. */
function entropy(text: string): number {
    const counts = new Map<string, number>();
    for (const char of text) {
        counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    const p = (count: number) => count / text.length;
    return [...counts.values()].reduce((bits, count) => bits - p(count) * Math.log2(p(count)), 0);
}

/**
 * Whether the whole of `value` looks generated: one run of 24 to 256 token characters with lower case, upper case
 * and digits, whose entropy reaches 0.84·log2(length) bits per character, at most 4.8. That is about the first
 * percentile of random base62 strings of the same length, which identifiers (`HorizontalPodAutoscalerV2Beta2`,
 * `v1alpha1ControllerConfig`) stay under. Shorter strings cannot be told from words and are left to the name;
 * hex (digests, checksums, UUIDs, the engine's unknown marker) lacks upper case; longer runs are blobs
 * (certificate bundles) whose keys the private-key form finds.
 */
export function isHighEntropy(value: string): boolean {
    const length = value.length;
    if (length < MIN_TOKEN_LENGTH || length > MAX_TOKEN_LENGTH || !TOKEN_ALPHABET.test(value)) {
        return false;
    }
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) {
        return false;
    }
    return entropy(value) >= Math.min(0.84 * Math.log2(length), 4.8);
}

/** The secret `value` holds by its form alone, whatever its name, or undefined. */
export function secretFormIn(value: string): SecretKind | undefined {
    return secretSpans(value)[0]?.kind ?? (isHighEntropy(value) ? SECRET_KINDS.highEntropy : undefined);
}

/** What makes the literal `value` under `name` a secret in plain sight, or undefined: its form first, then its name. */
export function secretIn(name: string, value: string): SecretKind | undefined {
    return secretFormIn(value) ?? (namesSecret(name) && isLiteral(value) ? SECRET_KINDS.named : undefined);
}

/**
 * `value` as it may be written out: whole, behind one marker, when its name or its entropy makes all of it a
 * secret; otherwise with each secret found inside replaced (`mysql://app:<redacted: URL password>@db/x`).
 */
export function redactSecretsIn(name: string, value: string): string {
    const whole = secretIn(name, value);
    if (whole === undefined) {
        return value;
    }
    if (isHighEntropy(value) || (namesSecret(name) && isLiteral(value))) {
        return redactionMarker(whole);
    }
    return secretSpans(value).reduceRight(
        (text, span) => `${text.slice(0, span.start)}${redactionMarker(span.kind)}${text.slice(span.end)}`,
        value,
    );
}

/** The name a leaf goes by: its key, or for `value` beside a `name` (env entries, Helm `set`), that name. */
export function leafName(key: string, siblings: Readonly<Record<string, unknown>>): string {
    return key === "value" && typeof siblings.name === "string" ? siblings.name : key;
}
