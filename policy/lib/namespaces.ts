import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { metadataName, namespacesWith, type Props } from "./resources";
import { K8sType } from "../../contract/k8s-types";

/**
 * The shape of the "every namespace has X" rules: reports each declared Namespace in which no resource of `type`
 * satisfying `accept` is declared.
 */
export function requireInEveryNamespace(
    type: string,
    missing: (namespace: string) => string,
    accept?: (props: Props) => boolean,
) {
    return {
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const covered = namespacesWith(args.resources, type, accept);
            for (const ns of args.resources.filter((r: PolicyResource) => r.type === K8sType.namespace)) {
                const name = metadataName(ns.props);
                if (name !== undefined && !covered.has(name)) {
                    report(missing(name), ns.urn);
                }
            }
        },
    };
}
