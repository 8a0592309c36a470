import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Document, stringify, type YAMLMap, type YAMLSeq } from "yaml";
import { z } from "zod";
import { ConfigError, configKey, type ConfigIssue } from "../../stacks/config/errors";
import { checkStackConfig, parsePlatformConfig } from "../../stacks/config/loader";
import { MAX_DEPTH, RESERVED_KEYS, RESERVED_MESSAGE, TOO_DEEP_MESSAGE } from "../../stacks/config/plain";
import { display } from "../../stacks/config/primitives";
import { platformConfigSchema, type PlatformConfig } from "../../stacks/config/schema";
import { readStackFile } from "../../tools/render/stack-file";
import { STACKS, toCliConfig } from "../helpers/stack-config";
import { stackSections } from "./cases";

type Json = unknown;
type Path = (string | number)[];

/** Values that look like config (addresses, quantities, names) as well as junk, so checks past the schema run. */
const plausible = fc.oneof(
    fc.tuple(fc.constantFrom(10, 192), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join(".")),
    fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 40 })).map(([a, b, p]) => `10.${a}.${b}.0/${p}`),
    fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `192.168.56.${a}-192.168.56.${b}`),
    fc.constantFrom(
        "0",
        "1",
        "500m",
        "4Gi",
        "1e3",
        "9999",
        "-1",
        "1.5",
        "kube-system",
        "default",
        "web",
        "ml",
        "Tesla T4",
    ),
    fc.constantFrom("control-plane", "worker", "restricted", "privileged", "internal-ca", "letsencrypt-prod"),
);

const leaf = fc.oneof(
    plausible,
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.oneof(fc.string(), fc.integer(), plausible), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
    fc.anything({ maxDepth: 2 }),
);

const mutation = fc.oneof(
    fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: leaf }),
    fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("addKey" as const), at: fc.nat(), key: fc.string(), value: leaf }),
    fc.record({ op: fc.constant("swapSections" as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function isContainer(v: Json): v is Record<string | number, Json> {
    return v !== null && typeof v === "object";
}

/** Every path into the document, the root's sections included; the root itself is []. */
function paths(doc: Json, at: Path = []): Path[] {
    if (!isContainer(doc)) {
        return [at];
    }
    const keys: (string | number)[] = Array.isArray(doc) ? doc.map((_, i) => i) : Object.keys(doc);
    return [at, ...keys.flatMap((k) => paths((doc as Record<string | number, Json>)[k], [...at, k]))];
}

function parentOf(
    doc: Record<string, Json>,
    path: Path,
): { parent: Record<string | number, Json>; key: string | number } {
    let parent: Json = doc;
    for (const k of path.slice(0, -1)) {
        parent = (parent as Record<string | number, Json>)[k];
    }
    return { parent: parent as Record<string | number, Json>, key: path[path.length - 1] };
}

function apply(doc: Record<string, Json>, m: Mutation): void {
    if (m.op === "swapSections") {
        const keys = Object.keys(doc);
        if (keys.length > 1) {
            const [a, b] = [keys[m.a % keys.length], keys[m.b % keys.length]];
            [doc[a], doc[b]] = [doc[b], doc[a]];
        }
        return;
    }
    const all = paths(doc);
    const path = all[m.at % all.length];
    if (m.op === "addKey") {
        const target = path.reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], doc);
        if (isContainer(target) && !Array.isArray(target)) {
            target[m.key] = m.value;
        }
        return;
    }
    if (path.length === 0) {
        return;
    }
    const { parent, key } = parentOf(doc, path);
    if (m.op === "replace") {
        parent[key] = m.value;
    } else if (m.op === "duplicate" && Array.isArray(parent)) {
        parent.push(structuredClone(parent[key as number]));
    } else if (Array.isArray(parent)) {
        parent.splice(key as number, 1);
    } else {
        delete parent[key];
    }
}

type Outcome = { ok: true } | { ok: false; reason: string };

/** Parses a mutated config; the only acceptable outcomes are a valid config or a ConfigError naming platform: keys. */
function outcome(raw: Record<string, Json>): Outcome {
    let parsed: PlatformConfig;
    try {
        parsed = parsePlatformConfig(raw);
    } catch (e) {
        if (!(e instanceof ConfigError)) {
            return { ok: false, reason: `threw ${String(e)}` };
        }
        if (e.issues.length === 0) {
            return { ok: false, reason: "ConfigError without issues" };
        }
        for (const issue of e.issues) {
            const key = configKey(issue.path);
            if (!key.startsWith("platform:") || typeof issue.path[0] !== "string" || !issue.message) {
                return { ok: false, reason: `issue ${JSON.stringify(key)}: ${issue.message}` };
            }
            if (!e.message.includes(`\n  ${key}: ${issue.message}`)) {
                return { ok: false, reason: `message does not list ${key}` };
            }
        }
        return { ok: true };
    }
    // A parsed config, encoded back to its written form, is a fixed point of the schema: everything defaulted,
    // every value valid, and the typed values (ranges, flow endpoints) encode to text that parses to them again.
    const again = platformConfigSchema.safeParse(z.encode(platformConfigSchema, parsed));
    return again.success ? { ok: true } : { ok: false, reason: `parsed to an invalid config: ${again.error.message}` };
}

describe.each(STACKS)("fuzzing the real %s config", (stack) => {
    const base = stackSections(stack);

    it("yields a valid config or a ConfigError keyed platform:..., never another exception", () => {
        let errors = 0;
        let valid = 0;
        fc.assert(
            fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
                const doc = structuredClone(base) as Record<string, Json>;
                mutations.forEach((m) => apply(doc, m));
                const result = outcome(doc);
                if (!result.ok) {
                    throw new Error(result.reason);
                }
                try {
                    parsePlatformConfig(doc);
                    valid++;
                } catch {
                    errors++;
                }
            }),
            { seed: stack === "stage" ? 1001 : 2002, numRuns: 400 },
        );
        // Both outcomes occur, so the run exercised the checks past the schema as well as the schema.
        expect(errors).toBeGreaterThan(0);
        expect(valid).toBeGreaterThan(0);
    });

    it("reports a problem for every mutation that only breaks one field's type", () => {
        fc.assert(
            fc.property(fc.nat(), fc.constantFrom<Json>(null, [], {}, true, "not a value"), (at, value) => {
                const doc = structuredClone(base) as Record<string, Json>;
                const leaves = paths(doc).filter(
                    (p) => p.length > 1 && !isContainer(parentOf(doc, p).parent[p[p.length - 1]]),
                );
                const path = leaves[at % leaves.length];
                const { parent, key } = parentOf(doc, path);
                const before = parent[key];
                fc.pre(typeof before !== typeof value && !(Array.isArray(value) && Array.isArray(before)));
                parent[key] = value;
                let error: unknown;
                try {
                    parsePlatformConfig(doc);
                } catch (e) {
                    error = e;
                }
                return error instanceof ConfigError && error.issues.some((i) => path.join().startsWith(i.path.join()));
            }),
            { seed: stack === "stage" ? 3003 : 4004, numRuns: 300 },
        );
    });
});

