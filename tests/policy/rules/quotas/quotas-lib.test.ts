import fc from "fast-check";
import { parseQuantity } from "../../../../contract/quantity";
import type { EffectiveContainer } from "../../../../policy/lib/quotas-limitrange";
import { exceeds, formatAmount, podAmounts, prettyPrint } from "../../../../policy/lib/quotas-usage";

const millicores = fc.integer({ min: 0, max: 64_000 });

function effective(name: string, cpuMillis: number, init = false, sidecar = false): EffectiveContainer {
    const cpu = { text: `${cpuMillis}m`, value: cpuMillis / 1000 };
    return {
        label: name,
        name,
        init,
        sidecar,
        requests: new Map([["cpu", cpu]]),
        limits: new Map([["cpu", cpu]]),
    };
}

describe("quota arithmetic shared by the quotas rules", () => {
    it("a pod's effective request is the larger of the app containers' sum and the largest init container", () => {
        fc.assert(
            fc.property(
                fc.array(millicores, { minLength: 1, maxLength: 5 }),
                fc.array(millicores, { maxLength: 5 }),
                (apps, inits) => {
                    const containers = [
                        ...inits.map((m, i) => effective(`init${i}`, m, true)),
                        ...apps.map((m, i) => effective(`app${i}`, m)),
                    ];
                    const sum = apps.reduce((a, b) => a + b, 0);
                    const expected = Math.max(sum, ...inits) / 1000;
                    expect(podAmounts(containers, "requests").get("cpu")).toBeCloseTo(expected, 9);
                },
            ),
        );
    });

    it("a sidecar adds to the app containers and to every init container that starts after it", () => {
        const pod = [effective("proxy", 500, true, true), effective("migrate", 3000, true), effective("app", 1000)];
        // app phase: 1000m + 500m sidecar; init phase: 3000m + the 500m sidecar already running.
        expect(podAmounts(pod, "requests").get("cpu")).toBeCloseTo(3.5, 9);
        const before = [effective("migrate", 3000, true), effective("proxy", 500, true, true), effective("app", 1000)];
        expect(podAmounts(before, "requests").get("cpu")).toBeCloseTo(3, 9);
    });

    it("adds the pod's declared overhead", () => {
        expect(podAmounts([effective("app", 1000)], "requests", { cpu: "250m" }).get("cpu")).toBeCloseTo(1.25, 9);
    });

    it("sums of millicores never exceed their exact bound through floating-point error", () => {
        fc.assert(
            fc.property(fc.array(millicores, { maxLength: 20 }), (parts) => {
                const total = parts.reduce((t, m) => t + m / 1000, 0);
                const exact = parts.reduce((t, m) => t + m, 0) / 1000;
                expect(exceeds(total, exact)).toBe(false);
            }),
        );
    });

    it("formats amounts so that they parse back to the same value", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 2 ** 40 }), millicores, (bytes, millis) => {
                expect(parseQuantity(formatAmount("requests.memory", bytes))).toBe(bytes);
                expect(parseQuantity(formatAmount("requests.cpu", millis / 1000))).toBeCloseTo(millis / 1000, 9);
            }),
        );
    });

    it("formats like the API server: millicores, binary then decimal byte suffixes, plain counts", () => {
        expect(formatAmount("requests.cpu", 2.2)).toBe("2200m");
        expect(formatAmount("limits.cpu", 4)).toBe("4");
        expect(formatAmount("requests.memory", 2.5 * 2 ** 30)).toBe("2560Mi");
        expect(formatAmount("requests.storage", 1e9)).toBe("1G");
        expect(formatAmount("gold.storageclass.storage.k8s.io/persistentvolumeclaims", 3)).toBe("3");
        expect(formatAmount("requests.nvidia.com/gpu", 2)).toBe("2");
        expect(formatAmount("pods", 10)).toBe("10");
    });

    it("prints lists sorted by key, as the quota admission plugin does", () => {
        expect(
            prettyPrint(
                new Map([
                    ["requests.cpu", "2"],
                    ["limits.cpu", "4"],
                    ["pods", "1"],
                ]),
            ),
        ).toBe("limits.cpu=4,pods=1,requests.cpu=2");
    });
});
