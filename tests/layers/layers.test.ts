import { execFileSync } from "node:child_process";
import { ROOT } from "../../tools/render/render";

// The layer rule of eslint.config.mjs, run on one-line sources placed in each layer: contract ← components ←
// stacks ← tools; the pack on contract only; tools through policy/pack and policy/harness. ESLint loads its
// config as an ES module, which jest's runtime cannot, so the cases are linted by one child process, each as the
// text of an existing file of that layer (the type-aware parser knows only the project's files).
const REJECTED: readonly (readonly [string, string, string])[] = [
    ["contract/labels.ts", "../components/network", "contract/ is the bottom layer"],
    ["contract/labels.ts", "zod", "contract/ is the bottom layer"],
    ["components/network/flows.ts", "../../stacks/config", "Components sit below"],
    ["components/network/flows.ts", "../../policy/lib/resources", "Components sit below"],
    ["stacks/areas/area.ts", "../../tools/render/render", "Stacks sit below"],
    ["policy/lib/resources.ts", "../../components/network", "The policy pack depends on contract/ only"],
    [
        "policy/rules/network/kubernetes-core-v1-service-disallow-nodeport.ts",
        "../../../stacks/config/ip",
        "The policy pack depends on contract/ only",
    ],
    ["policy/lib/resources.ts", "zod", "The policy pack installs only what policy/package.json lists"],
    ["tools/render/artifacts.ts", "../../policy/lib/exemptions", "Tools use the pack through policy/pack"],
];
const ALLOWED: readonly (readonly [string, string])[] = [
    ["contract/labels.ts", "./quantity"],
    ["components/network/flows.ts", "../../contract/labels"],
    ["stacks/areas/area.ts", "../../components/network"],
    ["policy/lib/resources.ts", "../../contract/quantity"],
    ["policy/lib/resources.ts", "@pulumi/policy"],
    ["tools/render/artifacts.ts", "../../policy/pack"],
    ["tools/render/artifacts.ts", "../../stacks/config"],
];

const SCRIPT = `
const { ESLint } = require("eslint");
const cases = JSON.parse(process.argv[1]);
(async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const [file, specifier] of cases) {
        const code = "import * as m from " + JSON.stringify(specifier) + ";\\nexport const used = m;\\n";
        const [result] = await eslint.lintText(code, { filePath: file });
        out.push(result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));
})();
`;

let results: Map<string, string[]>;

beforeAll(() => {
    const cases = [...REJECTED.map(([f, s]) => [f, s]), ...ALLOWED];
    const out = execFileSync(process.execPath, ["-e", SCRIPT, JSON.stringify(cases)], { cwd: ROOT, encoding: "utf8" });
    const messages = JSON.parse(out) as string[][];
    results = new Map(cases.map(([f, s], i) => [`${f} ${s}`, messages[i]]));
});

function importErrors(file: string, specifier: string): string[] {
    return results.get(`${file} ${specifier}`)!;
}

describe("the layer rule", () => {
    it.each(REJECTED)("rejects %s importing %s", (file, specifier, message) => {
        const errors = importErrors(file, specifier);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(message);
    });

    it.each(ALLOWED)("allows %s importing %s", (file, specifier) => {
        expect(importErrors(file, specifier)).toEqual([]);
    });
});
