import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import {
    decodeBase64,
    isWellKnown,
    WELL_KNOWN_PASSWORDS,
    wellKnownPasswordsProperty,
} from "../../lib/security-secrets";
import { namesPassword } from "../../../contract/secrets";

const DEFAULTS = { wellKnownPasswords: [...WELL_KNOWN_PASSWORDS] };

export const kubernetesCoreV1SecretDisallowWeakPassword: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-secret-disallow-weak-password",
    description: "No Secret holds an empty or well-known value under a password or secret key.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Generate the value (random.RandomPassword) and pass it to the Secret as a Pulumi secret; never commit a default or empty password.",
    configSchema: { properties: wellKnownPasswordsProperty },
    validateResource: validateResourceOfType(k8s.core.v1.Secret, (secret, args, report) => {
        const { wellKnownPasswords } = withDefaults(DEFAULTS, args.getConfig);
        const fields = [
            { field: "data", values: secret.data ?? {}, decode: decodeBase64 },
            { field: "stringData", values: secret.stringData ?? {}, decode: (value: string) => value },
        ];
        for (const { field, values, decode } of fields) {
            for (const key of Object.keys(values).filter((k) => namesPassword(k))) {
                const value = decode(String(values[key] ?? ""));
                if (value === "") {
                    report(`Secret key "${key}" in ${field} is empty`);
                } else if (isWellKnown(value, wellKnownPasswords)) {
                    report(`Secret key "${key}" in ${field} holds a well-known password`);
                }
            }
        }
    }),
};
