import * as path from "node:path";
import policyPackage from "../../policy/package.json";
import { evaluatePolicies, type HarnessResource, type Violation } from "../../policy/harness/evaluate";
import { loadProfile } from "../../policy/harness/profile";
import {
    applyExemptions,
    buildPolicies,
    exemptions,
    isExpired,
    PACK_NAME,
    utcDay,
    type ExemptionLedger,
} from "../../policy/pack";
import { runProgram, type CapturedResource } from "../runtime/capture";
import {
    chartsJson,
    countByEnforcement,
    manifestsYaml,
    policyReportJson,
    policyReportSarif,
    resourcesJson,
    type ReportContext,
} from "./artifacts";
import { duplicateObjects } from "./duplicate-objects";
import { reachability } from "./flows";
import { reachabilityJson, reachabilityMarkdown } from "./flows-report";
import { footprintFiles } from "./footprint";
import { unwrapSecrets } from "./redact";
import { offlineConfig, offlineNotes, readStackFile } from "./stack-file";

export const PROJECT = "platform";
export const ROOT = path.resolve(__dirname, "../..");

export interface RenderOptions {
    readonly stack: string;
    /** Stack file to read instead of Pulumi.<stack>.yaml. */
    readonly configFile?: string;
    /** Policy profile instead of policy/profiles/<stack>.json. */
    readonly profileFile?: string;
    /** The day (YYYY-MM-DD, UTC) exemptions are judged against. @default today */
    readonly today?: string;
}

export interface RenderResult {
    readonly stack: string;
    readonly resources: readonly CapturedResource[];
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly violations: readonly Violation[];
    /** File name under out/<stack>/ to its content. */
    readonly files: Readonly<Record<string, string>>;
    /** Milliseconds spent running the program and evaluating policies. */
    readonly timings: { readonly program: number; readonly policies: number };
    /** What the render says about its input: stand-in secrets, keys only a real preview uses. */
    readonly notes: readonly string[];
    /** 0 clean or advisory only, 1 mandatory violations. Bad config throws instead. */
    readonly exitCode: 0 | 1;
}

/** Relative to the repository root with forward slashes, so reports do not depend on the checkout's path. */
function repoPath(file: string): string {
    return path.relative(ROOT, path.resolve(file)).split(path.sep).join("/");
}

export function toHarnessResource(r: CapturedResource): HarnessResource {
    return { ...r, props: unwrapSecrets(r.inputs) as Record<string, unknown> };
}

/**
 * Runs the real program for one stack under the mock runtime, evaluates the policy pack with the stack's
 * profile, and returns the render contract's files. Throws ConfigError / StackFileError on bad input.
 */
export async function renderStack(options: RenderOptions): Promise<RenderResult> {
    const stackFile = options.configFile ?? path.join(ROOT, `Pulumi.${options.stack}.yaml`);
    const profileFile = options.profileFile ?? path.join(ROOT, "policy", "profiles", `${options.stack}.json`);
    // Bad config fails here, before the mock runtime starts: thrown inside a run, Pulumi's runtime would also
    // surface it as unhandled rejections. The program checks the same config again, as under the CLI.
    const stackConfig = offlineConfig(readStackFile(stackFile), options.stack);
    const today = options.today ?? utcDay(new Date());
    const policies = buildPolicies(today);
    const profile = loadProfile(profileFile, policies);
    const started = performance.now();
    const run = await runProgram({
        project: PROJECT,
        stack: options.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        program: async () => {
            const { platformProgram } = await import("../../stacks/program");
            return { ...platformProgram() };
        },
    });
    const clashes = duplicateObjects(run.resources);
    if (clashes.length > 0) {
        throw new Error(`the ${options.stack} stack declares a Kubernetes object twice:\n  ${clashes.join("\n  ")}`);
    }
    const evaluated = performance.now();
    const ledger: ExemptionLedger = new Map();
    const exempted = applyExemptions(policies, exemptions, today, ledger);
    const violations = await evaluatePolicies(exempted, run.resources.map(toHarnessResource), profile);
    const finished = performance.now();
    const reach = reachability(run.resources);
    const footprint = footprintFiles(options.stack, run.resources);
    const ctx: ReportContext = {
        pack: { name: PACK_NAME, version: policyPackage.version },
        stack: options.stack,
        stackFile: repoPath(stackFile),
        profileFile: repoPath(profileFile),
        policies,
        exemptions: exemptions
            .filter((e) => !isExpired(e, today))
            .map((e) => ({ ...e, suppressed: ledger.get(e) ?? 0 })),
    };
    return {
        stack: options.stack,
        resources: run.resources,
        outputs: run.outputs,
        violations,
        files: {
            "manifests.yaml": manifestsYaml(run.resources),
            "charts.json": chartsJson(run.resources),
            "resources.json": resourcesJson(run.resources),
            "policy-report.json": policyReportJson(violations, ctx),
            "policy-report.sarif": policyReportSarif(violations, ctx),
            "network-flows.json": reachabilityJson(reach),
            "network-flows.md": reachabilityMarkdown(options.stack, reach),
            "footprint.json": footprint.json,
            "footprint.md": footprint.markdown,
        },
        timings: { program: evaluated - started, policies: finished - evaluated },
        notes: offlineNotes(stackConfig, options.stack),
        exitCode: countByEnforcement(violations).mandatory > 0 ? 1 : 0,
    };
}
