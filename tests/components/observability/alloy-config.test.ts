import { alloyConfig, escapeForTpl, type LogCollection } from "../../../components/observability/alloy-config";

const PUSH = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push";

/** One block of Alloy's syntax: `name "label" { ... }` or `name { ... }`, its attributes and inner blocks. */
interface Block {
    readonly name: string;
    readonly label?: string;
    readonly attributes: Record<string, string>;
    readonly blocks: Block[];
}

type Token = { kind: "string" | "word" | "punct"; text: string };

/** Tokens of the text: string literals (Go escapes), identifiers and numbers, punctuation; `//` comments dropped. */
function tokens(text: string): Token[] {
    const found: Token[] = [];
    const pattern = /\s+|\/\/[^\n]*|("(?:[^"\\\n]|\\.)*")|([A-Za-z_][\w.]*|\d+)|([{}[\]()=,+])|(.)/g;
    for (const m of text.matchAll(pattern)) {
        if (m[4] !== undefined) {
            throw new Error(`unexpected character ${JSON.stringify(m[4])}`);
        }
        if (m[1] !== undefined) found.push({ kind: "string", text: m[1] });
        else if (m[2] !== undefined) found.push({ kind: "word", text: m[2] });
        else if (m[3] !== undefined) found.push({ kind: "punct", text: m[3] });
    }
    return found;
}

/**
 * A structural parse: a body is blocks and `name = expression` attributes; an expression runs to the next token
 * that starts a statement at bracket depth 0. Unbalanced braces, brackets or parentheses throw.
 */
function parse(text: string): Block[] {
    const all = tokens(text);
    let at = 0;
    const body = (closing?: string): { attributes: Record<string, string>; blocks: Block[] } => {
        const attributes: Record<string, string> = {};
        const blocks: Block[] = [];
        while (at < all.length && all[at].text !== closing) {
            const name = all[at++];
            if (name.kind !== "word") throw new Error(`expected a name, found ${name.text}`);
            if (all[at]?.text === "=") {
                at++;
                const start = at;
                let depth = 0;
                while (at < all.length) {
                    const t = all[at].text;
                    if (depth === 0 && at > start && all[at].kind === "word" && all[at - 1].text !== "+") break;
                    if (depth === 0 && t === "}") break;
                    if ("[(".includes(t)) depth++;
                    if ("])".includes(t)) depth--;
                    if (depth < 0) throw new Error("unbalanced brackets");
                    at++;
                }
                if (depth !== 0) throw new Error("unbalanced brackets");
                attributes[name.text] = all
                    .slice(start, at)
                    .map((t) => t.text)
                    .join(" ");
                continue;
            }
            const label = all[at]?.kind === "string" ? (JSON.parse(all[at++].text) as string) : undefined;
            if (all[at++]?.text !== "{") throw new Error(`expected { after ${name.text}`);
            const inner = body("}");
            if (all[at++]?.text !== "}") throw new Error(`unclosed block ${name.text}`);
            blocks.push({ name: name.text, ...(label === undefined ? {} : { label }), ...inner });
        }
        return { attributes, blocks };
    };
    return body().blocks;
}

const ids = (blocks: readonly Block[]) => blocks.map((b) => `${b.name}.${b.label}`);
const find = (blocks: readonly Block[], id: string) => blocks.find((b) => `${b.name}.${b.label}` === id)!;

/** Every component export the configuration refers to (`a.b.label.field`), as `a.b.label`. */
function references(text: string): string[] {
    return [...text.matchAll(/\b((?:discovery|local|loki)\.[a-z_.]+)\.(targets|output|receiver)\b/g)].map((m) => m[1]);
}

