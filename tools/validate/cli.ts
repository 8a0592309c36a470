// npm run validate -- <stack> [--crds DIR]...
// Exit 0: every object accepted; 1: any problem; 2: bad usage or invalid stack config.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ProfileError } from "../../policy/harness/profile";
import { ConfigError } from "../../stacks/config";
import { renderStack } from "../render/render";
import { StackFileError } from "../render/stack-file";
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
    const stack = positionals[0];
    if (positionals.length !== 1 || !/^[a-z0-9-]+$/.test(stack)) {
        console.error(USAGE);
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
    try {
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
    } catch (e) {
        const input = [ConfigError, StackFileError, ProfileError, CrdFileError].some((type) => e instanceof type);
        if (input && e instanceof Error) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e);
        process.exit(3);
    },
);
