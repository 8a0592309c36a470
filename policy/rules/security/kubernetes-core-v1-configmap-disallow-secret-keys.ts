import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { decodeBase64 } from "../../lib/security-secrets";
import type { Props } from "../../lib/resources";
import { namesSecret, secretFormIn } from "../../../contract/secrets";

const DEFAULTS = { allowedKeys: [] as string[] };

/** Keys that are whole files (dashboards, configs, scripts) are named after their content, not a secret. */
const FILE_KEY = /\.(json|ya?ml|conf|cfg|ini|toml|xml|properties|txt|sh|py|js|lua|tpl)$/i;

export const kubernetesCoreV1ConfigmapDisallowSecretKeys: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-configmap-disallow-secret-keys",
    description:
        "No ConfigMap carries a key named like a password, token or key, or a value shaped like a secret (private key, URL password, known token format, high-entropy string), since ConfigMaps are not secret.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Move the value into a Secret and reference it with secretKeyRef or envFrom.secretRef; list keys that hold no secret in allowedKeys.",
    configSchema: {
        properties: {
            allowedKeys: {
                type: "array",
                items: { type: "string" },
                description: "ConfigMap keys that hold no secret though named or shaped like one.",
                default: DEFAULTS.allowedKeys,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.core.v1.ConfigMap, (configMap, args, report) => {
        const { allowedKeys } = withDefaults(DEFAULTS, args.getConfig);
        for (const field of ["data", "binaryData"] as const) {
            const values: Props = configMap[field] ?? {};
            for (const key of Object.keys(values).filter((k) => !allowedKeys.includes(k))) {
                // Keys are judged without reading their values; values only when known, so an unknown never stops it.
                const raw = Object.getOwnPropertyDescriptor(values, key)?.value;
                const text = typeof raw !== "string" ? "" : field === "binaryData" ? decodeBase64(raw) : raw;
                const secret = secretFormIn(text);
                if (secret !== undefined) {
                    report(
                        `ConfigMap key "${key}" in ${field} holds ${secret.phrase}; ConfigMaps are stored and shown in plain text`,
                    );
                } else if (namesSecret(key) && !FILE_KEY.test(key)) {
                    report(
                        `ConfigMap key "${key}" in ${field} is named like a secret; ConfigMaps are stored and shown in plain text`,
                    );
                }
            }
        }
    }),
};
