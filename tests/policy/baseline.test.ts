import * as fs from "node:fs";
import * as path from "node:path";
import { renderStack, ROOT } from "../../tools/render/render";
import { byCodePoint } from "../../contract/order";

const BASELINE = path.join(ROOT, "policy", "advisory-baseline.json");

interface Entry {
    readonly policy: string;
    readonly urn: string;
    readonly message: string;
    /** Why the finding is accepted for now; reviewed with the entry. */
    readonly reason: string;
}

// The reviewed list of advisory findings each real stack is allowed to carry. A new advisory finding (or one
// that disappeared) fails here, so the list is re-reviewed rather than growing silently.
describe.each(["stage", "prod"])("the %s stack", (stack) => {
    it("has no mandatory violations and exactly the reviewed advisory ones", async () => {
        const baseline = JSON.parse(fs.readFileSync(BASELINE, "utf8")) as Record<string, Entry[]>;
        const result = await renderStack({ stack });
        expect(result.violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
        const advisory = result.violations
            .map(({ policy, urn, message }) => ({ policy, urn, message }))
            .sort((a, b) => byCodePoint(`${a.policy}${a.urn}${a.message}`, `${b.policy}${b.urn}${b.message}`));
        expect(advisory).toEqual(baseline[stack].map(({ policy, urn, message }) => ({ policy, urn, message })));
    });

    it("gives a reason for every accepted finding", () => {
        const baseline = JSON.parse(fs.readFileSync(BASELINE, "utf8")) as Record<string, Entry[]>;
        expect(baseline[stack].filter((e) => !(e.reason?.trim().length > 0))).toEqual([]);
    });
});
