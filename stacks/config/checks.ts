import { formatBytes, formatCpu, quantity } from "../../policy/lib/quantity";
import { clusterCapacity } from "./capacity";
import type { ConfigIssue } from "./errors";
import { containsAddress, contains, overlaps, parseCidr, parseIpv4, parseRange, type Ipv4Range } from "./ip";
import { checkBgp, checkFlows, checkGateway, checkTls } from "./network-checks";
import { NodeRole, type PlatformConfig, type TenantConfig } from "./schema";

/** Sections parsed so far; a check runs only when every section it reads parsed cleanly. */
export type ParsedSections = Partial<PlatformConfig>;

type Issues = ConfigIssue[];

/** Namespaces Kubernetes or the platform own; a tenant may not take one. */
export const RESERVED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

function duplicates<T>(
    items: readonly T[],
    key: (item: T) => string,
    at: (index: number) => PropertyKey[],
    what: string,
): Issues {
    const seen = new Map<string, number>();
    const issues: Issues = [];
    items.forEach((item, index) => {
        const k = key(item);
        const first = seen.get(k);
        if (first === undefined) {
            seen.set(k, index);
        } else {
            issues.push({ path: at(index), message: `duplicate ${what} ${k} (also at index ${first})` });
        }
    });
    return issues;
}

function checkCluster(cluster: PlatformConfig["cluster"]): Issues {
    const issues: Issues = [];
    const nets = (["nodeSubnet", "podCidr", "serviceCidr"] as const).map((key) => ({
        key,
        range: parseCidr(cluster[key])!,
    }));
    nets.forEach((a, i) =>
        nets.slice(i + 1).forEach((b) => {
            if (overlaps(a.range, b.range)) {
                issues.push({
                    path: ["cluster", b.key],
                    message: `${cluster[b.key]} overlaps ${a.key} ${cluster[a.key]}`,
                });
            }
        }),
    );
    const subnet = nets[0].range;
    cluster.nodes.forEach((node, i) => {
        if (!containsAddress(subnet, parseIpv4(node.ip)!)) {
            issues.push({
                path: ["cluster", "nodes", i, "ip"],
                message: `${node.ip} is outside nodeSubnet ${cluster.nodeSubnet}`,
            });
        }
    });
    issues.push(
        ...duplicates(
            cluster.nodes,
            (n) => n.name,
            (i) => ["cluster", "nodes", i, "name"],
            "node name",
        ),
    );
    issues.push(
        ...duplicates(
            cluster.nodes,
            (n) => n.ip,
            (i) => ["cluster", "nodes", i, "ip"],
            "node address",
        ),
    );
    if (!containsAddress(subnet, parseIpv4(cluster.apiVip)!)) {
        issues.push({
            path: ["cluster", "apiVip"],
            message: `${cluster.apiVip} is outside nodeSubnet ${cluster.nodeSubnet}`,
        });
    }
    const controlPlanes = cluster.nodes.filter((n) => n.role === NodeRole.controlPlane);
    if (controlPlanes.length === 0) {
        issues.push({ path: ["cluster", "nodes"], message: "declares no control-plane node" });
    }
    const holder = cluster.nodes.find((n) => n.ip === cluster.apiVip);
    if (controlPlanes.length > 1 && holder) {
        issues.push({
            path: ["cluster", "apiVip"],
            message: `${cluster.apiVip} is node ${holder.name}'s address; with ${controlPlanes.length} control planes the VIP must be a free address`,
        });
    }
    return issues;
}

function checkPools(network: PlatformConfig["network"], cluster: PlatformConfig["cluster"]): Issues {
    const issues: Issues = [];
    const subnet = parseCidr(cluster.nodeSubnet)!;
    const taken: { range: Ipv4Range; text: string }[] = [];
    const reserved = [
        ...cluster.nodes.map((n) => ({ address: parseIpv4(n.ip)!, what: `node ${n.name}'s address ${n.ip}` })),
        { address: parseIpv4(cluster.apiVip)!, what: `the API VIP ${cluster.apiVip}` },
    ];
    network.lbPools.forEach((pool, p) =>
        pool.addresses.forEach((text, a) => {
            const path = ["network", "lbPools", p, "addresses", a];
            const range = parseRange(text)!;
            if (!contains(subnet, range)) {
                issues.push({ path, message: `${text} is outside nodeSubnet ${cluster.nodeSubnet}` });
            }
            const clash = taken.find((t) => overlaps(t.range, range));
            if (clash) {
                issues.push({ path, message: `${text} overlaps ${clash.text}` });
            }
            for (const r of reserved.filter((r) => containsAddress(range, r.address))) {
                issues.push({ path, message: `${text} contains ${r.what}` });
            }
            taken.push({ range, text });
        }),
    );
    issues.push(
        ...duplicates(
            network.lbPools,
            (p) => p.name,
            (i) => ["network", "lbPools", i, "name"],
            "pool name",
        ),
    );
    return issues;
}

type Bound = "min" | "defaultRequest" | "default" | "max";
const ORDER: readonly Bound[] = ["min", "defaultRequest", "default", "max"];

function checkTenantLimits(tenant: TenantConfig, t: number): Issues {
    const issues: Issues = [];
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

function checkTenants(tenants: PlatformConfig["tenants"], cluster: PlatformConfig["cluster"] | undefined): Issues {
    const issues: Issues = [];
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

/** Cross-field checks over whatever sections parsed; field-level syntax is the schema's job. */
export function crossChecks(sections: ParsedSections): Issues {
    const { cluster, network, tenants, registry, tls } = sections;
    const issues: Issues = [];
    if (cluster) {
        issues.push(...checkCluster(cluster));
    }
    const poolIssues = cluster && network ? checkPools(network, cluster) : [];
    issues.push(...poolIssues);
    const tenantIssues = tenants ? checkTenants(tenants, cluster) : [];
    issues.push(...tenantIssues);
    if (registry?.offline && !registry.mirror) {
        issues.push({ path: ["registry", "mirror"], message: "is required when registry.offline is true" });
    }
    // Checks that build on pools or tenants run only once those are sound, so one mistake reports once.
    if (network && cluster && poolIssues.length === 0) {
        issues.push(...checkGateway(network));
    }
    if (network) {
        issues.push(...checkBgp(network));
    }
    if (network && tenants && tenantIssues.length === 0) {
        issues.push(...checkFlows(network, tenants));
    }
    if (tls) {
        issues.push(...checkTls(tls, sections.dns01Credentials, registry?.offline));
    }
    return issues;
}
