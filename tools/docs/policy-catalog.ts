import type { EnforcementLevel } from "@pulumi/policy";
import { resolvePolicy, type Profile } from "../../policy/harness/profile";
import { describeExemptObject, Topic, type Exemption, type PlatformPolicy } from "../../policy/pack";
import { typeName } from "./config-reference";
import type { JsonSchema } from "./config-schema";
import { code, document, literal, table } from "./markdown";
import { policyTestFile, profileFile } from "./paths";
import { byCodePoint } from "../../contract/order";
import { ADVISORY_REASONS_FILE, type AdvisoryReasons } from "./advisory-reasons";

/** The level policy/index.ts gives the pack; a rule without a profile entry or own level runs at it. */
export const PACK_LEVEL: EnforcementLevel = "advisory";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

export interface CatalogInput {
    readonly pack: { readonly name: string; readonly version: string };
    readonly policies: readonly PlatformPolicy[];
    /** Stack name to its --policy-pack-config profile, in the order the catalog shows stacks. */
    readonly profiles: readonly { readonly stack: string; readonly profile: Profile }[];
    /** The pack's exemptions (policy/exemptions.yaml). */
    readonly exemptions: readonly Exemption[];
    /** Why a rule is advisory in a stack (policy/profiles/advisory-reasons.yaml). */
    readonly advisoryReasons: AdvisoryReasons;
    /** Reads a repository file (tests), or undefined when it does not exist. */
    readonly readFile: (repoPath: string) => string | undefined;
}

/** One `it(`/`test(` case per match, including `.only`/`.skip`/`.each` variants; comments are not parsed out. */
export function countTestCases(source: string | undefined): number {
    return source === undefined ? 0 : (source.match(/(?<![\w.$])(?:it|test)(?:\.[a-zA-Z]+)?\s*\(/g) ?? []).length;
}

const area = (p: PlatformPolicy): string => p.tags[0];

/** Known topics in their declared order, then any other area alphabetically. */
function areaOrder(policies: readonly PlatformPolicy[]): string[] {
    const known: string[] = Object.values(Topic);
    const used = [...new Set(policies.map(area))];
    return [
        ...known.filter((t) => used.includes(t)),
        ...used.filter((t) => !known.includes(t)).sort((a, b) => byCodePoint(a, b)),
    ];
}

const kindOf = (p: PlatformPolicy): string => ("validateStack" in p ? "stack" : "resource");

interface RuleFacts {
    readonly policy: PlatformPolicy;
    readonly area: string;
    readonly testFile: string;
    readonly fixtures: number;
    readonly enforcement: readonly { stack: string; level: string; config: Readonly<Record<string, unknown>> }[];
}

function facts(input: CatalogInput, policy: PlatformPolicy): RuleFacts {
    const testFile = policyTestFile(area(policy), policy.name);
    return {
        policy,
        area: area(policy),
        testFile,
        fixtures: countTestCases(input.readFile(testFile)),
        enforcement: input.profiles.map(({ stack, profile }) => {
            const resolved = resolvePolicy(profile, policy, PACK_LEVEL);
            return { stack, level: resolved.enforcement, config: resolved.config };
        }),
    };
}

function configTable(rule: RuleFacts): string {
    const properties = Object.entries(rule.policy.configSchema?.properties ?? {}).sort(([a], [b]) => byCodePoint(a, b));
    if (properties.length === 0) {
        return "Configuration: none.";
    }
    const rows = properties.map(([name, raw]) => {
        const schema = (typeof raw === "object" ? raw : {}) as JsonSchema;
        return [
            code(name),
            typeName(schema),
            schema.default !== undefined ? literal(schema.default) : "",
            ...rule.enforcement.map((e) => (name in e.config ? literal(e.config[name]) : "default")),
            typeof schema.description === "string" ? schema.description : "",
        ];
    });
    return [
        "Configuration (`--policy-pack-config` properties):",
        "",
        table(["property", "type", "default", ...rule.enforcement.map((e) => e.stack), "description"], rows),
    ].join("\n");
}

function ruleSection(rule: RuleFacts): string[] {
    const p = rule.policy;
    const extraTags = p.tags.slice(1);
    return [
        `### ${p.name}`,
        p.description ?? "",
        table(
            ["", ""],
            [
                ["area", rule.area],
                ["kind", `${kindOf(p)} policy`],
                ["severity", p.severity ?? ""],
                ...rule.enforcement.map((e) => [`${e.stack} enforcement`, e.level]),
                ["fixtures", `${rule.fixtures} (${code(rule.testFile)})`],
                ...(extraTags.length > 0 ? [["tags", extraTags.map(code).join(", ")]] : []),
            ],
        ),
        `Remediation: ${p.remediationSteps ?? ""}`,
        configTable(rule),
    ];
}

/** Every rule advisory in a stack, with the reason the reasons file gives (a test keeps the two in step). */
function advisorySection(rules: readonly RuleFacts[], reasons: AdvisoryReasons): string[] {
    const rows = rules.flatMap((r) =>
        r.enforcement
            .filter((e) => e.level === "advisory")
            .map((e) => [e.stack, `[${r.policy.name}](#${r.policy.name})`, reasons[e.stack]?.[r.policy.name] ?? ""]),
    );
    return [
        "## Advisory by stack",
        [
            "An advisory rule reports without failing the preview. Every rule is mandatory in prod; a rule that is",
            `advisory in another stack is a documented relaxation of that environment, with its reason in \`${ADVISORY_REASONS_FILE}\`.`,
        ].join("\n"),
        rows.length === 0
            ? "No rule is advisory in any stack."
            : table(
                  ["stack", "rule", "why"],
                  rows.sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1])),
              ),
    ];
}

