// Field types the storage area's sections share.
import { text, display } from "../../config/primitives";

export const ReclaimPolicy = { delete: "Delete", retain: "Retain" } as const;
export type ReclaimPolicy = (typeof ReclaimPolicy)[keyof typeof ReclaimPolicy];

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
