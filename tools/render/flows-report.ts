// The reachability matrix as the render writes it: JSON, and a Markdown matrix for review.
import { append } from "../../contract/group";
import { stableJson } from "./artifacts";
import type { Reachability } from "./flows";

export function reachabilityJson(r: Reachability): string {
    return stableJson(r);
}

/** A Markdown matrix (rows: source, columns: destination) with a legend, then the allowed flows as a list. */
export function reachabilityMarkdown(stack: string, r: Reachability): string {
    const ids = new Map(r.endpoints.map((e, i) => [e, `E${i + 1}`]));
    // Columns by endpoint (an id listed twice has two), and each source's cells: the matrix is built row by row
    // from the allowed flows instead of looking every one of its cells up.
    const columns = new Map<string, number[]>();
    r.endpoints.forEach((e, i) => {
        append(columns, e, i);
    });
    const cells = new Map<string, Map<string, string>>();
    for (const p of r.allowed) {
        const row = cells.get(p.from) ?? new Map<string, string>();
        cells.set(p.from, row.set(p.to, p.ports.join(" ")));
    }
    const row = (from: string): string => {
        const line = new Array<string>(r.endpoints.length).fill("·");
        for (const [to, ports] of cells.get(from) ?? []) {
            (columns.get(to) ?? []).forEach((j) => (line[j] = ports));
        }
        (columns.get(from) ?? []).forEach((j) => (line[j] = "—"));
        return line.join(" | ");
    };
    const lines = [
        `# Network reachability: ${stack}`,
        "",
        "Evaluated from the declared NetworkPolicies (default deny plus flows). Rows are sources, columns",
        "destinations; a cell lists the allowed ports, `·` means denied. Pods in namespaces the program does not",
        "govern (kube-system) are unrestricted on their own side.",
        "",
        "| id | endpoint |",
        "|---|---|",
        ...r.endpoints.map((e) => `| ${ids.get(e)} | \`${e}\` |`),
        "",
        `| from \\ to | ${r.endpoints.map((e) => ids.get(e)).join(" | ")} |`,
        `|---|${r.endpoints.map(() => "---").join("|")}|`,
        ...r.endpoints.map((from) => `| ${ids.get(from)} | ${row(from)} |`),
        "",
        "## Allowed flows",
        "",
        ...r.allowed.map((p) => `- \`${p.from}\` → \`${p.to}\`: ${p.ports.join(", ")}`),
        "",
    ];
    return lines.join("\n");
}
