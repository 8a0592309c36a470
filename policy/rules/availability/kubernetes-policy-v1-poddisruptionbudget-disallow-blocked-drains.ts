import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import {
    budgetsSelecting,
    parseIntOrPercent,
    scaledValue,
    podSelectorMatches,
    type IntOrPercent,
} from "../../lib/availability-selectors";
import {
    describeResource,
    describeReplicas,
    scaledWorkloads,
    templateLabels,
    type ScaledWorkload,
} from "../../lib/availability-workloads";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { metadataNamespace } from "../../lib/resources";
import { K8sType } from "../../../contract/k8s-types";

const BLOCKS = "no pod can be evicted, so node drains block";

interface Budget {
    readonly field: "minAvailable" | "maxUnavailable";
    readonly raw: unknown;
    readonly value: IntOrPercent;
}

/** The budget's one bound, or a report modelled on the API server's validation when it has none valid. */
function budgetOf(pdb: PolicyResource, report: ReportViolation): Budget | undefined {
    const spec = pdb.props.spec ?? {};
    const { minAvailable, maxUnavailable } = spec;
    if (minAvailable !== undefined && maxUnavailable !== undefined) {
        report(
            `${describeResource(pdb)}: spec: Invalid value: minAvailable and maxUnavailable cannot be both set`,
            pdb.urn,
        );
        return undefined;
    }
    const field = minAvailable !== undefined ? "minAvailable" : "maxUnavailable";
    const raw = spec[field];
    if (raw === undefined) {
        return undefined;
    }
    const value = parseIntOrPercent(raw);
    if (value === undefined) {
        const reason =
            typeof raw === "number"
                ? "must be greater than or equal to 0"
                : "a valid percent string must be a numeric string followed by an ending '%'";
        report(`${describeResource(pdb)}: spec.${field}: Invalid value: ${JSON.stringify(raw)}: ${reason}`, pdb.urn);
        return undefined;
    }
    return { field, raw, value };
}

/** A bound that refuses every eviction whatever the replica count: maxUnavailable 0 or minAvailable ≥ 100%. */
function blocksAlways({ field, value }: Budget): boolean {
    return field === "maxUnavailable" ? value.value === 0 : value.percent && value.value >= 100;
}

function checkBudget(pdb: PolicyResource, workloads: readonly ScaledWorkload[], report: ReportViolation): void {
    const budget = budgetOf(pdb, report);
    if (budget === undefined) {
        return;
    }
    if (blocksAlways(budget)) {
        report(`${describeResource(pdb)} sets ${budget.field} ${String(budget.raw)}: ${BLOCKS}`, pdb.urn);
        return;
    }
    if (budget.field !== "minAvailable") {
        return;
    }
    const namespace = metadataNamespace(pdb.props);
    for (const { resource, replicas } of workloads) {
        if (
            metadataNamespace(resource.props) !== namespace ||
            !podSelectorMatches(pdb.props.spec?.selector, templateLabels(resource.props))
        ) {
            continue;
        }
        // The disruption controller rounds a minAvailable percentage up.
        const required = scaledValue(budget.value, replicas.count, true);
        if (required >= replicas.count) {
            const scaled = budget.value.percent ? ` (${required} pods)` : "";
            report(
                `${describeResource(pdb)} requires minAvailable ${String(budget.raw)}${scaled} of the ` +
                    `${describeReplicas(replicas)} of ${describeResource(resource)}: ${BLOCKS}`,
                pdb.urn,
            );
        }
    }
}

export const kubernetesPolicyV1PoddisruptionbudgetDisallowBlockedDrains: PlatformStackPolicy = {
    name: "kubernetes-policy-v1-poddisruptionbudget-disallow-blocked-drains",
    description:
        "PodDisruptionBudgets leave at least one pod evictable: minAvailable below the replicas (or autoscaler minimum) it guards, maxUnavailable above 0, and one budget per pod.",
    severity: "high",
    tags: [Topic.availability, "disruption"],
    remediationSteps:
        "Prefer maxUnavailable: 1; with minAvailable keep it below spec.replicas or the HPA's minReplicas (a " +
        "ScaledObject's minReplicaCount; raise that instead), and let exactly one PodDisruptionBudget select each workload's pods.",
    validateStack: (args, report) => {
        const workloads = scaledWorkloads(args.resources);
        for (const pdb of args.resources) {
            if (pdb.type === K8sType.pdb) {
                checkBudget(pdb, workloads, report);
            }
        }
        for (const { resource } of workloads) {
            const budgets = budgetsSelecting(resource, args.resources);
            if (budgets.length > 1) {
                report(
                    `${describeResource(resource)} has its pods selected by ${budgets.length} PodDisruptionBudgets ` +
                        `(${budgets.map(describeResource).join(", ")}): the eviction API refuses pods with more than one, ` +
                        `so node drains block`,
                    resource.urn,
                );
            }
        }
    },
};
