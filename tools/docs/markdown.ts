// Small Markdown writers for the generated docs: GitHub-flavoured tables, escaped cells, code spans.

/** A table cell: one line, pipes escaped (GitHub needs that even inside code spans). */
export function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text}${pad}${fence}`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A value as the docs show it: strings bare, everything else as compact JSON. */
export function literal(value: unknown): string {
    return code(typeof value === "string" ? value : JSON.stringify(value));
}

/** Joins blocks with one blank line and ends the file with exactly one newline. */
export function document(blocks: readonly string[]): string {
    return `${blocks
        .map((b) => b.trim())
        .filter((b) => b.length > 0)
        .join("\n\n")}\n`;
}

/** A GitHub heading anchor, for links inside a generated page. */
export function anchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}
