import fc from "fast-check";
import { ConfigError, configKey } from "../../stacks/config/errors";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { stackSections } from "./cases";

// Gateway hostnames derive a listener, a Certificate with its Secret and a Pulumi name from a slug in which every
// run of dots and hyphens is one hyphen. Hostnames here are built from a few short words so that lists often
// collide after that derivation; the oracle is the slug rule itself, not the components' naming functions.

const DOMAIN = "cccr-miniproject.com";
const RUNS = { seed: 20260518, numRuns: 150 };

const slug = (hostname: string) => hostname.replace(/[.-]+/g, "-");

const word = fc.constantFrom("a", "b", "ab", "x1");
/** An optional long first label (up to 60 characters), so some derived names exceed 63 and are shortened. */
const longLabel = fc.option(fc.stringMatching(/^[a-z0-9]{40,60}$/), { nil: undefined });

/** Words joined by `.`, `-` or `--`, under the stack's domain. */
function hostnameFrom(words: readonly string[], separators: readonly string[], first?: string): string {
    const joined = words.map((w, i) => (i === 0 ? w : `${separators[i - 1]}${w}`)).join("");
    return [first, joined, DOMAIN].filter((part) => part !== undefined).join(".");
}

/** Hostnames from two words and one long label, so a list of five often holds a collision. */
const hostname = fc
    .tuple(
        fc.array(fc.constantFrom("a", "b"), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(".", "-", "--"), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(undefined, "l".repeat(55)),
    )
    .map(([words, separators, first]) => hostnameFrom(words, separators, first));

const PREFIX = "platform:network.gateway.hostnames[";
const STAGE = stackSections("stage");

/** The hostname issues of stage with `hostnames`, or [] when it parses. */
function hostnameIssues(hostnames: readonly string[]): { key: string; message: string }[] {
    try {
        const raw = structuredClone(STAGE);
        raw.network.gateway.hostnames = [...hostnames];
        parsePlatformConfig(raw);
        return [];
    } catch (e) {
        if (!(e instanceof ConfigError)) {
            throw e;
        }
        return e.issues.map((i) => ({ key: configKey(i.path), message: i.message }));
    }
}

describe("gateway hostnames that collide after derivation", () => {
    it("rejects the second of two hostnames that differ only in where dots and hyphens go, naming the first", () => {
        const pair = fc
            .tuple(
                fc.array(word, { minLength: 2, maxLength: 4 }),
                fc.array(fc.constantFrom(".", "-", "--"), { minLength: 3, maxLength: 3 }),
                fc.array(fc.constantFrom(".", "-", "--"), { minLength: 3, maxLength: 3 }),
                longLabel,
            )
            .map(([words, a, b, first]) => [hostnameFrom(words, a, first), hostnameFrom(words, b, first)] as const)
            .filter(([a, b]) => a !== b);
        fc.assert(
            fc.property(pair, ([a, b]) => {
                // The listener name stays within 63 characters however long the hostname.
                expect(hostnameIssues([DOMAIN, a, b])).toEqual([
                    {
                        key: `${PREFIX}2]`,
                        message: expect.stringMatching(
                            /^derives Gateway listener "https-[a-z0-9-]{1,57}", .*, the same as platform:network\.gateway\.hostnames\[1\]$/,
                        ),
                    },
                ]);
            }),
            RUNS,
        );
    });

    it("accepts a list exactly when no two distinct hostnames share a slug, and names the earlier one", () => {
        fc.assert(
            fc.property(fc.array(hostname, { minLength: 1, maxLength: 5 }), (hostnames) => {
                const distinct = [...new Set(hostnames)];
                const issues = hostnameIssues(distinct).filter((i) => i.key.startsWith(PREFIX));
                const expected = distinct.flatMap((h, i) => {
                    const first = distinct.findIndex((other) => slug(other) === slug(h));
                    return first < i ? [{ at: i, first }] : [];
                });
                expect(issues.map((i) => i.key)).toEqual(expected.map((e) => `${PREFIX}${e.at}]`));
                issues.forEach((issue, n) =>
                    expect(issue.message).toMatch(new RegExp(`the same as ${literal(PREFIX)}${expected[n].first}\\]$`)),
                );
            }),
            RUNS,
        );
    });
});

function literal(text: string): string {
    return text.replace(/[[\].]/g, "\\$&");
}
