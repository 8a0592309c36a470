import fc from "fast-check";
import { replicaMinimums } from "../../../../policy/lib/availability-config";
import { parseIntOrPercent, scaledValue, podSelectorMatches } from "../../../../policy/lib/availability-selectors";
import { apiVersionOf, describeResource as name } from "../../../../policy/lib/availability-workloads";
import { kindOf } from "../../../../contract/objects";

describe("availability helpers", () => {
    it("names resources like kubectl, falling back to the Pulumi name and the default namespace", () => {
        expect(name({ type: "kubernetes:apps/v1:Deployment", name: "web-1a2b", props: {} })).toBe(
            'Deployment "default/web-1a2b"',
        );
        expect(kindOf("kubernetes:k8s.mariadb.com/v1alpha1:MariaDB")).toBe("MariaDB");
        expect(apiVersionOf("kubernetes:policy/v1beta1:PodDisruptionBudget")).toBe("policy/v1beta1");
        expect(apiVersionOf("kubernetes:core/v1:Pod")).toBe("v1");
    });

    it("requires every matchLabels pair and every matchExpression", () => {
        const labels = { app: "web", tier: "frontend" };
        expect(podSelectorMatches({ matchLabels: { app: "web" }, matchExpressions: [] }, labels)).toBe(true);
        expect(
            podSelectorMatches(
                { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["db"] }] },
                labels,
            ),
        ).toBe(false);
        expect(podSelectorMatches(null, labels)).toBe(false);
        expect(podSelectorMatches({ matchExpressions: [{ key: "tier", operator: "NotIn" }] }, labels)).toBe(true);
        expect(podSelectorMatches({ matchExpressions: [{ key: "tier", operator: "In" }] }, labels)).toBe(false);
    });

    it("parses IntOrString like the API server", () => {
        expect(parseIntOrPercent(2)).toEqual({ percent: false, value: 2 });
        expect(parseIntOrPercent("25%")).toEqual({ percent: true, value: 25 });
        for (const invalid of ["2", "2.5%", "-1%", "%", 1.5, -1, null, true]) {
            expect(parseIntOrPercent(invalid)).toBeUndefined();
        }
    });

    it("scales percentages within [floor, ceil] of the exact share and integers unchanged", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1000 }), (percent, total) => {
                const value = { percent: true, value: percent };
                const exact = (percent * total) / 100;
                const up = scaledValue(value, total, true);
                const down = scaledValue(value, total, false);
                return up >= exact && up - exact < 1 && down <= exact && exact - down < 1;
            }),
        );
        fc.assert(
            fc.property(fc.nat(), fc.nat(), fc.boolean(), (count, total, roundUp) => {
                return scaledValue({ percent: false, value: count }, total, roundUp) === count;
            }),
        );
    });

    it("merges a partial profile minimum over the defaults", () => {
        expect(replicaMinimums({ stateless: 1 })).toEqual({ stateless: 1, ha: 3 });
        expect(replicaMinimums(undefined)).toEqual({ stateless: 2, ha: 3 });
    });
});
