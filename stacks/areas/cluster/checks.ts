import type { ConfigIssue } from "../../config/errors";
import { containsAddress, overlaps, parseCidr, parseIpv4 } from "../../config/ip";
import { duplicates } from "../../config/issues";
import { NodeRole, type ClusterConfig, type RegistryConfig } from "./schema";

export function checkCluster(cluster: ClusterConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
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

export function checkRegistry(registry: RegistryConfig): ConfigIssue[] {
    return registry.offline && !registry.mirror
        ? [{ path: ["registry", "mirror"], message: "is required when registry.offline is true" }]
        : [];
}
