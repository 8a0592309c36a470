// npm run bench [-- --runs 5 --tenants 100,500,1000,2000]
// Median/min/max render time of stage, prod and generated stacks, the share spent evaluating policies, resource
// counts and peak RSS, then how time and memory per tenant grow with the number of tenants (they should stay flat:
// a render that is linear in its tenants takes as long and as much memory per tenant at 2,000 as at 500). Prints
// figures only: speed is measured here, never asserted in tests.
//
// Each scenario runs in a child process of its own, so its peak RSS is its own and not the largest of the ones
// before it. In the child, one unmeasured render loads the program's modules first, then every run renders in that
// one process: runProgram() calls setMocks() and disconnect() per run, which resets Pulumi's mock runtime state,
// and each run is checked to produce byte-identical files to the first one.
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isManifest } from "../render/artifacts";
import { renderStack, ROOT, type RenderOptions, type RenderResult } from "../render/render";
import { writeGeneratedStackFile } from "./generated-config";

interface Scenario {
    readonly label: string;
    /** Tenants of a generated stack; undefined for stage and prod. */
    readonly tenants?: number;
    readonly options: RenderOptions;
}

interface Measurement {
    readonly label: string;
    readonly tenants?: number;
    readonly runs: number;
    readonly totals: number[];
    readonly program: number[];
    readonly policies: number[];
    readonly resources: number;
    readonly objects: number;
    readonly violations: number;
    readonly repeatable: boolean;
    /** The child's first render, which loads the modules (not counted). */
    readonly coldMs: number;
    /** Peak resident set of the child once the modules were loaded, before the measured runs. */
    readonly loadedRssMiB: number;
    /** Peak resident set of the child once this scenario finished. */
    readonly peakRssMiB: number;
}

/** What a child sends back: its measurement, or why its scenario could not render. */
type ChildReply = { readonly measurement: Measurement } | { readonly failure: string };

const CHILD = "--bench-child";
/** The tenant count the growth ratio starts from (or the smallest generated one above it). */
const GROWTH_FROM = 500;
/** Per-tenant figures within this factor of each other count as linear growth. */
const FLAT = 1.5;

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

async function measure(scenario: Scenario, runs: number, coldMs: number): Promise<Measurement> {
    const loadedRssMiB = peakRssMiB();
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
        tenants: scenario.tenants,
        runs,
        totals,
        program,
        policies,
        resources: first!.resources.length,
        objects: first!.resources.filter(isManifest).length,
        violations: first!.violations.length,
        repeatable,
        coldMs,
        loadedRssMiB,
        peakRssMiB: peakRssMiB(),
    };
}

/** The child's side: load the modules with one unmeasured render, measure the scenario, send the figures. */
async function child(scenario: Scenario, runs: number): Promise<ChildReply> {
    const warmStart = performance.now();
    await renderStack({ stack: "stage" });
    const cold = performance.now() - warmStart;
    try {
        return { measurement: await measure(scenario, runs, cold) };
    } catch (e) {
        // An invalid stack (ConfigError) skips its scenario; the others are still worth measuring.
        return { failure: `${scenario.label}: ${(e as Error).message.split("\n").slice(0, 3).join(" / ")}` };
    }
}

/** Runs one scenario in a fresh child process (the same runtime flags, so tsx loads the TypeScript). */
function inChild(scenario: Scenario, runs: number): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
        const proc = fork(__filename, [CHILD, JSON.stringify({ scenario, runs })]);
        let reply: ChildReply | undefined;
        proc.on("message", (message) => (reply = message as ChildReply));
        proc.on("error", reject);
        proc.on("exit", (code, signal) =>
            reply !== undefined
                ? resolve(reply)
                : reject(new Error(`${scenario.label}: benchmark process exited with ${signal ?? code}`)),
        );
    });
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