function exemptionSection(exemptions: readonly Exemption[]): string[] {
    const sorted = [...exemptions].sort(
        (a, b) => byCodePoint(a.policy, b.policy) || byCodePoint(a.expires, b.expires) || byCodePoint(a.owner, b.owner),
    );
    return [
        "## Exemptions",
        [
            "Documented, owned, expiring exceptions live in `policy/exemptions.yaml`. Each entry names one `policy`, the",
            "`component` that needs it (its type token, e.g. `platform:network:MetalLb`), the exact `resource` (`kind`,",
            "`namespace`, `name`; no globs), a `reason`, an `owner` and `expires` (the last day it applies, YYYY-MM-DD,",
            "UTC). It suppresses a rule's violations only on that object and only where the component declared it (its",
            "URN descends from the component), so the same object declared by anything else, or any other object in the",
            "namespace, is still judged. No rule exempts whole namespaces. An active exemption is listed in the policy",
            "report; an expired one is itself a violation of `platform-disallow-expired-exemptions`.",
        ].join("\n"),
        sorted.length === 0
            ? "No exemptions are declared."
            : table(
                  ["policy", "object", "owner", "expires", "reason"],
                  sorted.map((e) => [
                      `[${e.policy}](#${e.policy})`,
                      describeExemptObject(e),
                      e.owner,
                      e.expires,
                      e.reason,
                  ]),
              ),
    ];
}

/** docs/policies.md: every rule with its metadata, enforcement per stack, configuration and fixture count. */
export function policyCatalog(input: CatalogInput): string {
    const rules = input.policies.map((p) => facts(input, p));
    const areas = areaOrder(input.policies);
    const inArea = (a: string) =>
        rules.filter((r) => r.area === a).sort((x, y) => byCodePoint(x.policy.name, y.policy.name));
    const stacks = input.profiles.map((p) => p.stack);
    const level = (rule: RuleFacts, stack: string) => rule.enforcement.find((e) => e.stack === stack)?.level ?? "";
    return document([
        "# Policy catalog",
        `<!-- Generated by \`npm run docs\` (tools/docs/generate.ts) from policy/pack.ts, policy/profiles and tests/policy. Do not edit by hand. -->`,
        [
            `The rules of the CrossGuard pack ${code(input.pack.name)} ${input.pack.version} (\`policy/pack.ts\`):`,
            `${rules.length} rules in ${areas.length} areas. The Pulumi CLI runs them in \`pulumi preview --policy-pack policy`,
            "--policy-pack-config policy/profiles/<stack>.json`; the offline render (`npm run render -- <stack>`) and the",
            "tests run the same rule objects with the same profile through the harness in `policy/harness/`.",
        ].join("\n"),
        [
            "Enforcement per stack is resolved the way the CLI does it: the rule's entry in the profile, else the",
            `profile's \`all\`, else the rule's own level, else the pack's level (${code(PACK_LEVEL)}).`,
            `Profiles: ${stacks.map((s) => code(profileFile(s))).join(", ")}.`,
            "Fixtures are the `it`/`test` cases in `tests/policy/rules/<area>/<rule>.test.ts`.",
            "This page is regenerated by `npm run docs`; `tests/docs` fails when it is stale.",
        ].join("\n"),
        "## Areas",
        table(
            ["area", "rules", ...SEVERITIES],
            areas.map((a) => [
                `[${a}](#${a})`,
                String(inArea(a).length),
                ...SEVERITIES.map((s) => String(inArea(a).filter((r) => r.policy.severity === s).length)),
            ]),
        ),
        "## Index",
        table(
            ["rule", "area", "kind", "severity", ...stacks, "fixtures"],
            areas.flatMap((a) =>
                inArea(a).map((r) => [
                    `[${r.policy.name}](#${r.policy.name})`,
                    a,
                    kindOf(r.policy),
                    r.policy.severity ?? "",
                    ...stacks.map((s) => level(r, s)),
                    String(r.fixtures),
                ]),
            ),
        ),
        ...areas.flatMap((a) => [
            `## ${a}`,
            `${inArea(a).length} ${inArea(a).length === 1 ? "rule" : "rules"}.`,
            ...inArea(a).flatMap(ruleSection),
        ]),
        ...advisorySection(rules, input.advisoryReasons),
        ...exemptionSection(input.exemptions),
    ]);
}
