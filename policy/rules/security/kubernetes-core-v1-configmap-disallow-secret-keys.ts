import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { namesSecret, SECRET_NAME } from "../../lib/security-secrets";

const DEFAULTS = { allowedKeys: [] as string[] };

/** Keys that are whole files (dashboards, configs, scripts) are named after their content, not a secret. */
const FILE_KEY = /\.(json|ya?ml|conf|cfg|ini|toml|xml|properties|txt|sh|py|js|lua|tpl)$/i;

export const kubernetesCoreV1ConfigmapDisallowSecretKeys: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-configmap-disallow-secret-keys",
    description: "No ConfigMap carries a key named like a password, token or key, since ConfigMaps are not secret.",
    severity: "high",
    tags: [Topic.security],
    remediationSteps:
        "Move the value into a Secret and reference it with secretKeyRef or envFrom.secretRef; list keys that hold no secret in allowedKeys.",
    configSchema: {
        properties: {
            allowedKeys: {
                type: "array",
                items: { type: "string" },
                description: "ConfigMap keys named like secrets that hold none.",
                default: DEFAULTS.allowedKeys,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.core.v1.ConfigMap, (configMap, args, report) => {
        const { allowedKeys } = withDefaults(DEFAULTS, args.getConfig);
        for (const field of ["data", "binaryData"] as const) {
            for (const key of Object.keys(configMap[field] ?? {})) {
                if (namesSecret(key, SECRET_NAME) && !FILE_KEY.test(key) && !allowedKeys.includes(key)) {
                    report(
                        `ConfigMap key "${key}" in ${field} is named like a secret; ConfigMaps are stored and shown in plain text`,
                    );
                }
            }
        }
    }),
};
