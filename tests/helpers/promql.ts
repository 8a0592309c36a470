// PromQL checks for tests: where an expression fails to parse, and which metrics it reads. The grammar is the
// Prometheus project's own Lezer grammar (@prometheus-io/lezer-promql), so this is a syntax gate: it catches typos,
// unbalanced brackets, unknown functions and bad durations, not type errors such as `rate()` of an instant vector
// (Prometheus itself, through the operator's admission webhook, checks those).
import { parser } from "@prometheus-io/lezer-promql";

/** Grafana's built-in interval variables, which stand where PromQL wants a duration (`[$__rate_interval]`). */
const DURATION_VARIABLES = new Set(["__rate_interval", "__interval", "__range"]);
/** Grafana's built-in variables that stand for a number (of milliseconds or seconds). */
const NUMBER_VARIABLES = new Set(["__interval_ms", "__range_ms", "__range_s"]);
/** `$name`, `${name}`, `${name:format}` and the deprecated `[[name]]` / `[[name:format]]`. */
const VARIABLE = /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]/g;

/**
 * A dashboard query with each Grafana template variable replaced by a stand-in of the same length, so positions in
 * the result are positions in the query:
 * - `$__rate_interval`, `$__interval`, `$__range` (and their `${…}` forms) become the duration `5m`;
 * - `$__interval_ms`, `$__range_ms`, `$__range_s` become the number `300`;
 * - every other variable (`$namespace`, `${namespace}`, `${namespace:regex}`, `[[namespace]]`) becomes an
 *   identifier of underscores and its name (`_namespace`), which parses wherever a label or metric name may stand;
 *   inside a string (`{namespace=~"$namespace"}`) it changes nothing that matters to the parser.
 * Stand-ins are padded with spaces, which PromQL allows between tokens.
 */
export function withGrafanaStandIns(expr: string): string {
    return expr.replace(VARIABLE, (match: string, braced?: string, plain?: string, bracketed?: string) => {
        const name = braced ?? plain ?? bracketed ?? "";
        if (DURATION_VARIABLES.has(name)) {
            return "5m".padEnd(match.length);
        }
        if (NUMBER_VARIABLES.has(name)) {
            return "300".padEnd(match.length);
        }
        return match.replace(/\W/g, "_");
    });
}

/** `line:column` (both from 1) of an offset in a text. */
function position(text: string, offset: number): string {
    const before = text.slice(0, offset).split("\n");
    return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * The syntax errors of a PromQL expression (Grafana template variables allowed, see withGrafanaStandIns), each as
 * `syntax error at <line>:<column> (offset <n>): …`; empty when it parses. Every error node of the Lezer tree is
 * one entry, so one typo may give more than one.
 */
export function promqlProblems(expr: string): string[] {
    if (expr.trim() === "") {
        return ["empty expression"];
    }
    const problems: string[] = [];
    const seen = new Set<number>();
    parser.parse(withGrafanaStandIns(expr)).iterate({
        enter: (node) => {
            if (!node.type.isError || seen.has(node.from)) {
                return;
            }
            seen.add(node.from);
            const at = `syntax error at ${position(expr, node.from)} (offset ${node.from})`;
            if (node.from < node.to) {
                problems.push(`${at}: unexpected ${JSON.stringify(expr.slice(node.from, node.to))}`);
            } else if (expr.slice(node.from).trim() === "") {
                problems.push(`${at}: the expression ends too early`);
            } else {
                problems.push(
                    `${at}: something is missing before ${JSON.stringify(expr.slice(node.from, node.from + 12))}`,
                );
            }
        },
    });
    return problems;
}

/** The value of a PromQL string literal: "…" and '…' with backslash escapes, `…` raw. */
function unquote(literal: string): string {
    const body = literal.slice(1, -1);
    if (literal.startsWith("`")) {
        return body;
    }
    const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r" };
    return body.replace(/\\(.)/g, (_match: string, c: string) => escapes[c] ?? c);
}

/**
 * The metric names an expression reads, each once, in order of appearance: the name of every vector selector
 * (`rate(x[5m])`, `x offset 1h`, `x[5m:1m]` all read `x`), the quoted name of a UTF-8 selector (`{"a.b"}`), and the
 * value of every `__name__="…"` matcher. A `__name__` matched by `=~`, `!=` or `!~` names no one metric, so is left
 * out; label names (`by (job)`, `on (instance)`, matchers) and function names are not metrics. Grafana template
 * variables are replaced as in withGrafanaStandIns, so a metric named by a variable comes out as its stand-in.
 */
export function metricNames(expr: string): string[] {
    const text = withGrafanaStandIns(expr);
    const found: string[] = [];
    parser.parse(text).iterate({
        enter: (ref) => {
            if (ref.name !== "VectorSelector") {
                return;
            }
            const selector = ref.node;
            const identifier = selector.getChild("Identifier");
            if (identifier) {
                found.push(text.slice(identifier.from, identifier.to));
            }
            for (let m = selector.getChild("LabelMatchers")?.firstChild ?? null; m; m = m.nextSibling) {
                if (m.name === "QuotedLabelName") {
                    found.push(unquote(text.slice(m.from, m.to)));
                    continue;
                }
                if (m.name !== "UnquotedLabelMatcher" && m.name !== "QuotedLabelMatcher") {
                    continue;
                }
                const label = m.firstChild;
                const op = m.getChild("MatchOp")?.firstChild;
                const value = m.getChild("StringLiteral");
                if (!label || !op || !value) {
                    continue;
                }
                const labelText = text.slice(label.from, label.to);
                const labelName = label.name === "QuotedLabelName" ? unquote(labelText) : labelText;
                if (labelName === "__name__" && op.name === "EqlSingle") {
                    found.push(unquote(text.slice(value.from, value.to)));
                }
            }
        },
    });
    return [...new Set(found)];
}
