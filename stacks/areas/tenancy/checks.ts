import { RESERVED_NAMESPACES } from "../../../contract/namespaces";
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

/** The managed namespaces that are not the tenants' own: another area creates each of them. */
function othersOf(managed: readonly string[], tenants: readonly TenantConfig[]): Set<string> {
    const others = [...managed];
    for (const tenant of tenants) {
        others.splice(others.indexOf(tenant.name), 1);
    }
    return new Set(others);
}

/** `managed` is every namespace the areas manage, the tenants included. */
export function checkTenants(
    tenants: readonly TenantConfig[],
    cluster: ClusterConfig | undefined,
    managed: readonly string[],
): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const platform = othersOf(managed, tenants);
    issues.push(
        ...duplicates(
            tenants,
            (t) => t.name,
            (i) => ["tenants", i, "name"],
            "tenant",
        ),
    );
    tenants.forEach((tenant, t) => {
        if (RESERVED_NAMESPACES.includes(tenant.name) || tenant.name.startsWith("kube-")) {
            issues.push({ path: ["tenants", t, "name"], message: `${tenant.name} is a reserved namespace` });
        }
        if (platform.has(tenant.name)) {
            issues.push({
                path: ["tenants", t, "name"],
                message: `${tenant.name} is a namespace another platform area manages; a tenant may not take it`,
            });
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
