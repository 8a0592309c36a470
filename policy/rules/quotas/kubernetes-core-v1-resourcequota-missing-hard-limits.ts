import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";

const DEFAULTS = { requiredResources: ["requests.cpu", "requests.memory", "limits.memory", "pods"] };

/** The quota admission plugin treats bare `cpu` and `memory` as requests. */
const ALIASES: Readonly<Record<string, string>> = { "requests.cpu": "cpu", "requests.memory": "memory" };

export const kubernetesCoreV1ResourcequotaMissingHardLimits: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-resourcequota-missing-hard-limits",
    description: "Every ResourceQuota bounds cpu and memory requests, memory limits and the pod count.",
    severity: "medium",
    tags: [Topic.quotas],
    remediationSteps:
        "Add the missing keys to spec.hard (GovernedNamespace sets them all from the tenant's quota config); a quota that bounds nothing does not protect the cluster.",
    configSchema: {
        properties: {
            requiredResources: {
                type: "array",
                items: { type: "string" },
                description: "Keys every ResourceQuota's spec.hard must declare.",
                default: DEFAULTS.requiredResources,
            },
        },
    },
    validateResource: validateResourceOfType(k8s.core.v1.ResourceQuota, (quota, args, report) => {
        // A scoped quota bounds a subset of pods next to an unscoped one; only unscoped quotas must be complete.
        if ((quota.spec?.scopes ?? []).length > 0 || quota.spec?.scopeSelector !== undefined) {
            return;
        }
        const { requiredResources } = withDefaults(DEFAULTS, args.getConfig);
        const hard: Record<string, unknown> = quota.spec?.hard ?? {};
        const missing = requiredResources.filter((key) => !(key in hard) && !(key in ALIASES && ALIASES[key] in hard));
        if (missing.length > 0) {
            report(`ResourceQuota "${quota.metadata?.name}" declares no hard ${missing.join(", ")}`);
        }
    }),
};
