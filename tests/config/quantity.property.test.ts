import fc from "fast-check";
import { formatBytes, formatCpu, parseQuantity, quantity } from "../../contract/quantity";

const RUNS = { seed: 20260517, numRuns: 500 };

const BINARY = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const millicores = fc.integer({ min: 0, max: 1_000_000_000 });
const bytes = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe("formatCpu", () => {
    it("round-trips any millicore count through parseQuantity", () => {
        fc.assert(
            fc.property(millicores, (m) => Math.round(parseQuantity(formatCpu(m / 1000))! * 1000) === m),
            RUNS,
        );
    });

    it("gives the same text when its output is parsed and formatted again", () => {
        fc.assert(
            fc.property(millicores, (m) => {
                const text = formatCpu(m / 1000);
                return formatCpu(parseQuantity(text)!) === text;
            }),
            RUNS,
        );
    });

    it("prints whole cores without a suffix and the rest in millicores", () => {
        expect([formatCpu(2), formatCpu(0.5), formatCpu(10.5), formatCpu(0)]).toEqual(["2", "500m", "10500m", "0"]);
    });

    // "9m" and "0.009" are the same CPU amount and must parse to the same number.
    it("parses a millicore count and the same cores in decimal to the same number", () => {
        fc.assert(
            fc.property(millicores, (m) => parseQuantity(`${m}m`) === parseQuantity(String(m / 1000))),
            RUNS,
        );
    });
});

describe("formatBytes", () => {
    it("round-trips any safe integer byte count through parseQuantity exactly", () => {
        fc.assert(
            fc.property(bytes, (n) => parseQuantity(formatBytes(n)) === n),
            RUNS,
        );
    });

    it("uses the largest binary suffix that divides the count", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1023 }), (i, k) => {
                return formatBytes(k * 1024 ** (i + 1)) === `${k}${BINARY[i]}`;
            }),
            RUNS,
        );
        expect([formatBytes(1536), formatBytes(24064 * 2 ** 20), formatBytes(1000)]).toEqual([
            "1536",
            "24064Mi",
            "1000",
        ]);
    });
});

describe("parseQuantity", () => {
    it("scales each binary suffix by a power of 1024", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 5 }), (k, i) => {
                return parseQuantity(`${k}${BINARY[i]}`) === k * 2 ** (10 * (i + 1));
            }),
            RUNS,
        );
    });

    it("scales decimal suffixes and exponents by powers of 1000", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 1_000_000 }), (k) => {
                return (
                    parseQuantity(`${k}k`) === k * 1e3 &&
                    parseQuantity(`${k}M`) === k * 1e6 &&
                    parseQuantity(`${k}G`) === k * 1e9 &&
                    parseQuantity(`${k}e3`) === k * 1e3 &&
                    parseQuantity(`${k}E6`) === k * 1e6
                );
            }),
            RUNS,
        );
    });

    it("orders the same amount written with different suffixes equally", () => {
        expect(parseQuantity("1Gi")).toBe(parseQuantity("1024Mi"));
        expect(parseQuantity("1G")).toBe(parseQuantity("1000M"));
        expect(parseQuantity("2560Mi")).toBe(parseQuantity("2.5Gi"));
        expect(parseQuantity("1Ki")).toBeGreaterThan(parseQuantity("1k")!);
    });

    it("accepts non-negative finite numbers and rejects the rest", () => {
        fc.assert(
            fc.property(fc.double({ noNaN: true }), (n) => {
                return parseQuantity(n) === (Number.isFinite(n) && n >= 0 ? n : undefined);
            }),
            RUNS,
        );
        expect([parseQuantity(NaN), parseQuantity(Infinity), parseQuantity(-1)]).toEqual([
            undefined,
            undefined,
            undefined,
        ]);
    });

    it("rejects a valid quantity with a sign, a byte unit or trailing text", () => {
        const valid = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.constantFrom("", "m", "k", "Mi", "Gi", "e3"));
        fc.assert(
            fc.property(
                valid,
                fc.constantFrom("-{}", "{}B", "{}i", "{} cores", "{} {}", "{}/2", "0x{}"),
                ([k, s], form) => {
                    return parseQuantity(form.split("{}").join(`${k}${s}`)) === undefined;
                },
            ),
            RUNS,
        );
    });

    it("rejects any text containing a character no quantity has", () => {
        const stray = fc.constantFrom(..."abcdfghjlopqrstvwxyzABCDFHJLNOQRSUVWXYZ_,;:/-!@#$%^&*()[]{}'\"".split(""));
        fc.assert(
            fc.property(fc.string({ maxLength: 6 }), stray, fc.string({ maxLength: 6 }), (before, c, after) => {
                return parseQuantity(`${before}${c}${after}`) === undefined;
            }),
            RUNS,
        );
    });

    it.each(["", " ", ".", "e3", "Gi", "1..0", "1.0.0", "1e", "1e3Gi", "+-1", "1 Gi"])("rejects %j", (text) => {
        expect(parseQuantity(text)).toBeUndefined();
        expect(() => quantity(text)).toThrow(`invalid quantity ${JSON.stringify(text)}`);
    });
});
