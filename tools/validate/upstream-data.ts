import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Upstream schema data (`crds/`, `charts/`) is read in place, never copied into the repository: from `../shared`
 * next to the checkout, else the machine's shared folder (a clean checkout elsewhere, as CI makes).
 */
export function upstreamDataDir(kind: "crds" | "charts"): string {
    const candidates = [path.resolve(__dirname, "..", "..", "..", "shared", kind), path.join("/work/shared", kind)];
    return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}
