// footprint.md: the footprint report as tables, cpu in cores or millicores and memory in Mi or Gi.
import { entryTotal, type Compute, type FootprintEntry, type Resources } from "../../contract/footprint";
import type { Fit, FootprintReport } from "./footprint";
import { byCodePoint } from "../../contract/order";

type Source = FootprintEntry["source"];
const SOURCES: readonly Source[] = ["pod", "chart", "managed"];
const SOURCE_TITLES: Readonly<Record<Source, string>> = {
    pod: "own pods",
    chart: "chart containers",
    managed: "operator-managed pods",
};

const MI = 2 ** 20;
const GI = 2 ** 30;

/** Cores when whole or over one core (`2`, `1.25`), else millicores (`580m`). */
export function formatMilliCpu(milli: number): string {
    if (milli % 1000 === 0 || Math.abs(milli) >= 1000) {
        return String(Number((milli / 1000).toFixed(3)));
    }
    return `${milli}m`;
}

/** Gi from one GiB up (`3.75Gi`), else Mi (`960Mi`); bytes below one MiB. */
export function formatMemoryBytes(bytes: number): string {
    if (Math.abs(bytes) >= GI) {
        return `${Number((bytes / GI).toFixed(2))}Gi`;
    }
    if (Math.abs(bytes) >= MI) {
        return `${Number((bytes / MI).toFixed(1))}Mi`;
    }
    return String(bytes);
}

function limit(value: string, unbounded: boolean, zero: boolean): string {
    return unbounded ? (zero ? "unbounded" : `≥ ${value}`) : value;
}

function columns(r: Resources): string[] {
    return [
        formatMilliCpu(r.requests.milliCpu),
        limit(formatMilliCpu(r.limits.milliCpu), r.unbounded.cpu, r.limits.milliCpu === 0),
        formatMemoryBytes(r.requests.memoryBytes),
        limit(formatMemoryBytes(r.limits.memoryBytes), r.unbounded.memory, r.limits.memoryBytes === 0),
    ];
}

