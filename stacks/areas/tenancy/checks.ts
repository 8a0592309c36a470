import { PLANNED_PLATFORM_NAMESPACES, RESERVED_NAMESPACES } from "../../../contract/namespaces";
import { formatBytes, formatCpu, quantity } from "../../../contract/quantity";
import type { ConfigIssue } from "../../config/errors";
import { duplicates } from "../../config/issues";
import { clusterCapacity } from "../cluster/capacity";
import type { ClusterConfig } from "../cluster/schema";
import type { TenantConfig } from "./schema";

type Bound = "min" | "defaultRequest" | "default" | "max";
const ORDER: readonly Bound[] = ["min", "defaultRequest", "default", "max"];

function checkTenantLimits(tenant: TenantConfig, t: number): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const resource of ["cpu", "memory"] as const) {
        ORDER.slice(1).forEach((upper, i) => {
            const lower = ORDER[i];
            const lo = tenant.limits[lower][resource];
            const hi = tenant.limits[upper][resource];
            if (quantity(lo) > quantity(hi)) {
                issues.push({
                    path: ["tenants", t, "limits", upper, resource],
                    message: `${hi} is below limits.${lower}.${resource} ${lo}`,
                });
            }
        });
    }
    const q = tenant.quota;
    for (const [req, lim] of [
        ["requestsCpu", "limitsCpu"],
        ["requestsMemory", "limitsMemory"],
    ] as const) {
        if (quantity(q[req]) > quantity(q[lim])) {
            issues.push({ path: ["tenants", t, "quota", req], message: `${q[req]} is above quota.${lim} ${q[lim]}` });
        }
    }
    return issues;
}

/** Why a tenant may not take `name`: a Kubernetes namespace, one another area manages, or one a planned area will. */
function takenBy(name: string, owners: ReadonlyMap<string, readonly string[]>): string | undefined {
    if (RESERVED_NAMESPACES.includes(name) || name.startsWith("kube-")) {
        return `${name} is a reserved namespace`;
    }
    const areas = (owners.get(name) ?? []).filter((area) => area !== "tenancy");
    if (areas.length > 0) {
        return `${name} is a namespace the ${areas.join(" and ")} area manages; a tenant may not take it`;
    }
    if (PLANNED_PLATFORM_NAMESPACES.includes(name)) {
        return `${name} is reserved for a platform area (storage, observability or inference); a tenant may not take it`;
    }
    return undefined;
}

/** `owners` maps every namespace the areas manage (the tenants' own included) to the areas that manage it. */
export function checkTenants(
    tenants: readonly TenantConfig[],
    cluster: ClusterConfig | undefined,
    owners: ReadonlyMap<string, readonly string[]>,
): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    issues.push(
        ...duplicates(
            tenants,
            (t) => t.name,
            (i) => ["tenants", i, "name"],
            "tenant",
        ),
    );
    tenants.forEach((tenant, t) => {
        const taken = takenBy(tenant.name, owners);
        if (taken !== undefined) {
            issues.push({ path: ["tenants", t, "name"], message: taken });
        }
        issues.push(...checkTenantLimits(tenant, t));
    });
    if (!cluster) {
        return issues;
    }
    const capacity = clusterCapacity(cluster);
    const on = `schedulable nodes (${capacity.nodes.join(", ") || "none"})`;
    tenants.forEach((tenant, t) => {
        if (tenant.quota.gpus > capacity.gpus) {
            issues.push({
                path: ["tenants", t, "quota", "gpus"],
                message: `${tenant.quota.gpus} exceeds the ${capacity.gpus} GPUs of ${on}`,
            });
        }
    });
    const sums = [
        {
            key: "requestsCpu",
            sum: tenants.reduce((s, t) => s + quantity(t.quota.requestsCpu), 0),
            cap: capacity.cpu,
            fmt: formatCpu,
            what: "cpu",
            perUnit: 1000,
        },
        {
            key: "requestsMemory",
            sum: tenants.reduce((s, t) => s + quantity(t.quota.requestsMemory), 0),
            cap: capacity.memory,
            fmt: formatBytes,
            what: "memory",
            perUnit: 1,
        },
        {
            key: "gpus",
            sum: tenants.reduce((s, t) => s + t.quota.gpus, 0),
            cap: capacity.gpus,
            fmt: String,
            what: "GPUs",
            perUnit: 1,
        },
    ] as const;
    for (const s of sums) {
        // Compared in whole millicores / bytes: float sums of 1300m + 8700m must equal 10 cores exactly.
        if (Math.round(s.sum * s.perUnit) > Math.round(s.cap * s.perUnit)) {
            issues.push({
                path: ["tenants"],
                message: `sum of quota.${s.key} (${s.fmt(s.sum)}) exceeds the ${s.fmt(s.cap)} ${s.what} of ${on}`,
            });
        }
    }
    return issues;
}
