import { containersOf } from "../../lib/workloads";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { validatePodSpec } from "../../lib/security-pods";
import { ALLOW_EMPTY_PASSWORD_VARIABLES, plaintextSecret } from "../../lib/security-secrets";
import { namesSecret, SECRET_KINDS } from "../../../contract/secrets";
import type { Props } from "../../lib/resources";

const DEFAULTS = { allowedVariables: [...ALLOW_EMPTY_PASSWORD_VARIABLES] };

export const kubernetesCoreV1ContainerDisallowPlaintextSecretEnv: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-container-disallow-plaintext-secret-env",
    description:
        "No container passes a secret as a literal environment value, whether named like one (password, token, key) or shaped like one (private key, URL password, known token format, high-entropy string), nor takes a secret-named variable from a ConfigMap instead of a Secret.",
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
                    "Variables that hold no secret though named or shaped like one (flags such as MYSQL_ALLOW_EMPTY_PASSWORD, which the weak-password rule checks).",
                default: DEFAULTS.allowedVariables,
            },
        },
    },
    validateResource: validatePodSpec(DEFAULTS, (podSpec, config, report) => {
        for (const { label, container } of containersOf(podSpec)) {
            for (const env of (container.env ?? []) as Props[]) {
                const name = String(env.name);
                if (config.allowedVariables.includes(name)) {
                    continue;
                }
                const configMap = env.valueFrom?.configMapKeyRef;
                // Empty values are the weak-password rule's; a secretKeyRef is what this rule asks for.
                const secret = env.valueFrom === undefined ? plaintextSecret(env, "value", name) : undefined;
                if (configMap !== undefined && namesSecret(name)) {
                    report(`${label} takes ${name} from ConfigMap "${configMap.name}" instead of a Secret`);
                } else if (secret !== undefined) {
                    const holding = secret === SECRET_KINDS.named ? "" : ` holding ${secret.phrase}`;
                    report(`${label} sets ${name} as a literal value${holding} instead of valueFrom.secretKeyRef`);
                }
            }
        }
    }),
};
