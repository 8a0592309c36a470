import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";

export const kubernetesCoreV1SecretDisallowDataAndStringData: PlatformResourcePolicy = {
    name: "kubernetes-core-v1-secret-disallow-data-and-string-data",
    description:
        "A Secret declares its values in data or in stringData, not both, so no key is silently overwritten and previews show no phantom diffs.",
    severity: "low",
    tags: [Topic.security],
    remediationSteps:
        "Move every value into stringData (plain text, encoded by the API server) or into data (base64), not both.",
    validateResource: validateResourceOfType(k8s.core.v1.Secret, (secret, _args, report) => {
        const dataKeys = Object.keys(secret.data ?? {});
        const stringDataKeys = Object.keys(secret.stringData ?? {});
        if (dataKeys.length === 0 || stringDataKeys.length === 0) {
            return;
        }
        const both = dataKeys.filter((key) => stringDataKeys.includes(key));
        const overlap = both.length > 0 ? `; stringData overwrites ${both.map((k) => `"${k}"`).join(", ")}` : "";
        report(`Secret sets both data and stringData${overlap}`);
    }),
};
