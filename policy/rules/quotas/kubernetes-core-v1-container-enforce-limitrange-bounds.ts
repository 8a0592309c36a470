import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import {
    containerLimitsByNamespace,
    effectiveContainers,
    type ContainerLimitItem,
    type DeclaredQuantity,
    type EffectiveContainer,
} from "../../lib/quotas-limitrange";
import { exceeds } from "../../lib/quotas-usage";
import { workloadsOf } from "../../lib/quotas-workloads";
import { byCodePoint } from "../../../contract/order";

const sorted = (list: ReadonlyMap<string, DeclaredQuantity>) => [...list].sort(([a], [b]) => byCodePoint(a, b));

/** The LimitRanger plugin's minConstraint, maxConstraint and limitRequestRatioConstraint, in that order. */
function violations(c: EffectiveContainer, item: ContainerLimitItem): string[] {
    const found: string[] = [];
    for (const [resource, min] of sorted(item.min)) {
        const request = c.requests.get(resource);
        const limit = c.limits.get(resource);
        const prefix = `minimum ${resource} usage per Container is ${min.text}`;
        if (request === undefined) {
            found.push(`${prefix}.  No request is specified`);
        } else if (exceeds(min.value, request.value)) {
            found.push(`${prefix}, but request is ${request.text}`);
        } else if (limit !== undefined && exceeds(min.value, limit.value)) {
            found.push(`${prefix}, but limit is ${limit.text}`);
        }
    }
    for (const [resource, max] of sorted(item.max)) {
        const request = c.requests.get(resource);
        const limit = c.limits.get(resource);
        const prefix = `maximum ${resource} usage per Container is ${max.text}`;
        if (limit === undefined) {
            found.push(`${prefix}.  No limit is specified`);
        } else if (exceeds(limit.value, max.value)) {
            found.push(`${prefix}, but limit is ${limit.text}`);
        } else if (request !== undefined && exceeds(request.value, max.value)) {
            found.push(`${prefix}, but request is ${request.text}`);
        }
    }
    for (const [resource, ratio] of sorted(item.maxLimitRequestRatio)) {
        const request = c.requests.get(resource);
        const limit = c.limits.get(resource);
        const prefix = `${resource} max limit to request ratio per Container is ${ratio.text}`;
        if (request === undefined || request.value === 0) {
            found.push(`${prefix}, but no request is specified or request is 0`);
        } else if (limit === undefined || limit.value === 0) {
            found.push(`${prefix}, but no limit is specified or limit is 0`);
        } else if (exceeds(limit.value / request.value, ratio.value)) {
            found.push(`${prefix}, but provided ratio is ${(limit.value / request.value).toFixed(6)}`);
        }
    }
    return found;
}

export const kubernetesCoreV1ContainerEnforceLimitrangeBounds: PlatformStackPolicy = {
    name: "kubernetes-core-v1-container-enforce-limitrange-bounds",
    description:
        "Every container's requests and limits, after LimitRange defaults, stay within its namespace's LimitRange min, max and limit/request ratio, as admission would require.",
    severity: "high",
    tags: [Topic.quotas],
    remediationSteps:
        "Lower the container's limit or request into the namespace LimitRange's Container bounds (or raise the bounds in the tenant's limits config); pods outside them are rejected when the controller creates them.",
    validateStack: (args, report) => {
        const limitsByNamespace = containerLimitsByNamespace(args.resources);
        for (const workload of workloadsOf(args.resources)) {
            const items = limitsByNamespace.get(workload.namespace) ?? [];
            if (items.length === 0) {
                continue;
            }
            const messages = effectiveContainers(workload.podSpec, items).flatMap((c) =>
                items.flatMap((item) => violations(c, item)).map((m) => `${c.label}: ${m}`),
            );
            for (const message of new Set(messages)) {
                report(message, workload.resource.urn);
            }
        }
    },
};
