import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";
import { ALLOW_EMPTY_PASSWORD_VARIABLES, namesSecret, SECRET_NAME } from "../../lib/security-secrets";
import type { Props } from "../../lib/resources";

const DEFAULTS = { allowedVariables: [...ALLOW_EMPTY_PASSWORD_VARIABLES] };

export const kubernetesCoreV1ContainerDisallowPlaintextSecretEnv: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-plaintext-secret-env",
    description:
        "No container passes a password, token or key as a literal environment value or from a ConfigMap instead of a Secret.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Store the value in a Secret (as a Pulumi secret) and reference it with env[].valueFrom.secretKeyRef, or mount it as a file.",
    configSchema: {
        properties: {
            allowedVariables: {
                type: "array",
                items: { type: "string" },
                description:
                    "Variables named like secrets that hold none (flags such as MYSQL_ALLOW_EMPTY_PASSWORD, which the weak-password rule checks).",
                default: DEFAULTS.allowedVariables,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            for (const env of (container.env ?? []) as Props[]) {
                const name = String(env.name);
                if (!namesSecret(name, SECRET_NAME) || config.allowedVariables.includes(name)) {
                    continue;
                }
                const configMap = env.valueFrom?.configMapKeyRef;
                if (configMap !== undefined) {
                    report(`${label} takes ${name} from ConfigMap "${configMap.name}" instead of a Secret`);
                } else if (env.valueFrom === undefined && String(env.value ?? "") !== "") {
                    report(`${label} sets ${name} as a literal value instead of valueFrom.secretKeyRef`);
                }
            }
        }
    }),
};
