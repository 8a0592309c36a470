import type * as k8s from "@pulumi/kubernetes";
import { append } from "../../contract/group";
import { selectorMatches } from "../../contract/selectors";

type Selector = k8s.types.output.meta.v1.LabelSelector;
type Labels = Readonly<Record<string, string>>;

/**
 * The namespaces (in a fixed order, each with its labels) a namespaceSelector may name. A selector is answered once
 * per distinct selector, and from the namespaces carrying one of its matchLabels pairs rather than from all of them:
 * every tenant's policies name the same few selectors, so matching stays linear in the number of namespaces.
 */
export class NamespaceMatcher {
    private readonly byLabel = new Map<string, string[]>();
    private readonly answers = new Map<string, readonly string[]>();

    constructor(
        private readonly names: readonly string[],
        private readonly labelsOf: (ns: string) => Labels,
    ) {
        for (const ns of names) {
            for (const [key, value] of Object.entries(labelsOf(ns))) {
                const pair = labelPair(key, value);
                append(this.byLabel, pair, ns);
            }
        }
    }

    /** The namespaces the selector matches, in the order they were given. */
    matching(selector: Selector): readonly string[] {
        const key = JSON.stringify(selector);
        const known = this.answers.get(key);
        if (known !== undefined) {
            return known;
        }
        // A namespace matches only if it carries every matchLabels pair, so the first pair's namespaces suffice.
        const first = Object.entries(selector.matchLabels ?? {})[0];
        const pool = first === undefined ? this.names : (this.byLabel.get(labelPair(first[0], first[1])) ?? []);
        const found = pool.filter((ns) => selectorMatches(selector, this.labelsOf(ns)));
        this.answers.set(key, found);
        return found;
    }
}

function labelPair(key: string, value: unknown): string {
    return `${key}\u0000${String(value)}`;
}
