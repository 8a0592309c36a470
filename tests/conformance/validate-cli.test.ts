import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ROOT } from "../../tools/render/render";
import { DEFAULT_CRD_DIR } from "../../tools/validate/crds";

// Each spawn costs seconds (npx + tsx start-up, then the render), so the full runs are few: stacks.test.ts covers
// the validation of both stacks in-process.

let dir: string;

function cli(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync("npx", ["tsx", "tools/validate/cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
}

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-cli-"));
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run validate -- <stack>", () => {
    it("exits 2 with the usage when no stack is given", () => {
        const result = cli();

        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: npm run validate -- <stack> [--crds DIR]...");
    });

    it("exits 2 when a --crds directory does not exist", () => {
        const result = cli("stage", "--crds", path.join(dir, "missing"));

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`--crds ${path.join(dir, "missing")}: not a directory`);
    });

    it("exits 2 without a stack trace when the stack file does not exist", () => {
        const result = cli("nosuchstack");

        expect(result.status).toBe(2);
        expect(result.stderr).toContain("Pulumi.nosuchstack.yaml");
        expect(result.stderr).not.toMatch(/^\s+at /m);
    });

    it("exits 0 and prints the summary when every object is accepted", () => {
        const result = cli("stage");

        expect(result.stderr).not.toMatch(/^\s+at /m);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^validate stage: \d+ objects, 0 problem\(s\)$/m);
        expect(result.stdout).toMatch(/^ {2}not checked: 0$/m);
        expect(result.stdout).toMatch(/^ {2}CEL rules: {3}\d+ evaluated, \d+ not evaluated$/m);
    });

    it("exits 1 with one line per problem when a cluster's CRD list lacks kinds the stack uses", () => {
        // Only MetalLB's CRDs, as `kubectl get crd -o yaml` would list them from a cluster without cert-manager.
        const metallb = path.join(DEFAULT_CRD_DIR, "metallb");
        const version = fs.readdirSync(metallb).sort()[0];
        const items = fs
            .readdirSync(path.join(metallb, version))
            .map((f) => parse(fs.readFileSync(path.join(metallb, version, f), "utf8")) as unknown);
        fs.mkdirSync(path.join(dir, "cluster"));
        fs.writeFileSync(path.join(dir, "cluster", "crds.yaml"), stringify({ apiVersion: "v1", kind: "List", items }));

        const result = cli("stage", "--crds", path.join(dir, "cluster"));

        expect(result.status).toBe(1);
        expect(result.stdout).toContain(
            "cert-manager.io/v1 ClusterIssuer /internal-ca: apiVersion: no CRD for cert-manager.io/v1 ClusterIssuer",
        );
        expect(result.stdout).not.toContain("metallb.io");
    });
});
