import type { PolicyResource } from "@pulumi/policy";
import { K8sType } from "../../contract/k8s-types";
import { SYSTEM_PRIORITY_CLASSES } from "../../contract/priority-classes";
import { metadataName, ofType } from "./resources";

/**
 * The PriorityClass names a pod may use in this stack: those it declares (a chart's own count in a real preview,
 * where Chart v4's children are visible) and the built-in system classes every cluster has.
 */
export function knownPriorityClasses(resources: readonly PolicyResource[]): ReadonlySet<string> {
    const declared = ofType(resources, K8sType.priorityClass)
        .map((r) => metadataName(r.props))
        .filter((name): name is string => typeof name === "string" && name !== "");
    return new Set([...declared, ...SYSTEM_PRIORITY_CLASSES]);
}

/** Why a priority-class value is not one of `known`, or undefined when it is. */
export function priorityClassProblem(value: unknown, known: ReadonlySet<string>): string | undefined {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        return "names no priority class";
    }
    if (typeof value !== "string" || !known.has(value)) {
        return `names priority class ${JSON.stringify(value)}, which is neither declared in the stack nor built in (known: ${[...known].sort().join(", ")})`;
    }
    return undefined;
}
