import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

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
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            "prefer-const": "error",
            eqeqeq: ["error", "smart"],
        },
    },
    {
        files: ["components/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                { patterns: [{ group: ["**/stacks/**"], message: "Components never read stack config." }] },
            ],
            "no-restricted-properties": [
                "error",
                { object: "process", property: "env", message: "Components never read the environment." },
                { object: "pulumi", property: "getStack", message: "Components never branch on the stack name." },
            ],
            "no-restricted-syntax": [
                "error",
                {
                    selector: "NewExpression[callee.object.name='pulumi'][callee.property.name='Config']",
                    message: "Components never read pulumi.Config.",
                },
            ],
        },
    },
);