// The classes of issue 8: reserved keys, stray characters, deep nesting, merge keys.

const valueAt = (doc: Json, p: Path): Json =>
    p.reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], doc);
const isObject = (v: Json): v is Record<string, Json> => isContainer(v) && !Array.isArray(v);
const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => JSON.stringify(a) === JSON.stringify(b);

/** The problems of a config handed over as the CLI does, its declared secret set encrypted. */
function cliIssues(doc: Record<string, Json>): readonly ConfigIssue[] {
    const secretKeys = Object.hasOwn(doc, "dns01Credentials") ? ["platform:dns01Credentials"] : [];
    return checkStackConfig(toCliConfig(doc), secretKeys, "fuzz").issues;
}

function sectionIssues(doc: Record<string, Json>): readonly ConfigIssue[] {
    try {
        parsePlatformConfig(doc);
        return [];
    } catch (e) {
        return (e as ConfigError).issues;
    }
}

const QUANTITY_KEYS = new Set(["cpu", "memory", "requestsCpu", "requestsMemory", "limitsCpu", "limitsMemory"]);
const STRAY_CHARACTERS = ["\u0000", "\t", "\n", "\r", " ", "\u00a0", "\u200b", "\u2028", "\u3000", "\ufeff"];

/** `depth` levels of lists and mappings, the kinds cycling through `lists`. */
function nested(depth: number, lists: readonly boolean[]): Json {
    let value: Json = lists[0] ? [] : {};
    for (let level = 1; level < depth; level++) {
        value = lists[level % lists.length] ? [value] : { k: value };
    }
    return value;
}

