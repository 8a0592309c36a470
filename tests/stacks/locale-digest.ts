// Prints the sha256 of every file a render writes, as JSON: run by locale.test.ts under other locales.
// usage: tsx tests/stacks/locale-digest.ts <stack> <stack file>
import { createHash } from "node:crypto";
import { renderStack } from "../../tools/render/render";

export async function digests(stack: string, configFile: string): Promise<Record<string, string>> {
    const { files } = await renderStack({ stack, configFile });
    return Object.fromEntries(
        Object.entries(files).map(([name, text]) => [name, createHash("sha256").update(text).digest("hex")]),
    );
}

if (require.main === module) {
    const [stack, file] = process.argv.slice(2);
    void digests(stack, file).then((d) => console.log(JSON.stringify(d)));
}
