import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";

/** Tenants one generated worker can hold at the default (seed 003 Day 5) quota: 16 × 4 cores, 16 × 8Gi. */
const TENANTS_PER_WORKER = 16;
const WORKER = { cpu: "64", memory: "256Gi" };
/** Extra workers take free hosts .40–.179 of the node subnet: clear of prod's nodes, VIP (.10) and MetalLB pool (.180–.200). */
const FIRST_WORKER_HOST = 40;
const LAST_WORKER_HOST = 179;

/**
 * The base stack file (prod) with teams added up to `tenants` in all and one extra worker per 16 of them, so the
 * summed quota fits the declared capacity and every cross-field check still passes: the render measures a large
 * but valid stack. The base tenants stay, since the base's network flows name them.
 */
export function generatedStackConfig(baseFile: string, tenants: number): Record<string, unknown> {
    const doc = parse(fs.readFileSync(baseFile, "utf8")) as {
        config: Record<string, unknown> & {
            "platform:cluster": { nodeSubnet: string; nodes: { name: string; ip: string }[] };
            "platform:tenants"?: { name: string }[];
        };
    };
    const cluster = doc.config["platform:cluster"];
    const base: { name: string }[] = doc.config["platform:tenants"] ?? [];
    const added = Math.max(0, tenants - base.length);
    const workers = Math.ceil(added / TENANTS_PER_WORKER);
    const prefix = String(cluster.nodeSubnet).split(".").slice(0, 3).join(".");
    const taken = new Set<string>(cluster.nodes.map((n: { ip: string }) => n.ip));
    const hosts = Array.from(
        { length: LAST_WORKER_HOST - FIRST_WORKER_HOST + 1 },
        (_, i) => `${prefix}.${FIRST_WORKER_HOST + i}`,
    )
        .filter((ip) => !taken.has(ip))
        .slice(0, workers);
    if (hosts.length < workers) {
        throw new Error(
            `${tenants} tenants need ${workers} extra workers; only ${hosts.length} free addresses in ${prefix}.${FIRST_WORKER_HOST}-${LAST_WORKER_HOST}`,
        );
    }
    cluster.nodes = [
        ...cluster.nodes,
        ...hosts.map((ip, i) => ({
            name: `bench-worker-${String(i + 1).padStart(3, "0")}`,
            ip,
            role: "worker",
            ...WORKER,
        })),
    ];
    doc.config["platform:tenants"] = [
        ...base,
        ...Array.from({ length: added }, (_, i) => ({
            name: `team-${String(i + 1).padStart(4, "0")}`,
            // A mix of the shapes real tenants take: defaults, a looser PSA level, a custom LimitRange maximum.
            ...(i % 10 === 1 ? { podSecurity: "baseline" } : {}),
            ...(i % 10 === 2 ? { limits: { max: { cpu: "4", memory: "8Gi" } } } : {}),
        })),
    ];
    return doc;
}

/** Writes the generated stack file to a fresh temporary directory; the caller removes it. */
export function writeGeneratedStackFile(baseFile: string, tenants: number): { file: string; dir: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
    const file = path.join(dir, `Pulumi.bench-${tenants}.yaml`);
    fs.writeFileSync(file, stringify(generatedStackConfig(baseFile, tenants), { lineWidth: 0 }));
    return { file, dir };
}
