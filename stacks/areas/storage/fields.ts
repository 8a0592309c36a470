// Field types the storage area's sections share.
import { z } from "zod";
import { display, text } from "../../config/primitives";

export const ReclaimPolicy = { delete: "Delete", retain: "Retain" } as const;
export type ReclaimPolicy = (typeof ReclaimPolicy)[keyof typeof ReclaimPolicy];

/** An error for a strict object's unknown keys, naming them and the known ones. */
export const unknownKeys =
    (what: string, known: readonly string[], note = "") =>
    (issue: { code?: string; keys?: string[] }) =>
        issue.code === "unrecognized_keys"
            ? `unknown ${what} ${issue.keys!.map((k) => display(k)).join(", ")}; known: ${known.join(", ")}${note}`
            : undefined;

/**
 * One of fixed values. A string with a stray character is told so, as `text` tells it; any other value is shown
 * as JSON (the loader hands over prototype-less objects, which String() cannot convert).
 */
export function option<const T extends readonly [string, ...string[]]>(values: T, what: string) {
    return z.enum(values, {
        error: ({ input }) => {
            const stray = typeof input === "string" ? text.safeParse(input).error?.issues[0].message : undefined;
            const shown = typeof input === "string" ? display(input) : JSON.stringify(input);
            return stray ?? `${shown} is not ${what} (${values.join(", ")})`;
        },
    });
}

/** An absolute directory other than `/`, with no `.` or `..` segment: volumes are created, and deleted, under it. */
export const absoluteDirectory = text
    .refine(
        (v) =>
            v.startsWith("/") &&
            v.replace(/\/+$/, "") !== "" &&
            v.split("/").every((segment) => segment !== "." && segment !== ".."),
        {
            error: (issue) =>
                `${display(String(issue.input))} is not an absolute directory below / (e.g. /srv/nfs), without . or .. segments`,
        },
    )
    .describe("An absolute directory.");
