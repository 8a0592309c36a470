import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../tools/render/render";
import { rawSections, STACKS } from "../helpers/stack-config";

const REGISTRY_RULE = "kubernetes-core-v1-container-disallow-untrusted-registry";

// The registry rule cannot read stack config, so a stack whose images all go through a mirror says so in its
// profile too; this keeps the two statements of the same fact equal.
describe.each(STACKS)("the %s profile", (stack) => {
    it("requires images from the stack's registry mirror exactly when the stack declares one", () => {
        const profile = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "profiles", `${stack}.json`), "utf8"));
        const registry = (rawSections(stack).registry ?? {}) as { mirror?: string };
        expect(profile[REGISTRY_RULE]?.offlineMirror).toBe(registry.mirror);
    });
});
