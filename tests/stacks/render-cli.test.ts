import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { ROOT } from "../../tools/render/render";
import { stackSections } from "../config/cases";

// Each spawn costs seconds (npx + tsx start-up), so only the exit-2 paths are run here; render.test.ts covers
// the successful render in-process. None of these reaches the point where the CLI writes out/<stack>/.

const STACK_TRACE_LINE = /^\s+at /m;

let dir: string;

function cli(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync("npx", ["tsx", "tools/render/cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
}

function writeStackFile(name: string, content: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
}

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-cli-"));
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run render -- <stack>", () => {
    it("exits 2 and names the key, without a stack trace, when a pool lies outside the node subnet", () => {
        const sections = stackSections("stage") as Record<string, any>;
        sections.network.lbPools[0].addresses.unshift("192.168.57.10-192.168.57.20");
        const config = Object.fromEntries(Object.entries(sections).map(([k, v]) => [`platform:${k}`, v]));
        const file = writeStackFile("Pulumi.pool.yaml", stringify({ config }));

        const result = cli("stage", "--config", file);

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(
            "platform:network.lbPools[0].addresses[0]: 192.168.57.10-192.168.57.20 is outside nodeSubnet 192.168.56.0/24",
        );
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    });

    it("exits 2 with the file and the parser's message when the stack file is not YAML", () => {
        const file = writeStackFile("Pulumi.broken.yaml", "config:\n  platform:cluster: [unclosed\n");

        const result = cli("stage", "--config", file);

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${file}: `);
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    });

    it("exits 2 naming the key, without a stack overflow, when a value nests thousands of levels deep", () => {
        const file = writeStackFile(
            "Pulumi.deep.yaml",
            `config:\n  platform:tenants: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
        );

        const result = cli("stage", "--config", file);

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${file}: platform:tenants[0][0]`);
        expect(result.stderr).toContain("nests more than 32 levels deep");
        expect(result.stderr).not.toContain("Maximum call stack size exceeded");
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    });

    it("exits 2 with the command that encrypts it when a credential is set in plain text", () => {
        const sections = stackSections("prod") as Record<string, any>;
        const config = Object.fromEntries(Object.entries(sections).map(([k, v]) => [`platform:${k}`, v]));
        const file = writeStackFile("Pulumi.plain.yaml", stringify({ config }));

        const result = cli("prod", "--config", file);

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(
            "platform:dns01Credentials: must be a secret, but is set in plain text; run `pulumi config set --secret platform:dns01Credentials <value> --stack prod`",
        );
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    });

    it("exits 2 naming the missing stack file for a stack that has none", () => {
        const result = cli("no-such-stack");

        expect(result.status).toBe(2);
        expect(result.stderr).toContain(path.join(ROOT, "Pulumi.no-such-stack.yaml"));
        expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    });
});
