import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { configReference, splitDefault } from "../../tools/docs/config-reference";
import { platformConfigJsonSchema } from "../../tools/docs/config-schema";
import { secretSection } from "../../stacks/config/secrets";
import { generateDocs } from "../../tools/docs/generate";
import { ROOT, SCHEMA_FILE } from "../../tools/docs/paths";
import { countTestCases } from "../../tools/docs/policy-catalog";
import { STACKS, stackFile } from "../helpers/stack-config";

/** The first line that differs, so a stale file's failure says where. */
function firstDifference(expected: string, actual: string): string {
    const want = expected.split("\n");
    const got = actual.split("\n");
    const line = want.findIndex((text, i) => text !== got[i]);
    const at = line === -1 ? want.length : line;
    return `line ${at + 1}: expected ${JSON.stringify(want[at] ?? "<end of file>")}, found ${JSON.stringify(got[at] ?? "<end of file>")}`;
}

describe("generated docs", () => {
    const generated = generateDocs();

    it.each(Object.keys(generated).sort())("%s matches its sources", (file) => {
        const target = path.join(ROOT, file);
        if (!fs.existsSync(target)) {
            throw new Error(`${file} is missing: run npm run docs`);
        }
        const onDisk = fs.readFileSync(target, "utf8");
        if (onDisk !== generated[file]) {
            throw new Error(`${file} is stale (${firstDifference(generated[file], onDisk)}): run npm run docs`);
        }
    });

    it("produces the same content on every run", () => {
        expect(generateDocs()).toEqual(generated);
    });
});

describe("the stack-file JSON Schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
        JSON.parse(generateDocs()[SCHEMA_FILE]),
    );
    const errors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => e.instancePath));

    it.each(STACKS)("accepts Pulumi.%s.yaml", (stack) => {
        expect(errors(parse(fs.readFileSync(stackFile(stack), "utf8")))).toEqual([]);
    });

    const stage = () => parse(fs.readFileSync(stackFile("stage"), "utf8"));

    it("accepts kubernetes: and pulumi: keys and the settings Pulumi writes", () => {
        const doc = stage();
        doc.config["kubernetes:context"] = "lab";
        doc.config["pulumi:disable-default-providers"] = ["kubernetes"];
        doc.encryptionsalt = "v1:abc";
        expect(errors(doc)).toEqual([]);
    });

    it("rejects a key of any other namespace, as the loader does", () => {
        const doc = stage();
        doc.config["aws:region"] = "ap-northeast-2";
        expect(errors(doc)).toEqual(["/config"]);
    });

    it("accepts a section without its namespace, and rejects one set both ways", () => {
        const doc = stage();
        doc.config.tenants = doc.config["platform:tenants"];
        delete doc.config["platform:tenants"];
        doc.config.cluster = doc.config["platform:cluster"];
        delete doc.config["platform:cluster"];
        expect(errors(doc)).toEqual([]);
        doc.config["platform:tenants"] = doc.config.tenants;
        expect(errors(doc)).toContain("/config");
        doc.config.tenants.push({ name: "Bad_Name" });
        expect(errors(doc)).toContain("/config/tenants/2/name");
    });

    it("accepts a secure value wherever a string is, at any depth, and nowhere else", () => {
        const doc = stage();
        doc.config["platform:tls"].domain = { secure: "v1:abc" };
        doc.config["platform:network"].flows[0].to = { secure: "v1:abc" };
        doc.config["platform:cluster"].nodes[0].cpu = { secure: "v1:abc" };
        expect(errors(doc)).toEqual([]);
        doc.config["platform:network"].gateway.replicas = { secure: "v1:abc" };
        doc.config["platform:tls"].mode = { secure: "v1:abc", note: "rotated" };
        expect(errors(doc)).toEqual(
            expect.arrayContaining(["/config/platform:network/gateway/replicas", "/config/platform:tls/mode"]),
        );
    });

    it("rejects a misspelled platform key and an unknown field inside a section", () => {
        const doc = stage();
        doc.config["platform:tenant"] = [];
        doc.config["platform:tls"].issuer = "letsencrypt";
        const found = errors(doc);
        expect(found).toEqual(expect.arrayContaining(["/config", "/config/platform:tls"]));
    });

    it("requires the sections without defaults", () => {
        const doc = stage();
        delete doc.config["platform:cluster"];
        validate(doc);
        expect(validate.errors?.map((e) => e.params)).toContainEqual({ missingProperty: "platform:cluster" });
    });
});

describe("schema and reference for other shapes of section", () => {
    const node: z.ZodType = z.lazy(() =>
        z.object({ name: z.string().describe("Node name."), children: z.array(node).optional() }),
    );
    const sections = {
        tree: z.object({ root: node }).describe("A recursive section."),
        label: z.string().optional().describe("A plain string."),
        token: secretSection(z.string().optional().describe("A credential.")),
        issuer: z
            .discriminatedUnion("kind", [
                z.object({ kind: z.literal("acme"), email: z.string().describe("Account e-mail.") }),
                z.object({ kind: z.literal("ca"), secretName: z.string().describe("CA Secret.") }),
            ])
            .optional(),
    };
    const schema = platformConfigJsonSchema(sections);
    const reference = configReference(schema);
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

    it("lists a recursive key once and points its repeats at the key whose shape they share", () => {
        expect(reference).toContain(
            "| `platform:tree.root.children` | object[] | no |  | Each item has the shape of `platform:tree.root`. |",
        );
    });

    it("accepts a string section stored as a secure value, and shows its decrypted type", () => {
        expect(
            validate({ config: { "platform:tree": { root: { name: "a" } }, "platform:label": { secure: "v1:x" } } }),
        ).toBe(true);
        expect(reference).toContain("| `platform:label` | string | no |  | A plain string. |");
    });

    it("requires a section declared with secretSection to be secret, and says so with the command", () => {
        const tree = { root: { name: "a" } };
        expect(validate({ config: { "platform:tree": tree, "platform:token": { secure: "v1:x" } } })).toBe(true);
        expect(validate({ config: { "platform:tree": tree, "platform:token": "plain" } })).toBe(false);
        const note =
            "Secret: set it with `pulumi config set --secret platform:token <value> --stack <stack>`; a plain-text value is an error.";
        expect(reference).toContain(`| \`platform:token\` | secure value | no |  | ${note} A credential. |`);
        expect(reference).not.toContain("platform:token.secure");
    });

    it("lists each variant's keys of a discriminated union under its tag value", () => {
        expect(reference).toContain("| `platform:issuer.kind` | `acme` \\| `ca` | yes |");
        expect(reference).toContain("| `platform:issuer.email` | string | yes |  | (`kind` `acme`) Account e-mail. |");
        expect(reference).toContain("| `platform:issuer.secretName` | string | yes |  | (`kind` `ca`) CA Secret. |");
    });
});

describe("doc helpers", () => {
    it("moves a trailing @default tag out of a description", () => {
        expect(splitDefault("Whole NVIDIA GPUs on the node. @default 0")).toEqual({
            text: "Whole NVIDIA GPUs on the node.",
            tagged: "0",
        });
        expect(splitDefault("Exported path.")).toEqual({ text: "Exported path." });
    });

    it("counts it and test cases, including modifiers, but not describe blocks", () => {
        const source = [
            'describe("rule", () => {',
            '    it("passes", () => {});',
            '    test.each([1, 2])("flags %s", () => {});',
            '    it.skip("later", () => {});',
            '    const split = "a".split("");',
            "});",
        ].join("\n");
        expect(countTestCases(source)).toBe(3);
        expect(countTestCases(undefined)).toBe(0);
    });
});
