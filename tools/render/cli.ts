// npm run render -- <stack> [--config <file>] [--profile <file>]
// Exit 0: clean or advisory only; 1: mandatory violations; 2: invalid config (message only, no stack trace).
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runCli, stackArgument } from "./cli-shell";
import { renderStack, ROOT } from "./render";
import { summarize } from "./summary";

const USAGE = "usage: npm run render -- <stack> [--config <file>] [--profile <file>]";

async function main(): Promise<number> {
    const { positionals, values } = parseArgs({
        allowPositionals: true,
        options: { config: { type: "string" }, profile: { type: "string" } },
    });
    const stack = stackArgument(positionals, USAGE);
    if (stack === undefined) {
        return 2;
    }
    const result = await renderStack({ stack, configFile: values.config, profileFile: values.profile });
    const outDir = path.join(ROOT, "out", stack);
    fs.mkdirSync(outDir, { recursive: true });
    for (const [name, content] of Object.entries(result.files)) {
        fs.writeFileSync(path.join(outDir, name), content);
    }
    console.log(summarize(result));
    for (const note of result.notes) {
        console.log(`note: ${note}`);
    }
    console.log(`wrote ${path.relative(process.cwd(), outDir) || "."}/{${Object.keys(result.files).join(",")}}`);
    return result.exitCode;
}

runCli(main);