describe.each(STACKS)("fuzzing the %s config with the issue 8 classes", (stack) => {
    const base = stackSections(stack);
    const seed = stack === "stage" ? 5005 : 6006;

    it("reports a reserved key at any depth, whatever it holds, by its path", () => {
        const objects = paths(base).filter((p) => isObject(valueAt(base, p)));
        fc.assert(
            fc.property(
                fc.nat(),
                fc.constantFrom(...RESERVED_KEYS),
                leaf.filter((v) => v !== undefined),
                (pick, key, value) => {
                    const doc = structuredClone(base) as Record<string, Json>;
                    const target = objects[pick % objects.length];
                    // An own key, as JSON.parse makes it; assigning `__proto__` would set the prototype instead.
                    Object.defineProperty(valueAt(doc, target), key, { value, enumerable: true, configurable: true });
                    return cliIssues(doc).some(
                        (i) => i.message === RESERVED_MESSAGE && samePath(i.path, [...target, key]),
                    );
                },
            ),
            { seed, numRuns: 200 },
        );
    });

    it("rejects a quantity or address range with a stray character anywhere, naming its key and the character", () => {
        const targets = paths(base).filter(
            (p) =>
                typeof valueAt(base, p) === "string" &&
                (QUANTITY_KEYS.has(String(p.at(-1))) || p.at(-2) === "addresses"),
        );
        expect(targets.length).toBeGreaterThan(0);
        fc.assert(
            fc.property(fc.nat(), fc.constantFrom(...STRAY_CHARACTERS), fc.nat(), (pick, stray, where) => {
                const doc = structuredClone(base) as Record<string, Json>;
                const target = targets[pick % targets.length];
                const { parent, key } = parentOf(doc, target);
                const written = parent[key] as string;
                const index = where % (written.length + 1);
                const padded = `${written.slice(0, index)}${stray}${written.slice(index)}`;
                parent[key] = padded;
                const issue = cliIssues(doc).find((i) => samePath(i.path, target));
                return (
                    issue?.message.startsWith(`${display(padded)} contains `) &&
                    issue.message.includes(`at index ${index};`)
                );
            }),
            { seed, numRuns: 200 },
        );
    });

    it("reports nesting past MAX_DEPTH once, at the key where it crosses, and nothing about nesting within it", () => {
        const targets = paths(base).filter((p) => p.length > 0);
        fc.assert(
            fc.property(
                fc.nat(),
                fc.integer({ min: 1, max: 3 * MAX_DEPTH }),
                fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
                (pick, depth, lists) => {
                    const doc = structuredClone(base) as Record<string, Json>;
                    const target = targets[pick % targets.length];
                    const { parent, key } = parentOf(doc, target);
                    parent[key] = nested(depth, lists);
                    const deep = sectionIssues(doc).filter((i) => i.message === TOO_DEEP_MESSAGE);
                    // The value at `target` is at level target.length, so its innermost list or mapping is this deep.
                    if (target.length + depth - 1 <= MAX_DEPTH) {
                        return deep.length === 0;
                    }
                    return (
                        deep.length === 1 &&
                        deep[0].path.length === MAX_DEPTH + 1 &&
                        samePath(deep[0].path.slice(0, target.length), target)
                    );
                },
            ),
            { seed, numRuns: 200 },
        );
    });

    describe("merge keys in a stack file", () => {
        let dir: string;

        beforeAll(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-merge-"));
        });

        afterAll(() => {
            fs.rmSync(dir, { recursive: true, force: true });
        });

        function read(text: string): Record<string, Json> {
            const file = path.join(dir, "Pulumi.fuzz.yaml");
            fs.writeFileSync(file, text);
            const decode = (v: string): Json => (/^[[{]/.test(v) ? JSON.parse(v) : v);
            return Object.fromEntries(Object.entries(readStackFile(file).config).map(([k, v]) => [k, decode(v)]));
        }

        it("reads a list item written as a `<<` merge of an earlier one as the two merged, its own keys winning", () => {
            const config = Object.fromEntries(Object.entries(base).map(([k, v]) => [`platform:${k}`, v]));
            const lists = paths(config).filter((p) => {
                const v = valueAt(config, p);
                return Array.isArray(v) && v.length >= 2 && v.every(isObject);
            });
            expect(lists.length).toBeGreaterThan(0);
            fc.assert(
                fc.property(fc.nat(), fc.nat(), fc.nat(), (pick, x, y) => {
                    const list = lists[pick % lists.length];
                    const items = valueAt(config, list) as Record<string, Json>[];
                    const source = x % (items.length - 1);
                    const target = source + 1 + (y % (items.length - 1 - source));
                    const doc = new Document({ config }, { merge: true });
                    const seq = doc.getIn(["config", ...list], true) as YAMLSeq;
                    const alias = doc.createAlias(seq.items[source] as YAMLMap, "merged");
                    (seq.items[target] as YAMLMap).items.unshift(doc.createPair("<<", alias));
                    const expected = structuredClone(config);
                    (valueAt(expected, list) as Json[])[target] = { ...items[source], ...items[target] };
                    expect(read(String(doc))).toEqual(read(stringify({ config: expected })));
                }),
                { seed, numRuns: 100 },
            );
        });
    });
});