/** Time (median render) and memory (peak RSS above the loaded modules) per tenant of one generated stack. */
function perTenant(m: Measurement & { tenants: number }): { ms: number; mib: number } {
    return { ms: median(m.totals) / m.tenants, mib: (m.peakRssMiB - m.loadedRssMiB) / m.tenants };
}

/** Per-tenant figures of each generated stack, and their growth from GROWTH_FROM tenants to the largest stack. */
function growth(measurements: readonly Measurement[]): string[] {
    const generated = measurements
        .filter((m): m is Measurement & { tenants: number } => m.tenants !== undefined)
        .sort((a, b) => a.tenants - b.tenants);
    if (generated.length === 0) {
        return [];
    }
    const rows = generated.map((m) => {
        const per = perTenant(m);
        return [String(m.tenants), per.ms.toFixed(2), per.mib.toFixed(3)];
    });
    const lines = ["", pad([["tenants", "ms per tenant", "MiB per tenant"], ...rows])];
    const from = generated.find((m) => m.tenants >= GROWTH_FROM) ?? generated[0];
    const to = generated[generated.length - 1];
    if (to.tenants > from.tenants) {
        const [a, b] = [perTenant(from), perTenant(to)];
        const time = b.ms / a.ms;
        const memory = b.mib / a.mib;
        const flat = Math.max(time, 1 / time, memory, 1 / memory) <= FLAT;
        lines.push(
            "",
            `growth per tenant, ${from.tenants} → ${to.tenants} tenants (×${(to.tenants / from.tenants).toFixed(1)} tenants): ` +
                `time ×${time.toFixed(2)}, peak memory ×${memory.toFixed(2)} — ` +
                (flat ? `flat within ${FLAT}×: linear` : `NOT flat within ${FLAT}×`),
        );
    }
    return lines;
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            runs: { type: "string", default: "5" },
            tenants: { type: "string", default: "100,500,1000,2000" },
        },
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
            tenants: g.tenants,
            options: { stack: `bench-${g.tenants}`, configFile: g.file, profileFile: prodProfile },
        })),
    ];
    const started = performance.now();
    try {
        const measurements: Measurement[] = [];
        const failures: string[] = [];
        for (const scenario of scenarios) {
            const reply = await inChild(scenario, runs);
            if ("measurement" in reply) {
                measurements.push(reply.measurement);
            } else {
                failures.push(reply.failure);
            }
        }
        console.log(
            `render benchmark: ${runs} runs per scenario, each scenario in a process of its own (Node ${process.version}, ${process.platform}/${process.arch})`,
        );
        if (measurements.length > 0) {
            console.log(
                `first render in each process (module loading, not counted): median ${ms(median(measurements.map((m) => m.coldMs)))} ms`,
            );
        }
        console.log("");
        console.log(measurements.length > 0 ? report(measurements) : "no scenario rendered");
        for (const failure of failures) {
            console.log(`skipped ${failure}`);
        }
        for (const line of growth(measurements)) {
            console.log(line);
        }
        console.log("");
        console.log(
            "program = running the stack under the mock runtime; policies = evaluating the pack with the stack's profile;",
        );
        console.log(
            "the rest of each render is serialising the artifacts. Generated stacks use the prod stack file and profile.",
        );
        console.log(
            "Per tenant: median render time / tenants; memory = (peak RSS − RSS with the modules loaded) / tenants.",
        );
        console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
        for (const g of generated) {
            fs.rmSync(g.dir, { recursive: true, force: true });
        }
    }
}

if (process.argv[2] === CHILD) {
    const { scenario, runs } = JSON.parse(process.argv[3]) as { scenario: Scenario; runs: number };
    child(scenario, runs)
        .then((reply) => process.send!(reply, undefined, undefined, () => process.exit(0)))
        .catch((e: unknown) => {
            console.error(e);
            process.exit(1);
        });
} else {
    main().catch((e: unknown) => {
        console.error(e);
        process.exit(1);
    });
}
