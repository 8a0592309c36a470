// Reading chart values in tests: the value at a dotted path, and which declared chart containers run.
import type { ChartPin } from "../../../contract/versions";

/** The value at a dotted path of chart values (`speaker.frr.enabled`), or undefined. */
export function at(values: unknown, path: string): unknown {
    return path
        .split(".")
        .reduce<unknown>(
            (node, key) =>
                node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined,
            values,
        );
}

/** The containers of a pin that run with these values (an enabledBy of false turns one off). */
export function running(pin: ChartPin, values: unknown): ChartPin["containers"] {
    return pin.containers.filter((c) => c.enabledBy === undefined || at(values, c.enabledBy) !== false);
}
