// npm run validate -- <stack> [--crds DIR]...
// Exit 0: every object accepted; 1: any problem; 2: bad usage or invalid stack config.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { INPUT_ERRORS, runCli, stackArgument } from "../render/cli-shell";
import { renderStack } from "../render/render";
import { CrdCatalog, CrdFileError, DEFAULT_CRD_DIR } from "./crds";
import { formatProblem, summarize } from "./report";
import { parseManifests, validateObjects } from "./validate";

const USAGE = "usage: npm run validate -- <stack> [--crds DIR]...";

function parseCommandLine() {
    return parseArgs({ allowPositionals: true, options: { crds: { type: "string", multiple: true } } });
}

async function main(): Promise<number> {
    let args: ReturnType<typeof parseCommandLine>;
    try {
        args = parseCommandLine();
    } catch (e) {
        console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
        return 2;
    }
    const { positionals, values } = args;
    const stack = stackArgument(positionals, USAGE);
    if (stack === undefined) {
        return 2;
    }
    const given = values.crds ?? [];
    for (const dir of given) {
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
            console.error(`--crds ${dir}: not a directory\n${USAGE}`);
            return 2;
        }
    }
    const dirs = given.length > 0 ? given : fs.existsSync(DEFAULT_CRD_DIR) ? [DEFAULT_CRD_DIR] : [];
    const started = performance.now();
    const result = await renderStack({ stack });
    const rendered = performance.now();
    const catalog = dirs.length > 0 ? CrdCatalog.load(dirs) : undefined;
    const report = validateObjects(parseManifests(result.files["manifests.yaml"]), catalog);
    const finished = performance.now();
    for (const problem of report.problems) {
        console.log(formatProblem(problem));
    }
    const shown = dirs.map((d) => path.relative(process.cwd(), d) || ".");
    console.log(summarize(report, { stack, crdDirs: shown, crdCount: catalog?.size ?? 0 }));
    if (catalog === undefined) {
        console.log(
            `  no CRD directory (looked for ${path.relative(process.cwd(), DEFAULT_CRD_DIR)}); pass --crds DIR`,
        );
    }
    // Timings go to stderr so that stdout is the same on every run.
    const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
    console.error(`time: render ${ms(started, rendered)}, validate ${ms(rendered, finished)}`);
    return report.problems.length > 0 ? 1 : 0;
}

runCli(main, [...INPUT_ERRORS, CrdFileError]);
