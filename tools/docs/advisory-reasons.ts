import * as fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/** Where the reasons live, beside the profiles. */
export const ADVISORY_REASONS_FILE = "policy/profiles/advisory-reasons.yaml";

const reasonsSchema = z.record(z.string(), z.record(z.string(), z.string().trim().min(10)));

/** Stack to rule to why it is advisory there; throws naming the file and key when the file is malformed. */
export type AdvisoryReasons = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function loadAdvisoryReasons(file: string): AdvisoryReasons {
    const parsed = reasonsSchema.safeParse(parse(fs.readFileSync(file, "utf8")) ?? {});
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    return parsed.data;
}
