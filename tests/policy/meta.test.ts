import * as fs from "node:fs";
import * as path from "node:path";
import { resolvePolicy, type Profile } from "../../policy/harness/profile";
import { Topic } from "../../policy/lib/metadata";
import { policies } from "../../policy/pack";
import { ROOT } from "../../tools/render/render";

const VERBS = "(missing|disallow|enable|disable|configure|enforce)";
const NAME = new RegExp(
    `^(kubernetes-[a-z0-9.]+-v[0-9a-z]+-[a-z0-9]+-${VERBS}|platform-${VERBS})-[a-z0-9]+(-[a-z0-9]+)*$`,
);
const RULES_DIR = path.join(ROOT, "policy", "rules");
const SEVERITIES = ["low", "medium", "high", "critical"];

function camelCase(name: string): string {
    return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function profile(stack: string): Profile {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "profiles", `${stack}.json`), "utf8"));
}

function ruleFile(name: string, topic: string): string {
    return path.join(RULES_DIR, topic, `${name}.ts`);
}

function testFile(name: string, topic: string): string {
    return path.join(ROOT, "tests", "policy", "rules", topic, `${name}.test.ts`);
}

describe.each(policies.map((p) => [p.name, p] as const))("policy %s", (name, policy) => {
    const topic = policy.tags[0];

    it("has a conventional name, a one-sentence description, a severity, a topic and remediation", () => {
        expect(name).toMatch(NAME);
        expect(policy.description).toMatch(/^[A-Z][^]*[^.\s]\.$/);
        expect(policy.description.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
        expect(SEVERITIES).toContain(policy.severity);
        expect(Object.values(Topic)).toContain(topic);
        expect(policy.remediationSteps.trim().length).toBeGreaterThan(10);
    });

    it("lives in policy/rules/<topic>/<name>.ts, exported under its camelCase name", () => {
        const source = fs.readFileSync(ruleFile(name, topic), "utf8");
        expect(source).toMatch(new RegExp(`export (const|function) ${camelCase(name)}\\b`));
    });

    it("is named in both profiles", () => {
        for (const stack of ["stage", "prod"]) {
            expect(Object.keys(profile(stack))).toContain(name);
        }
    });

    it("is mandatory in prod", () => {
        expect(resolvePolicy(profile("prod"), policy, "advisory").enforcement).toBe("mandatory");
    });

    it("has a test file with a passing and a failing fixture", () => {
        const source = fs.readFileSync(testFile(name, topic), "utf8");
        expect(source).toMatch(/toEqual\(\[\]\)|toHaveLength\(0\)/);
        expect(source).toMatch(/toEqual\(\[\s*[^\]\s]/);
        expect((source.match(/\bit\(/g) ?? []).length).toBeGreaterThanOrEqual(2);
    });

    it("appears in the generated catalog", () => {
        expect(fs.readFileSync(path.join(ROOT, "docs", "policies.md"), "utf8")).toContain(name);
    });
});

describe("the pack", () => {
    it("has no two policies with the same name", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it("registers every rule file under policy/rules", () => {
        const files = fs
            .readdirSync(RULES_DIR, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts") && path.basename(f) !== "index.ts")
            .map((f) => path.basename(f, ".ts"))
            .sort();
        expect(files).toEqual(policies.map((p) => p.name).sort());
    });

    it("profiles name no policy the pack lacks", () => {
        const names = new Set(["all", ...policies.map((p) => p.name)]);
        for (const stack of ["stage", "prod"]) {
            expect(Object.keys(profile(stack)).filter((k) => !names.has(k))).toEqual([]);
        }
    });
});
