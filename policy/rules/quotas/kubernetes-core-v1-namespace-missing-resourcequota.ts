import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { requireInEveryNamespace } from "../../lib/namespaces";
import { K8sType } from "../../../contract/k8s-types";

export const kubernetesCoreV1NamespaceMissingResourcequota: PlatformStackPolicy = {
    name: "kubernetes-core-v1-namespace-missing-resourcequota",
    description: "Every namespace declares a ResourceQuota so one team cannot starve the cluster.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps: "Create the namespace with the GovernedNamespace component, or add a ResourceQuota to it.",
    ...requireInEveryNamespace(K8sType.resourceQuota, (ns) => `namespace "${ns}" has no ResourceQuota`),
};
