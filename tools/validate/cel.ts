// x-kubernetes-validations with @bufbuild/cel (CEL-ES): standard CEL, the strings extension, RE2 `matches`.
//
// Kubernetes adds libraries of its own (lists, regex find, url, ip/cidr, quantity, format, authz) and transition
// rules that compare with `oldSelf`, which only exist on update. A rule that names a function the library lacks,
// refers to `oldSelf`, or would judge a `<redacted>` or `<unknown>` value of the render is counted as not
// evaluated, with its reason: it is never counted as passed, and never fails an object.
import { celEnv, isCelError, parse, plan, type CelInput } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { RE2JS } from "@bufbuild/re2";
import { schemaOf, type RuleRunner, type Schema, type ValidationRule } from "./structural";
import { containsPlaceholder, isRecord, type Issue, type Path, type PathSegment } from "./types";

type Expr = ReturnType<typeof parse>["expr"];
type Program = ReturnType<typeof plan>;

const regexes = new Map<string, RE2JS>();

const env = celEnv({
    funcs: strings,
    // The library compiles a pattern on every `matches` call; rules run per object, so compile each once.
    re2: {
        compile(pattern: string) {
            let re = regexes.get(pattern);
            if (re === undefined) {
                re = RE2JS.compile(pattern);
                regexes.set(pattern, re);
            }
            return re;
        },
    },
});

/** Operators the planner evaluates itself rather than through the function resolver. */
const PLANNER_OPERATORS = new Set([
    "_[_]",
    "_[?_]",
    "_?._",
    "_?_:_",
    "_&&_",
    "_||_",
    "@not_strictly_false",
    "__not_strictly_false__",
]);

type Compiled = { readonly program: Program } | { readonly skip: string };

const compiled = new Map<string, Compiled>();

function walkExpr(expr: unknown, visit: (node: { case: string; value: unknown }) => void): void {
    if (Array.isArray(expr)) {
        expr.forEach((e) => walkExpr(e, visit));
        return;
    }
    if (!isRecord(expr)) {
        return;
    }
    const kind = expr.exprKind;
    if (isRecord(kind) && typeof kind.case === "string") {
        visit({ case: kind.case, value: kind.value });
    }
    for (const child of Object.values(expr)) {
        walkExpr(child, visit);
    }
}

/** Why the library cannot evaluate a rule the way the apiserver would, or undefined when it can. */
function unsupported(expr: Expr): string | undefined {
    let reason: string | undefined;
    walkExpr(expr, (node) => {
        if (reason !== undefined || !isRecord(node.value)) {
            return;
        }
        if (node.case === "identExpr" && node.value.name === "oldSelf") {
            reason = "transition rule (oldSelf)";
        } else if (node.case === "callExpr" && typeof node.value.function === "string") {
            const fn = node.value.function;
            if (!PLANNER_OPERATORS.has(fn) && env.funcs.find(fn) === undefined) {
                reason = `Kubernetes CEL function ${fn}() not in the library`;
            }
        }
    });
    return reason;
}

function compile(source: string): Compiled {
    let entry = compiled.get(source);
    if (entry === undefined) {
        try {
            const parsed = parse(source);
            const reason = unsupported(parsed.expr);
            entry = reason === undefined ? { program: plan(env, parsed) } : { skip: reason };
        } catch (e) {
            entry = { skip: `does not parse: ${e instanceof Error ? e.message : String(e)}` };
        }
        compiled.set(source, entry);
    }
    return entry;
}

const RESERVED = new Set(
    "true false null in as break const continue else for function if import let loop package namespace return var void while".split(
        " ",
    ),
);

