// npm run render -- <stack> [--config <file>] [--profile <file>]
// Exit 0: clean or advisory only; 1: mandatory violations; 2: invalid config (message only, no stack trace).
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ProfileError } from "../../policy/harness/profile";
import { ConfigError } from "../../stacks/config";
import { renderStack, ROOT } from "./render";
import { StackFileError } from "./stack-file";
import { summarize } from "./summary";

const USAGE = "usage: npm run render -- <stack> [--config <file>] [--profile <file>]";

async function main(): Promise<number> {
    const { positionals, values } = parseArgs({
        allowPositionals: true,
        options: { config: { type: "string" }, profile: { type: "string" } },
    });
    const stack = positionals[0];
    if (positionals.length !== 1 || !/^[a-z0-9-]+$/.test(stack)) {
        console.error(USAGE);
        return 2;
    }
    try {
        const result = await renderStack({ stack, configFile: values.config, profileFile: values.profile });
        const outDir = path.join(ROOT, "out", stack);
        fs.mkdirSync(outDir, { recursive: true });
        for (const [name, content] of Object.entries(result.files)) {
            fs.writeFileSync(path.join(outDir, name), content);
        }
        console.log(summarize(result));
        console.log(`wrote ${path.relative(process.cwd(), outDir) || "."}/{${Object.keys(result.files).join(",")}}`);
        return result.exitCode;
    } catch (e) {
        if (e instanceof ConfigError || e instanceof StackFileError || e instanceof ProfileError) {
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
