import { renderStack } from "../../tools/render/render";
import { CrdCatalog, DEFAULT_CRD_DIR } from "../../tools/validate/crds";
import { parseManifests, validateObjects, type ValidationReport } from "../../tools/validate/validate";
import { STACKS } from "../helpers/stack-config";
import { lines } from "./fixtures";

// One catalog for both stacks, as within one CLI run: each CRD file is parsed once.
const catalog = CrdCatalog.load([DEFAULT_CRD_DIR]);

describe.each(STACKS)("the %s stack's render against the upstream schemas", (stack) => {
    let report: ValidationReport;

    beforeAll(async () => {
        const result = await renderStack({ stack });
        report = validateObjects(parseManifests(result.files["manifests.yaml"]), catalog);
    });

    it("has every object accepted", () => {
        expect(lines(report)).toEqual([]);
    });

    it("checks every custom resource against a CRD, none left unchecked", () => {
        expect(report.objects.core).toBeGreaterThan(0);
        expect(report.objects.custom).toBeGreaterThan(0);
        expect(report.objects.notChecked).toBe(0);
    });

    it("evaluates CEL rules and names the reason for each one it could not", () => {
        expect(report.cel.evaluated).toBeGreaterThan(0);
        expect(report.cel.reasons.reduce((sum, [, n]) => sum + n, 0)).toBe(report.cel.notEvaluated);
    });
});