/** The apiserver's escaping of property names for CEL (`namespace` → `__namespace__`, `a-b` → `a__dash__b`). */
export function escapeProperty(name: string): string | undefined {
    if (RESERVED.has(name)) {
        return `__${name}__`;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(name)) {
        return undefined;
    }
    return name
        .replace(/__/g, "__underscores__")
        .replace(/\./g, "__dot__")
        .replace(/-/g, "__dash__")
        .replace(/\//g, "__slash__");
}

function untyped(value: unknown): CelInput {
    if (typeof value === "number") {
        return Number.isInteger(value) ? BigInt(value) : value;
    }
    if (Array.isArray(value)) {
        return value.map(untyped);
    }
    if (isRecord(value)) {
        return new Map(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
    }
    return value as CelInput;
}

/** A value as CEL sees it under its schema: integers are int, declared properties escaped, maps keep their keys. */
export function toCel(value: unknown, schema: Schema | undefined): CelInput {
    if (schema === undefined || value === null) {
        return untyped(value);
    }
    if (typeof value === "number") {
        return (schema.type === "integer" || schema["x-kubernetes-int-or-string"] === true) && Number.isInteger(value)
            ? BigInt(value)
            : value;
    }
    if (typeof value === "string" && schema.format === "byte") {
        return new Uint8Array(Buffer.from(value, "base64"));
    }
    if (Array.isArray(value)) {
        return value.map((item) => toCel(item, schema.items));
    }
    if (isRecord(value)) {
        const out = new Map<string, CelInput>();
        const properties = schema.properties ?? {};
        const additional = schemaOf(schema.additionalProperties);
        for (const [key, child] of Object.entries(value)) {
            if (Object.prototype.hasOwnProperty.call(properties, key)) {
                const escaped = escapeProperty(key);
                if (escaped !== undefined) {
                    out.set(escaped, toCel(child, properties[key]));
                }
            } else {
                out.set(key, toCel(child, additional));
            }
        }
        return out;
    }
    return value as CelInput;
}

/** `.spec.foo['bar'][0]` → path segments. */
function fieldPathSegments(fieldPath: string): PathSegment[] {
    const out: PathSegment[] = [];
    for (const m of fieldPath.matchAll(/\.([A-Za-z0-9_$-]+)|\['([^']*)'\]|\["([^"]*)"\]|\[(\d+)\]/g)) {
        out.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3]));
    }
    return out;
}

export interface CelCounts {
    evaluated: number;
    notEvaluated: number;
    /** Why rules were not evaluated, with how often. */
    readonly reasons: Map<string, number>;
}

/** Runs rules and keeps the counts the report prints. One runner per validation run. */
export class CelRuleRunner implements RuleRunner {
    readonly counts: CelCounts = { evaluated: 0, notEvaluated: 0, reasons: new Map() };

    private skip(reason: string): void {
        this.counts.notEvaluated++;
        this.counts.reasons.set(reason, (this.counts.reasons.get(reason) ?? 0) + 1);
    }

    run(rules: readonly ValidationRule[], value: unknown, schema: Schema, path: Path): Issue[] {
        const issues: Issue[] = [];
        const placeholder = containsPlaceholder(value);
        let self: CelInput | undefined;
        for (const rule of rules) {
            const entry = compile(rule.rule);
            if ("skip" in entry) {
                this.skip(entry.skip);
                continue;
            }
            if (placeholder) {
                this.skip("value redacted or unknown in the render");
                continue;
            }
            self ??= toCel(value, schema);
            const result = entry.program({ self });
            if (isCelError(result)) {
                if (/unbound function|no matching overload/.test(result.message)) {
                    this.skip(`library: ${result.message}`);
                } else {
                    this.counts.evaluated++;
                    issues.push({ path, message: `rule ${JSON.stringify(rule.rule)} failed with: ${result.message}` });
                }
                continue;
            }
            if (typeof result !== "boolean") {
                this.skip("rule does not evaluate to a bool");
                continue;
            }
            this.counts.evaluated++;
            if (!result) {
                const at = rule.fieldPath === undefined ? path : [...path, ...fieldPathSegments(rule.fieldPath)];
                issues.push({ path: at, message: this.message(rule, self) });
            }
        }
        return issues;
    }

    /** The apiserver's choice: `messageExpression` when it yields a string, else `message`, else the rule. */
    private message(rule: ValidationRule, self: CelInput): string {
        if (rule.messageExpression !== undefined) {
            const entry = compile(rule.messageExpression);
            const text = "program" in entry ? entry.program({ self }) : undefined;
            if (typeof text === "string" && text.trim() !== "") {
                return text;
            }
        }
        if (rule.message !== undefined && rule.message !== "") {
            return rule.message;
        }
        return `failed rule: ${rule.rule}`;
    }
}
