import { kindOf } from "../../../contract/objects";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { knownPriorityClasses, priorityClassProblem } from "../../lib/priority-classes";
import { metadataName, metadataNamespace } from "../../lib/resources";
import { podSpecOf } from "../../lib/workloads";

// Stricter than kube-score and Polaris, which have no such check, and than the API server, which admits a pod
// without a class at the global default: on fixed capacity every pod must say where it ranks, and a class the
// stack does not declare is refused at admission, so the pod would never start.
export const kubernetesCoreV1PodMissingPriorityClass: PlatformStackPolicy = {
    name: "kubernetes-core-v1-pod-missing-priority-class",
    description:
        "Every pod template names a priorityClassName that is a PriorityClass declared in the stack or a built-in system class.",
    severity: "medium",
    tags: [Topic.quotas, "scheduling"],
    remediationSteps:
        "Set spec.priorityClassName on the pod template to the platform class (platform components) or the tenant class (apps), from contract/priority-classes.ts; a system-* class only for node or cluster agents.",
    validateStack: (args, report) => {
        const known = knownPriorityClasses(args.resources);
        for (const resource of args.resources) {
            const podSpec = podSpecOf(resource.type, resource.props);
            if (podSpec === undefined) {
                continue;
            }
            const problem = priorityClassProblem(podSpec.priorityClassName, known);
            if (problem !== undefined) {
                const name = metadataName(resource.props) ?? resource.name;
                report(
                    `${kindOf(resource.type)} "${metadataNamespace(resource.props)}/${name}" ${problem}`,
                    resource.urn,
                );
            }
        }
    },
};
