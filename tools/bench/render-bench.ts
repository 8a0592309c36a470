// npm run bench [-- --runs 5 --tenants 100,500]
// Median/min/max render time of stage, prod and generated stacks, the share spent evaluating policies, resource
// counts and peak RSS. Prints figures only: speed is measured here, never asserted in tests.
//
// Every render runs in this one process: runProgram() calls setMocks() and disconnect() per run, which resets
// Pulumi's mock runtime state, and each run is checked to produce byte-identical files to the first one.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isManifest } from "../render/artifacts";
import { renderStack, ROOT, type RenderOptions, type RenderResult } from "../render/render";
import { writeGeneratedStackFile } from "./generated-config";

interface Scenario {
    readonly label: string;
    readonly options: RenderOptions;
}

interface Measurement {
    readonly label: string;
    readonly runs: number;
    readonly totals: number[];
    readonly program: number[];
    readonly policies: number[];
    readonly resources: number;
    readonly objects: number;
    readonly violations: number;
    readonly repeatable: boolean;
    /** Peak resident set of the whole process once this scenario finished (monotonic across scenarios). */
    readonly peakRssMiB: number;
}

const median = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const ms = (x: number): string => x.toFixed(x < 100 ? 1 : 0);
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

function sameFiles(a: RenderResult, b: RenderResult): boolean {
    return Object.keys(a.files).every((name) => a.files[name] === b.files[name]);
}

async function measure(scenario: Scenario, runs: number): Promise<Measurement> {
    const totals: number[] = [];
    let first: RenderResult | undefined;
    let repeatable = true;
    const program: number[] = [];
    const policies: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const result = await renderStack(scenario.options);
        totals.push(performance.now() - started);
        program.push(result.timings.program);
        policies.push(result.timings.policies);
        first ??= result;
        repeatable &&= sameFiles(first, result) && first.resources.length === result.resources.length;
    }
    return {
        label: scenario.label,
        runs,
        totals,
        program,
        policies,
        resources: first!.resources.length,
        objects: first!.resources.filter(isManifest).length,
        violations: first!.violations.length,
        repeatable,
        peakRssMiB: peakRssMiB(),
    };
}

function pad(rows: readonly (readonly string[])[]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows
        .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "))
        .join("\n");
}

function report(measurements: readonly Measurement[]): string {
    const header = [
        "scenario",
        "runs",
        "median ms",
        "min ms",
        "max ms",
        "program ms",
        "policies ms",
        "policy share",
        "resources",
        "k8s objects",
        "violations",
        "repeatable",
        "peak RSS MiB",
    ];
    return pad([
        header,
        ...measurements.map((m) => [
            m.label,
            String(m.runs),
            ms(median(m.totals)),
            ms(Math.min(...m.totals)),
            ms(Math.max(...m.totals)),
            ms(median(m.program)),
            ms(median(m.policies)),
            `${((100 * sum(m.policies)) / (sum(m.program) + sum(m.policies))).toFixed(1)} %`,
            String(m.resources),
            String(m.objects),
            String(m.violations),
            m.repeatable ? "yes" : "NO",
            m.peakRssMiB.toFixed(0),
        ]),
    ]);
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: { runs: { type: "string", default: "5" }, tenants: { type: "string", default: "100,500" } },
    });
    const runs = Number(values.runs);
    const tenantCounts = values.tenants.split(",").map(Number);
    if (!Number.isInteger(runs) || runs < 1 || tenantCounts.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new Error("usage: npm run bench -- [--runs <n ≥ 1>] [--tenants <n>,<n>...]");
    }
    const prodProfile = path.join(ROOT, "policy", "profiles", "prod.json");
    const generated = tenantCounts.map((n) => ({
        tenants: n,
        ...writeGeneratedStackFile(path.join(ROOT, "Pulumi.prod.yaml"), n),
    }));
    const scenarios: Scenario[] = [
        { label: "stage", options: { stack: "stage" } },
        { label: "prod", options: { stack: "prod" } },
        ...generated.map((g) => ({
            label: `generated, ${g.tenants} tenants`,
            options: { stack: `bench-${g.tenants}`, configFile: g.file, profileFile: prodProfile },
        })),
    ];
    const started = performance.now();
    try {
        // One unmeasured render loads the program's modules, so the first scenario is not charged for it.
        const warmStart = performance.now();
        await renderStack({ stack: "stage" });
        const cold = performance.now() - warmStart;
        const measurements: Measurement[] = [];
        const failures: string[] = [];
        for (const scenario of scenarios) {
            try {
                measurements.push(await measure(scenario, runs));
            } catch (e) {
                // An invalid stack (ConfigError) skips its scenario; the others are still worth measuring.
                failures.push(`${scenario.label}: ${(e as Error).message.split("\n").slice(0, 3).join(" / ")}`);
            }
        }
        console.log(
            `render benchmark: ${runs} runs per scenario, in one process (Node ${process.version}, ${process.platform}/${process.arch})`,
        );
        console.log(`first render in the process (module loading, not counted): ${ms(cold)} ms`);
        console.log("");
        console.log(measurements.length > 0 ? report(measurements) : "no scenario rendered");
        for (const failure of failures) {
            console.log(`skipped ${failure}`);
        }
        console.log("");
        console.log(
            "program = running the stack under the mock runtime; policies = evaluating the pack with the stack's profile;",
        );
        console.log(
            "the rest of each render is serialising the artifacts. Generated stacks use the prod stack file and profile.",
        );
        console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
        for (const g of generated) {
            fs.rmSync(g.dir, { recursive: true, force: true });
        }
    }
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
