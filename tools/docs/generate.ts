// npm run docs: writes the JSON Schema of the stack files, the config reference and the policy catalog.
// tests/docs/generated.test.ts fails when a committed file differs from what this produces.
import * as fs from "node:fs";
import * as path from "node:path";
import { generateDocs } from "./docs";
import { ROOT } from "./paths";

export { generateDocs };

function main(): void {
    for (const [file, content] of Object.entries(generateDocs())) {
        const target = path.join(ROOT, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const unchanged = fs.existsSync(target) && fs.readFileSync(target, "utf8") === content;
        if (!unchanged) {
            fs.writeFileSync(target, content);
        }
        console.log(`${unchanged ? "unchanged" : "wrote"} ${file}`);
    }
}

if (require.main === module) {
    main();
}
