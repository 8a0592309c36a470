import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAX_DEPTH, TOO_DEEP_MESSAGE } from "../../stacks/config/plain";
import { OFFLINE_SECRET, offlineConfig, readStackFile, StackFileError } from "../../tools/render/stack-file";
import { stackFile } from "../helpers/stack-config";

// What a stack file means must not depend on who reads it: the Pulumi CLI (yaml.v3, config.Value) or the render.

let dir: string;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

let written = 0;

function write(content: string): string {
    const file = path.join(dir, `Pulumi.case${written++}.yaml`);
    fs.writeFileSync(file, content);
    return file;
}

/** The real stack file's text with one textual change, which must be there to make. */
function edited(stack: string, from: string, to: string): string {
    const text = fs.readFileSync(stackFile(stack), "utf8");
    expect(text).toContain(from);
    return write(text.replace(from, to));
}

function decoded(file: string): Record<string, unknown> {
    const { config } = readStackFile(file);
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.startsWith("{") ? JSON.parse(v) : v]));
}

function readError(file: string): string {
    try {
        readStackFile(file);
    } catch (e) {
        expect(e).toBeInstanceOf(StackFileError);
        return (e as Error).message;
    }
    throw new Error(`${file} was read without an error`);
}

describe("YAML merge keys, which the CLI applies", () => {
    const NODE1 = '- { name: node1, ip: 192.168.56.21, role: worker, cpu: "2", memory: 2560Mi }';
    const NODE2 = '- { name: node2, ip: 192.168.56.22, role: worker, cpu: "2", memory: 2560Mi }';

    it("merges an anchored node into the next one, explicit keys winning", () => {
        const merged = edited(
            "stage",
            `${NODE1}\n      ${NODE2}`,
            `- &worker ${NODE1.slice(2)}\n      - { <<: *worker, name: node2, ip: 192.168.56.22 }`,
        );
        expect(decoded(merged)).toEqual(decoded(stackFile("stage")));
        expect(() => offlineConfig(readStackFile(merged), "stage")).not.toThrow();
    });

    it("merges a list of mappings, the earlier one winning", () => {
        const merged = edited(
            "stage",
            NODE2,
            '- { <<: [{ name: node2, ip: 192.168.56.22 }, { name: nodeX, role: worker, cpu: "2", memory: 2560Mi }] }',
        );
        expect(decoded(merged)).toEqual(decoded(stackFile("stage")));
    });

    it("merges at the level of config keys too", () => {
        const merged = edited(
            "stage",
            "  platform:registry:\n    offline: false\n",
            '  <<: { "platform:registry": { offline: false } }\n',
        );
        expect(decoded(merged)).toEqual(decoded(stackFile("stage")));
    });

    it("names the key whose merge source is not a mapping", () => {
        const file = edited("stage", NODE2, "- { <<: 5, name: node2 }");
        expect(readError(file)).toBe(`${file}: platform:cluster: Merge sources must be maps or map aliases`);
    });
});

describe("keys as the CLI namespaces them", () => {
    it("puts a key without a namespace in the project's, as the CLI does", () => {
        const file = edited("stage", "  platform:tenants:\n", "  tenants:\n");
        expect(decoded(file)).toEqual(decoded(stackFile("stage")));
    });

    it("rejects a key set both with and without its namespace", () => {
        const file = edited("stage", "  platform:tenants:\n", "  tenants: []\n  platform:tenants:\n");
        expect(readError(file)).toBe(`${file}: platform:tenants: set twice, with and without its namespace`);
    });

    it("rejects a mapping key that is not a string, naming where", () => {
        const file = write("config:\n  platform:cluster: { 1: one }\n");
        expect(readError(file)).toBe(`${file}: platform:cluster: mapping keys must be strings, not 1`);
    });
});

describe("secure values at any depth (pulumi config set --path --secret)", () => {
    it("reads a nested secure value as a secret string and the whole key as secret", () => {
        const file = edited("prod", "accessKeyId: AKIAIOSFODNN7EXAMPLE", "accessKeyId: { secure: AAABAHNvbWU= }");
        const stack = readStackFile(file);
        expect(stack.secretKeys).toEqual(["platform:tls"]);
        expect(JSON.parse(stack.config["platform:tls"]).acme.dns01.accessKeyId).toBe(OFFLINE_SECRET);
        expect(offlineConfig(stack, "prod").secretKeys).toContain("platform:tls");
    });

    it("reads a secure value inside a list", () => {
        const file = write("config:\n  kubernetes:args: [{ secure: AAAB }, plain]\n");
        expect(readStackFile(file)).toMatchObject({
            config: { "kubernetes:args": JSON.stringify([OFFLINE_SECRET, "plain"]) },
            secretKeys: ["kubernetes:args"],
        });
    });

    it.each([
        ["with a second key", "{ secure: AAAB, note: rotated }", { secure: "AAAB", note: "rotated" }],
        ["holding a number", "{ secure: 5 }", { secure: 5 }],
    ])("reads a `secure` mapping %s as plain data, as the CLI does", (_, yaml, value) => {
        const stack = readStackFile(write(`config:\n  kubernetes:extra: ${yaml}\n`));
        expect(stack).toMatchObject({ config: { "kubernetes:extra": JSON.stringify(value) }, secretKeys: [] });
    });
});

describe("nesting and alias expansion", () => {
    const tooDeep = (file: string) => `${file}: platform:tenants${"[0]".repeat(MAX_DEPTH)}: ${TOO_DEEP_MESSAGE}`;

    it("reads lists nested MAX_DEPTH deep and rejects one level more, naming the key", () => {
        const lists = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
        expect(readStackFile(write(`config:\n  platform:tenants: ${lists(MAX_DEPTH)}\n`)).config).toEqual({
            "platform:tenants": lists(MAX_DEPTH),
        });
        const file = write(`config:\n  platform:tenants: ${lists(MAX_DEPTH + 1)}\n`);
        expect(readError(file)).toBe(tooDeep(file));
    });

    it("rejects lists nested deeper than the YAML parser's stack, naming the key", () => {
        const file = write(`config:\n  platform:tenants: ${"[".repeat(2000)}${"]".repeat(2000)}\n`);
        expect(readError(file)).toBe(tooDeep(file));
    });

    it("rejects an alias inside its own anchor, which would nest forever", () => {
        const file = write("config:\n  platform:tenants: &loop [*loop]\n");
        expect(readError(file)).toBe(tooDeep(file));
    });

    it("rejects aliases that expand exponentially, naming the key", () => {
        const file = write(
            [
                "config:",
                "  platform:registry: { offline: false }",
                "  platform:tenants:",
                "    - &a [x, x, x, x, x, x, x, x, x, x]",
                "    - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
                "    - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
                "    - [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
            ].join("\n"),
        );
        expect(readError(file)).toBe(
            `${file}: platform:tenants: Excessive alias count indicates a resource exhaustion attack`,
        );
    });
});
