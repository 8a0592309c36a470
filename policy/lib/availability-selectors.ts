import type { PolicyResource } from "@pulumi/policy";
import { templateLabels } from "./availability-workloads";
import { metadataNamespace, type Props } from "./resources";
import { selectorMatches, type Labels } from "../../contract/selectors";
import { K8sType } from "../../contract/k8s-types";
import { append } from "../../contract/group";

/** A PodDisruptionBudget's or spread constraint's selector: a null one selects nothing, an empty one everything. */
export function podSelectorMatches(selector: Props | undefined | null, labels: Labels): boolean {
    return selector !== undefined && selector !== null && selectorMatches(selector, labels);
}

/** Each resource list's PodDisruptionBudgets by namespace, in list order, built once per list. */
const budgetIndex = new WeakMap<readonly PolicyResource[], Map<string, PolicyResource[]>>();

function budgetsByNamespace(resources: readonly PolicyResource[]): Map<string, PolicyResource[]> {
    let index = budgetIndex.get(resources);
    if (index === undefined) {
        index = new Map();
        for (const r of resources) {
            if (r.type === K8sType.pdb) {
                const namespace = metadataNamespace(r.props);
                append(index, namespace, r);
            }
        }
        budgetIndex.set(resources, index);
    }
    return index;
}

/**
 * The policy/v1 PodDisruptionBudgets in the workload's namespace whose selector selects its pod template. Rules ask
 * once per workload, so the budgets are grouped by namespace once per resource list rather than rescanned.
 */
export function budgetsSelecting(workload: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const labels = templateLabels(workload.props);
    return (budgetsByNamespace(resources).get(metadataNamespace(workload.props)) ?? []).filter((r) =>
        podSelectorMatches(r.props.spec?.selector, labels),
    );
}

/** An IntOrString as Kubernetes reads it: a non-negative integer, or a string of digits followed by `%`. */
export interface IntOrPercent {
    readonly percent: boolean;
    readonly value: number;
}

/** Parses an IntOrString; undefined when the API server would reject it. */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
    if (typeof value === "number") {
        return Number.isInteger(value) && value >= 0 ? { percent: false, value } : undefined;
    }
    const match = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
    return match ? { percent: true, value: Number(match[1]) } : undefined;
}

/** intstr.GetScaledValueFromIntOrPercent: a percentage of `total`, rounded up or down. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
    if (!value.percent) {
        return value.value;
    }
    const exact = (value.value * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