function row(cells: readonly string[]): string {
    return `| ${cells.join(" | ")} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [row(head), row(head.map(() => "---")), ...rows.map(row)];
}

function share(part: number, whole: number): string {
    return whole === 0 ? "n/a" : `${((part / whole) * 100).toFixed(1)}%`;
}

const RESOURCE_HEAD = ["cpu requests", "cpu limits", "memory requests", "memory limits"];

function entryRow(e: FootprintEntry): string[] {
    return [e.source, e.kind, e.name, e.namespace, `${e.replicas} (${e.basis})`, ...columns(entryTotal(e))];
}

const ENTRY_HEAD = ["source", "kind", "name", "namespace", "replicas", ...RESOURCE_HEAD];

function fitLines(fit: Readonly<Record<Compute, Fit>>): string[] {
    const fmt = { cpu: formatMilliCpu, memory: formatMemoryBytes };
    const labels = [
        ...new Set(
            [...fit.cpu.platform, ...fit.cpu.tenants, ...fit.memory.platform, ...fit.memory.tenants].map(
                (c) => c.label,
            ),
        ),
    ];
    const valueOf = (resource: Compute, label: string) => {
        const found = [...fit[resource].platform, ...fit[resource].tenants].find((c) => c.label === label);
        return found === undefined ? "—" : fmt[resource](found.value);
    };
    const ordered = [
        ...labels.filter((l) => l.startsWith("platform ")).sort(byCodePoint),
        ...labels.filter((l) => !l.startsWith("platform ")).sort(byCodePoint),
    ];
    return table(
        ["", "cpu", "memory"],
        [
            ["schedulable capacity", fmt.cpu(fit.cpu.capacity), fmt.memory(fit.memory.capacity)],
            ...ordered.map((l) => [l, valueOf("cpu", l), valueOf("memory", l)]),
            ["**committed**", fmt.cpu(fit.cpu.committed), fmt.memory(fit.memory.committed)],
            ["free", fmt.cpu(fit.cpu.free), fmt.memory(fit.memory.free)],
            ["fits", fit.cpu.fits ? "yes" : "**no**", fit.memory.fits ? "yes" : "**no**"],
        ],
    );
}

export function reportMarkdown(report: FootprintReport): string {
    const { stack } = report;
    const out: string[] = [
        `# Footprint: ${stack}`,
        "",
        "What the platform's own pods request and are limited to, per area and component, against the capacity the",
        "cluster inventory declares (see docs/footprint.md). Pods in tenant namespaces count inside the tenants' quotas.",
        "",
        "## Platform total",
        "",
        ...table(
            ["", ...RESOURCE_HEAD],
            [
                ...SOURCES.map((s) => [SOURCE_TITLES[s], ...columns(report.platform[s])]),
                ["**platform**", ...columns(report.platform.total)],
            ],
        ),
        "",
    ];
    if (report.roles !== undefined) {
        const workers = report.roles.find((r) => r.role === "worker")!;
        const total = report.platform.total.requests;
        out.push(
            "## Per node role",
            "",
            `All of the platform's requests (${formatMilliCpu(total.milliCpu)} cpu, ${formatMemoryBytes(total.memoryBytes)}) ` +
                `are ${share(total.milliCpu, workers.capacity.milliCpu)} of the cpu and ${share(total.memoryBytes, workers.capacity.memoryBytes)} ` +
                `of the memory of the schedulable non-GPU workers.`,
            "",
            ...table(
                [
                    "role",
                    "nodes",
                    "cpu capacity",
                    "platform cpu requests",
                    "share",
                    "memory capacity",
                    "platform memory requests",
                    "share",
                ],
                report.roles.map((r) => [
                    r.role,
                    String(r.nodes),
                    formatMilliCpu(r.capacity.milliCpu),
                    formatMilliCpu(r.platform.milliCpu),
                    share(r.platform.milliCpu, r.capacity.milliCpu),
                    formatMemoryBytes(r.capacity.memoryBytes),
                    formatMemoryBytes(r.platform.memoryBytes),
                    share(r.platform.memoryBytes, r.capacity.memoryBytes),
                ]),
            ),
            "",
        );
    }
    out.push("## Per area and component", "");
    for (const area of report.areas) {
        out.push(
            `### ${area.area}`,
            "",
            ...table(
                ["component", ...RESOURCE_HEAD],
                [
                    ...area.components.map((c) => [`${c.name} (${c.type})`, ...columns(c.split.total)]),
                    [`**${area.area}**`, ...columns(area.split.total)],
                ],
            ),
            "",
        );
        for (const c of area.components) {
            out.push(`#### ${c.name} (${c.type})`, "", ...table(ENTRY_HEAD, c.entries.map(entryRow)), "");
        }
    }
    if (report.tenantWorkloads.length > 0) {
        out.push(
            "## Pods in tenant namespaces (within their quotas)",
            "",
            ...table(ENTRY_HEAD, report.tenantWorkloads.map(entryRow)),
            "",
        );
    }
    if (report.budgets.length > 0) {
        const opt = (v: number | undefined, f: (n: number) => string) => (v === undefined ? "—" : f(v));
        out.push(
            "## System namespace budgets",
            "",
            "A platform namespace's ResourceQuota caps the pods counted above; it is not added to the fit.",
            "",
            ...table(
                ["namespace", "quota", "cpu budget", "cpu requested", "memory budget", "memory requested"],
                report.budgets.map((b) => [
                    b.namespace,
                    b.quota,
                    opt(b.budget.milliCpu, formatMilliCpu),
                    formatMilliCpu(b.requested.milliCpu),
                    opt(b.budget.memoryBytes, formatMemoryBytes),
                    formatMemoryBytes(b.requested.memoryBytes),
                ]),
            ),
            "",
        );
    }
    if (report.fit !== undefined) {
        out.push(
            "## Tenant quotas and fit",
            "",
            "The platform's requests on schedulable nodes plus every tenant's quota (or its pods' requests where it has none), against the schedulable capacity.",
            "",
            ...fitLines(report.fit),
            "",
        );
    }
    out.push(
        "## Charts",
        "",
        ...table(
            ["chart", "resource", "namespace", "counted from"],
            report.charts.map((c) => [c.chart, c.name, c.namespace, c.counted]),
        ),
        "",
    );
    if (report.undeclared.length > 0) {
        out.push("## Containers without requests (counted as 0)", "", ...report.undeclared.map((u) => `- ${u}`), "");
    }
    return out.join("\n");
}
