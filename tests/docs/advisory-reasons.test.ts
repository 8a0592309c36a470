import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProfile, resolvePolicy } from "../../policy/harness/profile";
import { policies } from "../../policy/pack";
import { ADVISORY_REASONS_FILE, loadAdvisoryReasons } from "../../tools/docs/advisory-reasons";
import { PACK_LEVEL } from "../../tools/docs/policy-catalog";
import { ROOT } from "../../tools/docs/paths";

const reasons = loadAdvisoryReasons(path.join(ROOT, ADVISORY_REASONS_FILE));

function advisoryIn(stack: string): string[] {
    const profile = loadProfile(path.join(ROOT, "policy", "profiles", `${stack}.json`), policies);
    return policies.filter((p) => resolvePolicy(profile, p, PACK_LEVEL).enforcement === "advisory").map((p) => p.name);
}

describe("advisory reasons", () => {
    it.each(["stage", "prod"])("gives a reason for exactly the rules advisory in %s", (stack) => {
        expect(Object.keys(reasons[stack] ?? {}).sort()).toEqual(advisoryIn(stack).sort());
    });

    it("names only stacks that have a profile", () => {
        for (const stack of Object.keys(reasons)) {
            expect(fs.existsSync(path.join(ROOT, "policy", "profiles", `${stack}.json`))).toBe(true);
        }
    });

    it("rejects a reason that is not a sentence, naming the key", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "reasons-")), "advisory-reasons.yaml");
        fs.writeFileSync(file, "stage:\n  platform-enforce-odd-quorum: lab\n");
        expect(() => loadAdvisoryReasons(file)).toThrow(
            `${file}: stage.platform-enforce-odd-quorum: Too small: expected string to have >=10 characters`,
        );
    });
});
