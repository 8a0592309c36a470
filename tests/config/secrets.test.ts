import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, configKey } from "../../stacks/config/errors";
import {
    OFFLINE_SECRET,
    offlineConfig,
    offlineNotes,
    readStackFile,
    type StackConfig,
} from "../../tools/render/stack-file";
import { STACKS, stackFile } from "../helpers/stack-config";

const COMMAND = (stack: string) => `pulumi config set --secret platform:dns01Credentials <value> --stack ${stack}`;

function prodWith(config: Record<string, string>, secretKeys: string[] = []): StackConfig {
    const prod = readStackFile(stackFile("prod"));
    return { file: prod.file, config: { ...prod.config, ...config }, secretKeys: [...prod.secretKeys, ...secretKeys] };
}

function problems(stackConfig: StackConfig, stack: string): string[] {
    try {
        offlineConfig(stackConfig, stack);
    } catch (e) {
        if (e instanceof ConfigError) {
            return e.issues.map((i) => `${configKey(i.path, i.namespace)}: ${i.message}`);
        }
        throw e;
    }
    throw new Error("the config is valid");
}

describe("the stack files", () => {
    it("hold no ciphertext, which no secrets provider could decrypt", () => {
        for (const stack of STACKS) {
            expect(readStackFile(stackFile(stack)).secretKeys).toEqual([]);
            expect(fs.readFileSync(stackFile(stack), "utf8")).not.toMatch(/^\s*secure:/m);
        }
    });

    it("tell how to set every secret the render stands in for", () => {
        for (const stack of STACKS) {
            const text = fs.readFileSync(stackFile(stack), "utf8");
            for (const key of offlineConfig(readStackFile(stackFile(stack)), stack).standIns) {
                expect(text).toContain(`pulumi config set --secret ${key} `);
                expect(text).toContain(`--stack ${stack}`);
            }
        }
    });
});

describe("offline stand-ins for required secrets", () => {
    it("supplies one for prod's DNS-01 credential, as a secret, and says so with the command to set it", () => {
        const offline = offlineConfig(readStackFile(stackFile("prod")), "prod");
        const receivers = ["platform:alertWebhookUrl", "platform:alertSmtpPassword"];
        expect(offline.standIns).toEqual(["platform:dns01Credentials", ...receivers]);
        expect(offline.config["platform:dns01Credentials"]).toBe(OFFLINE_SECRET);
        expect(offline.secretKeys).toEqual(expect.arrayContaining(["platform:dns01Credentials", ...receivers]));
        expect(offlineNotes(offline, "prod")).toEqual([
            `stand-in secret platform:dns01Credentials: Pulumi.prod.yaml does not set it, so this render uses a placeholder; before a real preview run \`${COMMAND("prod")}\``,
            ...receivers.map(
                (key) =>
                    `stand-in secret ${key}: Pulumi.prod.yaml does not set it, so this render uses a placeholder; before a real preview run \`pulumi config set --secret ${key} <value> --stack prod\``,
            ),
        ]);
    });

    it("supplies none where no check requires the secret", () => {
        const offline = offlineConfig(readStackFile(stackFile("stage")), "stage");
        expect([offline.standIns, offline.config["platform:dns01Credentials"]]).toEqual([[], undefined]);
    });

    it("keeps an encrypted value the file does set, and supplies nothing", () => {
        const secrets = ["platform:dns01Credentials", "platform:alertWebhookUrl", "platform:alertSmtpPassword"];
        const offline = offlineConfig(
            prodWith(Object.fromEntries(secrets.map((key) => [key, OFFLINE_SECRET])), secrets),
            "prod",
        );
        expect(offline.standIns).toEqual([]);
    });
});

describe("secrets set in plain text", () => {
    it("rejects the DNS-01 credential written as a plain string, with the exact command for the stack", () => {
        expect(problems(prodWith({ "platform:dns01Credentials": "wJalrXUtnFEMI/K7MDENG" }), "prod")).toEqual([
            `platform:dns01Credentials: must be a secret, but is set in plain text; run \`${COMMAND("prod")}\``,
        ]);
    });

    it("rejects it when YAML reads it as a number, without a type error", () => {
        const text = fs
            .readFileSync(stackFile("prod"), "utf8")
            .replace("config:\n", "config:\n  platform:dns01Credentials: 12345678\n");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "secrets-")), "Pulumi.prod.yaml");
        fs.writeFileSync(file, text);
        expect(problems(readStackFile(file), "prod")).toEqual([
            `platform:dns01Credentials: must be a secret, but is set in plain text; run \`${COMMAND("prod")}\``,
        ]);
        fs.rmSync(path.dirname(file), { recursive: true });
    });
});

describe("config namespaces", () => {
    it("rejects a misspelled namespace, suggesting the key meant", () => {
        expect(problems(prodWith({ "platfrom:registry": '{"offline":true}' }), "prod")).toEqual([
            "platfrom:registry: is outside the namespaces this stack may set (platform:, kubernetes:, pulumi:); did you mean platform:registry?",
        ]);
    });

    it("notes kubernetes: and pulumi: keys as left to a real preview", () => {
        const offline = offlineConfig(
            prodWith({ "kubernetes:context": "admin@prod", "pulumi:disable-default-providers": "[]" }),
            "prod",
        );
        expect(offlineNotes(offline, "prod").slice(3)).toEqual([
            "not rendered kubernetes:context: a real preview hands it to the engine or the kubernetes provider",
            "not rendered pulumi:disable-default-providers: a real preview hands it to the engine or the kubernetes provider",
        ]);
    });
});
