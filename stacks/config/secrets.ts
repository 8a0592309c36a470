import type { z } from "zod";

const SECRET_SECTIONS = new WeakSet<z.ZodType>();

/**
 * Declares a config section (a whole `platform:` key) secret, where the area lists its sections: the stack must
 * hold it encrypted (`pulumi config set --secret`), and a plain-text value is a config error. Returns the schema.
 */
export function secretSection<T extends z.ZodType>(schema: T): T {
    SECRET_SECTIONS.add(schema);
    return schema;
}

export function isSecretSection(schema: z.ZodType): boolean {
    return SECRET_SECTIONS.has(schema);
}

/**
 * The command that stores a secret config key (`platform:dns01Credentials`), as every message and page that asks
 * for one writes it; where the stack is not known, it reads `--stack <stack>`.
 */
export function setSecretCommand(key: string, stack = "<stack>"): string {
    return `pulumi config set --secret ${key} <value> --stack ${stack}`;
}
