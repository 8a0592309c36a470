import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { requireInEveryNamespace } from "../../lib/namespaces";
import { K8sType } from "../../../contract/k8s-types";

export const kubernetesCoreV1NamespaceMissingLimitrange: PlatformStackPolicy = {
    name: "kubernetes-core-v1-namespace-missing-limitrange",
    description: "Every namespace declares a LimitRange so containers get default requests and bounded limits.",
    severity: "medium",
    tags: [Topic.quotas],
    remediationSteps: "Create the namespace with the GovernedNamespace component, or add a LimitRange to it.",
    ...requireInEveryNamespace(K8sType.limitRange, (ns) => `namespace "${ns}" has no LimitRange`),
};
