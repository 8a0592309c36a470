/**
 * Kubernetes resource quantities (`500m`, `2`, `2560Mi`, `1.5G`, `1e3`) as plain numbers:
 * cores for cpu, bytes for memory and storage, counts for the rest.
 */
const SUFFIXES: Readonly<Record<string, number>> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const DIVISORS: Readonly<Record<string, number>> = { n: 1e9, u: 1e6, m: 1e3 };

const QUANTITY = /^([+]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

/** Parses a quantity; returns undefined when the text is not a valid non-negative quantity. */
export function parseQuantity(text: string | number): number | undefined {
    if (typeof text === "number") {
        return Number.isFinite(text) && text >= 0 ? text : undefined;
    }
    const match = QUANTITY.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const [, digits, exponent, suffix] = match;
    // Sub-unit suffixes divide, so "9m" is exactly 0.009 rather than 9 × 0.001.
    const divisor = DIVISORS[suffix ?? ""];
    const value = exponent
        ? Number(digits + exponent)
        : divisor
          ? Number(digits) / divisor
          : Number(digits) * SUFFIXES[suffix ?? ""];
    return Number.isFinite(value) ? value : undefined;
}

/** Like parseQuantity but throws, for values already validated by the config schema. */
export function quantity(text: string | number): number {
    const value = parseQuantity(text);
    if (value === undefined) {
        throw new Error(`invalid quantity ${JSON.stringify(text)}`);
    }
    return value;
}

/** Formats cores the way the API server prints them: whole cores, else millicores. */
export function formatCpu(cores: number): string {
    const millis = Math.round(cores * 1000);
    return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Formats bytes with the largest binary suffix that divides them exactly. */
export function formatBytes(bytes: number): string {
    for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
        const unit = SUFFIXES[suffix];
        if (bytes >= unit && bytes % unit === 0) {
            return `${bytes / unit}${suffix}`;
        }
    }
    return String(bytes);
}
