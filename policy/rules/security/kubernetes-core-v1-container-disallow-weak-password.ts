import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";
import {
    ALLOW_EMPTY_PASSWORD_VARIABLES,
    isWellKnown,
    WELL_KNOWN_PASSWORDS,
    wellKnownPasswordsProperty,
} from "../../lib/security-secrets";
import { namesPassword } from "../../../contract/secrets";
import type { Props } from "../../lib/resources";

const DEFAULTS = {
    wellKnownPasswords: [...WELL_KNOWN_PASSWORDS],
    allowEmptyPasswordVariables: [...ALLOW_EMPTY_PASSWORD_VARIABLES],
};

export const kubernetesCoreV1ContainerDisallowWeakPassword: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-weak-password",
    description:
        "No container allows an empty database password or sets a password or secret variable to an empty or well-known value.",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Remove the allow-empty-password variable; generate the password (random.RandomPassword), keep it in a Secret and reference it with valueFrom.secretKeyRef.",
    configSchema: {
        properties: {
            ...wellKnownPasswordsProperty,
            allowEmptyPasswordVariables: {
                type: "array",
                items: { type: "string" },
                description: "Variables that, set to any non-empty value, start a database without a password.",
                default: DEFAULTS.allowEmptyPasswordVariables,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            for (const env of (container.env ?? []) as Props[]) {
                const name = String(env.name);
                // A value from a Secret or ConfigMap is not visible here; the Secret rule checks Secrets.
                if (env.valueFrom !== undefined) {
                    continue;
                }
                const value = String(env.value ?? "");
                if (config.allowEmptyPasswordVariables.includes(name)) {
                    // The official MySQL and MariaDB entrypoints test only for a non-empty value: "no" enables it too.
                    if (value !== "") {
                        report(`${label} sets ${name}="${value}", which allows an empty database password`);
                    }
                } else if (namesPassword(name)) {
                    if (value === "") {
                        report(`${label} sets ${name} to an empty value`);
                    } else if (isWellKnown(value, config.wellKnownPasswords)) {
                        report(`${label} sets ${name} to a well-known password`);
                    }
                }
            }
        }
    }),
};
