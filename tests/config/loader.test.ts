import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../stacks/config/errors";
import { sectionSchemas, type PlatformConfig } from "../../stacks/config/schema";
import { DAY5_LIMITS, DAY5_QUOTA } from "../../stacks/areas/tenancy/schema";
import { STACKS, toCliConfig } from "../helpers/stack-config";
import { stackSections } from "./cases";

type Loader = typeof import("../../stacks/config/loader");

describe("loadPlatformConfig", () => {
    let loader: Loader;

    beforeAll(async () => {
        await pulumi.runtime.setMocks(
            { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
            "platform",
            "stage",
            true,
        );
        loader = await import("../../stacks/config/loader");
    });

    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("reads every platform: key of the stack's Pulumi config, JSON-decoded", () => {
        pulumi.runtime.setAllConfig(toCliConfig(stackSections("stage")));
        expect(loader.loadPlatformConfig()).toEqual(loader.parsePlatformConfig(stackSections("stage")));
    });

    it("accepts keys of the kubernetes provider and the engine, which it does not read", () => {
        pulumi.runtime.setAllConfig({
            ...toCliConfig(stackSections("stage")),
            "kubernetes:context": "admin@stage",
            "pulumi:disable-default-providers": "[]",
        });
        expect(loader.loadPlatformConfig().cluster.apiVip).toBe("192.168.56.11");
    });

    it("rejects a key outside the known namespaces, as pulumi preview would see it", () => {
        pulumi.runtime.setAllConfig({ ...toCliConfig(stackSections("stage")), "platfrom:registry": "{}" });
        expect(() => loader.loadPlatformConfig()).toThrow(
            "platfrom:registry: is outside the namespaces this stack may set (platform:, kubernetes:, pulumi:); did you mean platform:registry?",
        );
    });

    it("rejects a declared secret set in plain text, with the command that encrypts it", () => {
        const prod = { ...toCliConfig(stackSections("prod")), "platform:dns01Credentials": "wJalrXUtnFEMI" };
        const receivers = ["platform:alertWebhookUrl", "platform:alertSmtpPassword"];
        pulumi.runtime.setAllConfig(prod, receivers);
        expect(() => loader.loadPlatformConfig()).toThrow(
            new ConfigError([
                {
                    path: ["dns01Credentials"],
                    message:
                        "must be a secret, but is set in plain text; run `pulumi config set --secret platform:dns01Credentials <value> --stack stage`",
                },
            ]),
        );
        pulumi.runtime.setAllConfig(prod, ["platform:dns01Credentials", ...receivers]);
        expect(loader.loadPlatformConfig().dns01Credentials).toBe("wJalrXUtnFEMI");
    });

    it.each(["12345678", "true", "null", '{"a":1}'])("keeps the secret string %j a string", (plaintext) => {
        pulumi.runtime.setAllConfig({ ...toCliConfig(stackSections("prod")), "platform:dns01Credentials": plaintext }, [
            "platform:dns01Credentials",
            "platform:alertWebhookUrl",
            "platform:alertSmtpPassword",
        ]);
        expect(loader.loadPlatformConfig().dns01Credentials).toBe(plaintext);
    });

    it("passes a value that is not JSON through as a string, so the schema names its key", () => {
        pulumi.runtime.setAllConfig({ ...toCliConfig(stackSections("stage")), "platform:tls": "cccr-miniproject.com" });
        expect(() => loader.loadPlatformConfig()).toThrow(
            new ConfigError([{ path: ["tls"], message: "Invalid input: expected object, received string" }]),
        );
    });

    it("reports a stack without platform config as every missing required section", () => {
        pulumi.runtime.setAllConfig({});
        let error: unknown;
        try {
            loader.loadPlatformConfig();
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const paths = (error as ConfigError).issues.map((i) => i.path);
        expect(paths).toEqual(expect.arrayContaining([["cluster"], ["network"], ["tls"]]));
        expect(paths.every((p) => p.length === 1)).toBe(true);
    });

    it("reports an unknown platform: key by its full key", () => {
        pulumi.runtime.setAllConfig({ ...toCliConfig(stackSections("stage")), "platform:tennants": "[]" });
        expect(() => loader.loadPlatformConfig()).toThrow(
            `platform:tennants: unknown config key; known keys are ${Object.keys(sectionSchemas).join(", ")}`,
        );
    });
});

describe.each(STACKS)("the real %s stack file", (stack) => {
    let config: PlatformConfig;

    beforeAll(async () => {
        const { parsePlatformConfig } = await import("../../stacks/config/loader");
        config = parsePlatformConfig(stackSections(stack));
    });

    it("parses with every tenant of the file, in order", () => {
        const tenants = stackSections(stack).tenants as { name: string }[];
        expect(config.tenants.map((t) => t.name)).toEqual(tenants.map((t) => t.name));
    });

    it("defaults autoAssign on every pool, GPUs to 0 and Pod Security to restricted", () => {
        expect(config.network.lbPools.every((p) => p.autoAssign)).toBe(true);
        expect(config.cluster.nodes.filter((n) => !n.name.startsWith("gpu")).every((n) => n.gpus === 0)).toBe(true);
        expect(config.tenants.every((t) => t.podSecurity === "restricted")).toBe(true);
    });

    it("fills every LimitRange bound a tenant leaves out with the Day 5 value", () => {
        for (const tenant of config.tenants) {
            expect(tenant.limits.min).toEqual(DAY5_LIMITS.min);
            expect(tenant.limits.default).toEqual(DAY5_LIMITS.default);
            expect(tenant.limits.defaultRequest).toEqual(DAY5_LIMITS.defaultRequest);
        }
    });
});

describe("stage defaults", () => {
    let config: PlatformConfig;

    beforeAll(async () => {
        const { parsePlatformConfig } = await import("../../stacks/config/loader");
        config = parsePlatformConfig(stackSections("stage"));
    });

    it("gives tenant web, declared by name only, the Day 5 quota and limits", () => {
        expect(config.tenants[0]).toEqual({
            name: "web",
            podSecurity: "restricted",
            quota: DAY5_QUOTA,
            limits: DAY5_LIMITS,
        });
    });

    it("merges tenant ml's overrides over the Day 5 defaults field by field", () => {
        expect(config.tenants[1].quota).toEqual({
            ...DAY5_QUOTA,
            requestsMemory: "10Gi",
            limitsMemory: "20Gi",
            gpus: 2,
        });
        expect(config.tenants[1].limits.max).toEqual({ cpu: "4", memory: "8Gi" });
    });

    it("keeps the seed 001 lab addresses", () => {
        expect(config.cluster.apiVip).toBe("192.168.56.11");
        expect(config.network.lbPools).toEqual([
            {
                name: "default",
                addresses: [{ text: "192.168.56.200-192.168.56.209", first: 3232250056, last: 3232250065 }],
                autoAssign: true,
            },
        ]);
        expect(config.registry).toEqual({ offline: false });
    });
});

describe("prod defaults", () => {
    it("gives tenant analytics, declared by name only, the Day 5 quota and limits", async () => {
        const { parsePlatformConfig } = await import("../../stacks/config/loader");
        const analytics = parsePlatformConfig(stackSections("prod")).tenants.find((t) => t.name === "analytics");
        expect(analytics).toEqual({
            name: "analytics",
            podSecurity: "restricted",
            quota: DAY5_QUOTA,
            limits: DAY5_LIMITS,
        });
    });
});