describe.each<[LogCollection]>([["api"], ["node"]])("alloyConfig(%s)", (collection) => {
    const text = alloyConfig(collection, PUSH);
    const blocks = parse(text);

    it("parses as blocks and attributes, and every reference names a component it declares", () => {
        expect(references(text).length).toBeGreaterThanOrEqual(3);
        for (const ref of references(text)) {
            expect(ids(blocks)).toContain(ref);
        }
        expect(text.endsWith("}\n")).toBe(true);
    });

    it("labels every stream with namespace, pod, container and node from the pod's metadata", () => {
        const rules = find(blocks, "discovery.relabel.pods").blocks.filter((b) => b.name === "rule");
        const targets = Object.fromEntries(rules.map((r) => [r.attributes.target_label, r.attributes.source_labels]));
        expect(targets).toMatchObject({
            '"namespace"': '[ "__meta_kubernetes_namespace" ]',
            '"pod"': '[ "__meta_kubernetes_pod_name" ]',
            '"container"': '[ "__meta_kubernetes_pod_container_name" ]',
            '"node"': '[ "__meta_kubernetes_pod_node_name" ]',
        });
        expect(find(blocks, "discovery.kubernetes.pods").attributes.role).toBe('"pod"');
    });

    it("pushes to the given URL", () => {
        const write = find(blocks, "loki.write.default");
        expect(write.blocks.map((b) => b.name)).toEqual(["endpoint"]);
        expect(write.blocks[0].attributes.url).toBe(JSON.stringify(PUSH));
    });

    it("has nothing Helm's tpl would read as an action", () => {
        expect(text).not.toContain("{{");
        expect(escapeForTpl(text)).toBe(text);
    });
});

describe("the two collection modes", () => {
    it("api: tails every pod through the API, sharded across clustered replicas, with no file paths", () => {
        const text = alloyConfig("api", PUSH);
        const blocks = parse(text);
        expect(ids(blocks)).toEqual([
            "discovery.kubernetes.pods",
            "discovery.relabel.pods",
            "loki.source.kubernetes.pods",
            "loki.write.default",
        ]);
        const source = find(blocks, "loki.source.kubernetes.pods");
        expect(source.attributes).toEqual({
            targets: "discovery.relabel.pods.output",
            forward_to: "[ loki.write.default.receiver ]",
        });
        expect(source.blocks).toEqual([{ name: "clustering", attributes: { enabled: "true" }, blocks: [] }]);
        expect(find(blocks, "discovery.kubernetes.pods").blocks).toEqual([]);
        expect(text).not.toContain("__path__");
    });

    it("node: discovers this node's pods only, reads their files under /var/log/pods and unwraps CRI lines", () => {
        const text = alloyConfig("node", PUSH);
        const blocks = parse(text);
        expect(ids(blocks)).toEqual([
            "discovery.kubernetes.pods",
            "discovery.relabel.pods",
            "local.file_match.pods",
            "loki.source.file.pods",
            "loki.process.cri",
            "loki.write.default",
        ]);
        expect(find(blocks, "discovery.kubernetes.pods").blocks).toEqual([
            {
                name: "selectors",
                attributes: { role: '"pod"', field: '"spec.nodeName=" + sys.env ( "HOSTNAME" )' },
                blocks: [],
            },
        ]);
        const path = find(blocks, "discovery.relabel.pods").blocks.find(
            (b) => b.attributes.target_label === '"__path__"',
        );
        expect(path?.attributes).toEqual({
            source_labels: '[ "__meta_kubernetes_pod_uid" , "__meta_kubernetes_pod_container_name" ]',
            separator: '"/"',
            target_label: '"__path__"',
            replacement: '"/var/log/pods/*$1/*.log"',
        });
        expect(find(blocks, "loki.source.file.pods").attributes.forward_to).toBe("[ loki.process.cri.receiver ]");
        const cri = find(blocks, "loki.process.cri");
        expect(cri.blocks.map((b) => b.name)).toEqual(["stage.cri"]);
        expect(cri.attributes.forward_to).toBe("[ loki.write.default.receiver ]");
        expect(text).not.toContain("loki.source.kubernetes");
    });
});

describe("escapeForTpl", () => {
    it("turns each {{ into an action printing it, so tpl gives the text back", () => {
        const text = 'stage.template { source = "{{ .Value }}" }\n{{{';
        const escaped = escapeForTpl(text);
        expect(escaped).toBe('stage.template { source = "{{ "{{" }} .Value }}" }\n{{ "{{" }}{');
        // What Go's template engine does with the only action left: print the string constant.
        expect(escaped.replace(/\{\{ "\{\{" \}\}/g, "{{")).toBe(text);
        expect(escaped.replace(/\{\{ "\{\{" \}\}/g, "")).not.toContain("{{");
    });
});

describe("the structural parse itself", () => {
    it.each([
        ['a "x" {\n  b = [1, 2\n}\n', /unbalanced|expected/],
        ['a "x" {\n  b = 1\n', /unclosed block a/],
        ['a "x" {\n}\n}\n', /expected a name, found }/],
        ['a "x" { b = "open }\n', /unexpected character/],
    ])("rejects %j", (text, message) => {
        expect(() => parse(text)).toThrow(message);
    });
});
