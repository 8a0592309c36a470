import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

/** Import patterns naming a top-level folder of the project, however many `../` lead there. */
function layer(...folders) {
    return folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]);
}

/** Output must be identical under every locale: sort with byCodePoint (contract/order.ts). */
const NO_LOCALE_COMPARE = {
    selector: "CallExpression[callee.property.name='localeCompare']",
    message: "localeCompare depends on the process locale; use byCodePoint from contract/order.ts.",
};

export default tseslint.config(
    { ignores: ["node_modules/", "out/", "coverage/", "reports/", ".stryker-tmp/", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        plugins: { "@pulumi": pulumi },
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            "prefer-const": "error",
            eqeqeq: ["error", "smart"],
            "no-restricted-syntax": ["error", NO_LOCALE_COMPARE],
        },
    },
    // Layers: contract ← components ← stacks ← tools; the policy pack depends on contract only, and tools use it
    // through policy/pack and policy/harness. tests/ may import anything.
    {
        files: ["contract/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: "^(?!\\./)",
                            message:
                                "contract/ is the bottom layer: it imports only other contract/ files, no npm package and nothing else of the project.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["components/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: layer("stacks", "tools", "policy", "tests"),
                            message: "Components sit below stacks, tools and the pack; they never read stack config.",
                        },
                    ],
                },
            ],
            "no-restricted-properties": [
                "error",
                { object: "process", property: "env", message: "Components never read the environment." },
                { object: "pulumi", property: "getStack", message: "Components never branch on the stack name." },
            ],
            "no-restricted-syntax": [
                "error",
                NO_LOCALE_COMPARE,
                {
                    selector: "NewExpression[callee.object.name='pulumi'][callee.property.name='Config']",
                    message: "Components never read pulumi.Config.",
                },
            ],
        },
    },
    {
        files: ["stacks/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: layer("tools", "policy", "tests"),
                            message: "Stacks sit below tools and beside the pack.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["policy/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: layer("components", "stacks", "tools", "tests"),
                            message: "The policy pack depends on contract/ only, so it loads on its own under the CLI.",
                        },
                        {
                            regex: "^(?!\\.|node:|@pulumi/(policy|pulumi|kubernetes)(/|$)|yaml$|ipaddr\\.js$)",
                            message: "The policy pack installs only what policy/package.json lists.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["tools/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/policy/lib",
                                "**/policy/lib/**",
                                "**/policy/rules",
                                "**/policy/rules/**",
                                ...layer("tests"),
                            ],
                            message: "Tools use the pack through policy/pack and policy/harness only.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
