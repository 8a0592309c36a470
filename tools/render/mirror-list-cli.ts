// npm run mirror-list -- <stack> [--config <file>]
// Prints what the stack's registry mirror must hold (tools/render/mirror-list.ts): every upstream image and chart,
// with where the mirror serves each. Exit 0 with the list; 2 for an unknown stack or invalid config.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runCli, stackArgument } from "./cli-shell";
import { chartPinOf, escapes, mirrorList, mirrorListText, parseRendered, registryMirrorOf } from "./mirror-list";
import { renderStack, ROOT } from "./render";

const USAGE = "usage: npm run mirror-list -- <stack> [--config <file>]";

/** The stacks that have a stack file in the repository, for the message about one that has none. */
function knownStacks(): string[] {
    return fs
        .readdirSync(ROOT)
        .map((file) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

async function main(): Promise<number> {
    const { positionals, values } = parseArgs({ allowPositionals: true, options: { config: { type: "string" } } });
    const stack = stackArgument(positionals, USAGE);
    if (stack === undefined) {
        return 2;
    }
    const configFile = values.config ?? path.join(ROOT, `Pulumi.${stack}.yaml`);
    if (values.config === undefined && !fs.existsSync(configFile)) {
        console.error(
            `unknown stack "${stack}": there is no Pulumi.${stack}.yaml (stacks: ${knownStacks().join(", ")})`,
        );
        return 2;
    }
    const result = await renderStack({ stack, configFile });
    const rendered = parseRendered(result.files);
    const mirror = registryMirrorOf(rendered.manifests);
    process.stdout.write(mirrorListText(mirrorList(rendered, mirror)));
    // The list is printed either way: an image that bypasses the mirror, or a chart whose default images are
    // unknown, is the program's to fix.
    for (const chart of rendered.charts.filter((c) => chartPinOf(c.chart) === undefined)) {
        console.error(
            `warning: Chart ${chart.name} (${chart.chart}) has no pin in contract/versions.ts: its images are unknown`,
        );
    }
    for (const found of mirror === undefined ? [] : escapes(rendered, mirror)) {
        console.error(
            `warning: ${found.owner} ${found.path} pulls ${found.reference}, not through the mirror ${mirror}`,
        );
    }
    return 0;
}

runCli(main);
