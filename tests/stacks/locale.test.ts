import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { sectionSchemas } from "../../stacks/config/schema";
import { isSecretSection } from "../../stacks/config/secrets";
import { ROOT } from "../../tools/render/render";
import { stackSections } from "../config/cases";
import { digests } from "./locale-digest";

// Names ICU collates differently by locale: Czech sorts "ch" after "h", Danish sorts "aa" after "z", Lithuanian
// sorts "y" with "i". Sorted with localeCompare, the render's files would differ from machine to machine.
const TENANTS = ["aa-t", "b-t", "ch-t", "h-t", "i-t", "y-t", "z-t"];
const LOCALES = ["cs_CZ.UTF-8", "da_DK.UTF-8", "lt_LT.UTF-8"];

let file: string;
let here: Record<string, string>;

beforeAll(async () => {
    const sections = stackSections("prod") as Record<string, any>;
    sections.tenants.push(...TENANTS.map((name) => ({ name })));
    // Secrets: the render supplies their stand-ins.
    for (const key of Object.keys(sections).filter((k) =>
        isSecretSection(sectionSchemas[k as keyof typeof sectionSchemas]),
    )) {
        delete sections[key];
    }
    const config = Object.fromEntries(Object.entries(sections).map(([k, v]) => [`platform:${k}`, v]));
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "locale-")), "Pulumi.prod.yaml");
    fs.writeFileSync(file, stringify({ config }));
    here = await digests("prod", file);
});

afterAll(() => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

describe("render output under other locales", () => {
    it("ICU here really collates these names by locale (else this test would prove nothing)", () => {
        const sorted = spawnSync(
            process.execPath,
            ["-p", `${JSON.stringify(TENANTS)}.sort((a, b) => a.localeCompare(b)).join()`],
            {
                encoding: "utf8",
                env: { ...process.env, LC_ALL: "cs_CZ.UTF-8" },
            },
        );
        expect(sorted.stdout.trim()).not.toBe(TENANTS.join());
    });

    it.each(LOCALES)("is byte-identical under %s", (locale) => {
        const child = spawnSync("npx", ["tsx", "tests/stacks/locale-digest.ts", "prod", file], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, LC_ALL: locale, LANG: locale },
        });
        expect(child.stderr).not.toMatch(/Error/);
        expect(JSON.parse(child.stdout)).toEqual(here);
    });
});
